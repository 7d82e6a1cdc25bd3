package org.kehou.attendance;

/** A child's mark in a roll call (点名). */
public enum Mark {
	PRESENT, LATE, ABSENT;

	/** Counts as attending (attendance rate). */
	public boolean attended() {
		return this != ABSENT;
	}
}
