package org.kehou.feedback;

/** Who is asked: the guardians of children in the campaign's schools (optionally some grades), or its teachers. */
public enum SurveyAudience {
	GUARDIANS, TEACHERS
}
