package org.kehou.exchange;

import java.util.Map;

/**
 * One current record of a {@link DownFeedSource}: its id in the feed (1–64 of {@code A-Z a-z 0-9 . _ : -}) and its
 * {@code data} as the standard defines it for the type: a JSON object given as a map of strings, numbers, booleans,
 * lists and maps (optional fields left out, never null).
 */
public record DownFeedRecord(String id, Map<String, Object> data) {

	public DownFeedRecord {
		data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
	}
}
