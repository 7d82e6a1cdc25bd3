package org.kehou.feedback;

import java.time.LocalDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A campaign as pages show it: times in the city's zone, {@code scopeName} the school's or town's name (or the
 * city's), {@code answered} how many accounts have answered.
 */
public record SurveyView(long id, String title, @Nullable String intro, SurveyLevel level, @Nullable Long townId,
		@Nullable Long schoolId, String scopeName, SurveyAudience audience, List<Integer> gradeLevels,
		boolean anonymous, LocalDateTime opensAt, LocalDateTime closesAt, SurveyStatus status, long answered,
		List<SurveyQuestion> questions) {

	/** Whether it is published and within its period at {@code now}. */
	public boolean isOpenAt(LocalDateTime now) {
		return status == SurveyStatus.OPEN && !now.isBefore(opensAt) && now.isBefore(closesAt);
	}

	/** The message key of its state now: a published campaign whose period has not begun is 待开始, not 进行中. */
	public String statusKey() {
		return status == SurveyStatus.OPEN && Surveys.now().isBefore(opensAt) ? "survey.status.SCHEDULED"
				: "survey.status." + status.name();
	}
}
