package org.kehou.feedback;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A provider's scorecard for one term (a school year and semester, across the schools in the reader's reach): the
 * satisfaction from ratings and provider-linked survey answers, the average ratings, attendance reliability
 * (instructor check-ins), inspections, complaints, credits/refunds and the figures per offering. Stored as JSON as the
 * evidence of an exit review.
 *
 * @param restricted whether the figures are limited to some schools (a town's or a school's view)
 */
public record Scorecard(long providerId, String providerName, String providerStatus, Term term, RatingSummary ratings,
		int surveyAnswers, int surveySatisfied, Attendance attendance, Inspection inspection, ComplaintFigures complaints,
		Refunds refunds, List<OfferingLine> offerings, boolean restricted) {

	/** A term of the city: school year (e.g. 2026-2027) and semester (1, 2); each school has its own term of it. */
	public record Term(String schoolYear, int semester) {

		public String label() {
			return schoolYear + " 第" + semester + "学期";
		}
	}

	/** Instructor check-ins of the sessions held (start passed, not cancelled), and the sessions cancelled. */
	public record Attendance(int held, int onTime, int late, int missing, int cancelled) {

		/** On-time check-ins ÷ sessions held in percent, one decimal; null when none was held. */
		public @Nullable BigDecimal onTimePercent() {
			return percent(onTime, held);
		}
	}

	/** Inspectors' visits to its offerings' sessions: how many, the mean of all scores and per criterion. */
	public record Inspection(int visits, @Nullable BigDecimal average, Map<String, BigDecimal> criteria) {
	}

	/** Complaints concerning the provider filed during the term. */
	public record ComplaintFigures(int count, int substantiated, int partly, int overdue) {
	}

	/** Lessons credited to guardians for its offerings (cancelled, leave, withdrawn, provider exit): how many, fen. */
	public record Refunds(int count, long fen) {
	}

	/** One offering's figures. */
	public record OfferingLine(long offeringId, String name, String schoolName, int ratings, int satisfied,
			@Nullable BigDecimal average, int held, int late, int missing, int cancelled, int complaints) {

		public @Nullable BigDecimal satisfactionPercent() {
			return percent(satisfied, ratings);
		}
	}

	/** Satisfied ratings plus satisfied survey answers. */
	public int satisfied() {
		return ratings.satisfied() + surveySatisfied;
	}

	/** Ratings plus survey answers: the sample of the combined satisfaction. */
	public int sample() {
		return ratings.count() + surveyAnswers;
	}

	/** Combined satisfaction in percent (one decimal): satisfied ÷ sample; null without any. */
	public @Nullable BigDecimal satisfaction() {
		return percent(satisfied(), sample());
	}

	/** The ratings' satisfaction in percent; null without ratings. */
	public @Nullable BigDecimal ratingSatisfaction() {
		return percent(ratings.satisfied(), ratings.count());
	}

	/** The survey answers' satisfaction in percent; null without answers. */
	public @Nullable BigDecimal surveySatisfaction() {
		return percent(surveySatisfied, surveyAnswers);
	}

	static @Nullable BigDecimal percent(long part, long whole) {
		return whole == 0 ? null
				: BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
	}
}
