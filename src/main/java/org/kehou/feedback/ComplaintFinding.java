package org.kehou.feedback;

/** What the handling admin found: the complaint is substantiated, not substantiated, or partly. */
public enum ComplaintFinding {
	SUBSTANTIATED, NOT_SUBSTANTIATED, PARTLY
}
