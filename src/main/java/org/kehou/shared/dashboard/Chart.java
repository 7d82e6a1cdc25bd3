package org.kehou.shared.dashboard;

import java.util.List;

/**
 * A chart as data, drawn by {@code /js/dashboard.js} with ECharts from {@link #json()} (in a {@code data-chart}
 * attribute).
 *
 * @param kind {@code bar} or {@code line}
 * @param unit appended to values in the tooltip, e.g. {@code %}
 * @param values one per label (numbers only; percentages as numbers with up to one decimal)
 */
public record Chart(String id, String title, String kind, String unit, List<String> labels, List<Number> values) {

	public Chart {
		if (!kind.equals("bar") && !kind.equals("line")) {
			throw new IllegalArgumentException("kind must be bar or line: " + kind);
		}
		if (labels.size() != values.size()) {
			throw new IllegalArgumentException("one value per label");
		}
		labels = List.copyOf(labels);
		values = List.copyOf(values);
	}

	public boolean isEmpty() {
		return labels.isEmpty();
	}

	/** {@code {"kind":…,"unit":…,"labels":[…],"values":[…]}}. */
	public String json() {
		StringBuilder out = new StringBuilder("{\"kind\":").append(quote(kind)).append(",\"unit\":").append(quote(unit));
		out.append(",\"labels\":[");
		for (int i = 0; i < labels.size(); i++) {
			out.append(i == 0 ? "" : ",").append(quote(labels.get(i)));
		}
		out.append("],\"values\":[");
		for (int i = 0; i < values.size(); i++) {
			out.append(i == 0 ? "" : ",").append(values.get(i));
		}
		return out.append("]}").toString();
	}

	/** The text as a JSON string literal (quotes, backslashes and control characters escaped). */
	public static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}
}
