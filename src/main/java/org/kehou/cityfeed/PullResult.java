package org.kehou.cityfeed;

import org.jspecify.annotations.Nullable;

/**
 * What one pull did: pages applied, records received, records that changed the mirror (newer versions), records
 * refused (their data failed the standard's schema), and the error that stopped it, if any.
 */
public record PullResult(int pages, int received, int applied, int refused, @Nullable String error) {

	public static final PullResult NOT_CONNECTED = new PullResult(0, 0, 0, 0, "not connected");

	public boolean failed() {
		return error != null;
	}
}
