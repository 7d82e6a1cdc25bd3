package org.kehou.feedback.web;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.kehou.feedback.SurveyQuestionKind;
import org.kehou.feedback.SurveyResults;
import org.kehou.shared.dashboard.Chart;

/**
 * The chart data of a campaign's results as small JSON documents, one per choice or scale question, which the page
 * carries in a {@code data-chart} attribute and {@code /js/surveys.js} draws with ECharts: a pie for single choice, bars
 * for multiple choice and scales.
 */
final class SurveyCharts {

	private SurveyCharts() {
	}

	static Map<Long, String> of(SurveyResults results) {
		Map<Long, String> charts = new HashMap<>();
		for (SurveyResults.QuestionResult q : results.questions()) {
			if (q.counts().isEmpty()) {
				continue;
			}
			String type = q.question().kind() == SurveyQuestionKind.SINGLE ? "pie" : "bar";
			String labels = q.counts().stream().map(c -> Chart.quote(c.label())).collect(Collectors.joining(","));
			String values = q.counts().stream().map(c -> String.valueOf(c.count())).collect(Collectors.joining(","));
			charts.put(q.question().id(), "{\"type\":\"" + type + "\",\"labels\":[" + labels + "],\"values\":[" + values + "]}");
		}
		return charts;
	}
}
