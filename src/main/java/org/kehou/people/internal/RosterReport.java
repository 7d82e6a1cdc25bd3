package org.kehou.people.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a roster import. When any row is bad, {@code imported} is false, {@code errors} lists every bad
 * row with its reason, and nothing was stored.
 */
public record RosterReport(boolean imported, String fileName, int rowsTotal, List<RowError> errors,
		int studentsCreated, int studentsUpdated, int studentsUnchanged, int guardiansCreated,
		@Nullable Long importId) {

	/** A bad row: its number as Excel shows it (0 = the file as a whole) and the reasons, in Chinese. */
	public record RowError(int row, String reason) {
	}

	static RosterReport rejected(String fileName, int rows, List<RowError> errors) {
		return new RosterReport(false, fileName, rows, List.copyOf(errors), 0, 0, 0, 0, null);
	}
}
