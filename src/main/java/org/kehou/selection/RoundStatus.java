package org.kehou.selection;

/** A round's stored status; whether it is open follows from its window (see {@link SelectionRound#phase}). */
public enum RoundStatus {
	SCHEDULED, DRAWN, CANCELLED
}
