package org.kehou.feedback;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A question as an admin enters it; {@code satisfaction} only for scale questions. */
public record NewSurveyQuestion(@Nullable SurveyQuestionKind kind, @Nullable String text, @Nullable Boolean required,
		@Nullable Boolean satisfaction, @Nullable List<String> choices) {
}
