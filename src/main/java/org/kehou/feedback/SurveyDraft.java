package org.kehou.feedback;

import java.time.LocalDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A campaign's settings as an admin enters them (times in the city's zone). {@code gradeLevels} empty or null: all
 * grades (guardian campaigns only).
 */
public record SurveyDraft(@Nullable String title, @Nullable String intro, @Nullable SurveyAudience audience,
		@Nullable List<Integer> gradeLevels, @Nullable Boolean anonymous, @Nullable LocalDateTime opensAt,
		@Nullable LocalDateTime closesAt) {
}
