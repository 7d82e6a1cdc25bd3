package org.kehou.feedback;

import java.math.BigDecimal;

/**
 * The satisfaction figure of a campaign: among the answers to its scale questions flagged as counting towards
 * satisfaction, how many are 4 or 5. The scorecard reads it through {@link Surveys#satisfaction(long)}.
 */
public record SurveySatisfaction(long surveyId, long answers, long satisfied) {

	/** satisfied / answers in percent with one decimal; 0 without answers. */
	public BigDecimal percent() {
		return SurveyResults.percent(satisfied, answers);
	}
}
