package org.kehou.feedback;

/** A campaign's life: DRAFT (editable) → OPEN (published; answered between opens and closes) → CLOSED. */
public enum SurveyStatus {
	DRAFT, OPEN, CLOSED
}
