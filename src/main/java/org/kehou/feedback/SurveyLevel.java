package org.kehou.feedback;

/** Who created a campaign: one school, one town (its schools) or the city (all schools). */
public enum SurveyLevel {
	SCHOOL, TOWN, CITY
}
