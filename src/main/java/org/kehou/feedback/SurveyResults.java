package org.kehou.feedback;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A campaign's results: who was asked ({@code eligible}: computed now while open, frozen at closing), how many answered,
 * and per question the figures. Text answers are screened for personal data; for anonymous campaigns they carry no
 * name.
 */
public record SurveyResults(SurveyView survey, long eligible, long answered, List<QuestionResult> questions) {

	/** Answered / eligible in percent with one decimal (0 when nobody is eligible). */
	public BigDecimal responseRate() {
		return percent(answered, eligible);
	}

	/**
	 * One question's figures: {@code responses} answer sets that answered it; {@code counts} per choice (choice
	 * questions, in the choices' order) or per value 1–5 (scales); {@code average} for scales; the texts.
	 */
	public record QuestionResult(SurveyQuestion question, long responses, List<Count> counts,
			@Nullable BigDecimal average, List<TextAnswer> texts) {
	}

	/** How many answer sets chose {@code label}; {@code share} of the question's answer sets in percent. */
	public record Count(String label, long count, BigDecimal share) {
	}

	/** A text answer, screened; {@code respondent} the account's name for named campaigns, null for anonymous. */
	public record TextAnswer(String text, @Nullable String respondent) {
	}

	static BigDecimal percent(long part, long whole) {
		return whole == 0 ? BigDecimal.ZERO.setScale(1)
				: BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
	}
}
