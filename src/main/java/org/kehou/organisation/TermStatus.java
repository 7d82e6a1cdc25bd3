package org.kehou.organisation;

/** A term is planned, then open (selection and service run), then closed (read-only). */
public enum TermStatus {
	PLANNED, OPEN, CLOSED
}
