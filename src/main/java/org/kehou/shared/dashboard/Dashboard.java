package org.kehou.shared.dashboard;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One dashboard page's content.
 *
 * @param title the unit shown (city, town, school, offering name)
 * @param breadcrumb from the top level down to this one (the last one without a link)
 * @param tiles the key figures
 * @param charts charts drawn by the dashboard script
 * @param table the child units with their figures, or an empty table at the lowest level
 * @param exportUrl where the .xlsx of this level is, if any
 * @param empty nothing has been reported yet for this unit (the page shows its empty state instead)
 */
public record Dashboard(String title, List<Crumb> breadcrumb, List<Tile> tiles, List<Chart> charts,
		DashboardTable table, @Nullable String exportUrl, boolean empty) {

	/** A breadcrumb step; {@code url} null for the current level. */
	public record Crumb(String label, @Nullable String url) {
	}

	/**
	 * A key figure.
	 *
	 * @param id a stable name (tests, styling)
	 * @param tone {@code ok}, {@code warn}, {@code err} or null (the badge classes)
	 */
	public record Tile(String id, String label, String value, @Nullable String hint, @Nullable String tone) {
	}
}
