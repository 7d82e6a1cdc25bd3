package org.kehou.shared.dashboard;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The table of child units: headers, then one row per unit with a link down (null at the lowest level). */
public record DashboardTable(String caption, List<String> headers, List<Row> rows) {

	/** A unit's row: its label and link, then one cell per header after the first. */
	public record Row(String label, @Nullable String url, List<String> cells) {
	}

	public static DashboardTable none() {
		return new DashboardTable("", List.of(), List.of());
	}
}
