package org.kehou.organisation;

/** A term is planned, then open (selection and service run), then closed (read-only). */
public enum TermStatus {
	PLANNED, OPEN, CLOSED;

	/** The lifecycle: planned → open → closed; a planned term may also be closed directly. */
	public boolean canBecome(TermStatus next) {
		return switch (this) {
			case PLANNED -> next == OPEN || next == CLOSED;
			case OPEN -> next == CLOSED;
			case CLOSED -> false;
		};
	}

	/** Whether the calendar of a term in this status may still change. */
	public boolean calendarEditable() {
		return this != CLOSED;
	}
}
