package org.kehou.feedback;

/** Single choice, multiple choice, a scale of 1 to 5, or free text (at most 500 characters). */
public enum SurveyQuestionKind {
	SINGLE, MULTIPLE, SCALE, TEXT;

	public boolean hasChoices() {
		return this == SINGLE || this == MULTIPLE;
	}
}
