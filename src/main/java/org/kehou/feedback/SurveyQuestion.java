package org.kehou.feedback;

import java.util.List;

/** A stored question; {@code position} counts from 1. */
public record SurveyQuestion(long id, int position, SurveyQuestionKind kind, String text, boolean required,
		boolean satisfaction, List<String> choices) {
}
