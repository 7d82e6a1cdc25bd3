package org.kehou.exchange;

/** What the receiver did with one record of a batch (wire names lower case). */
public enum Outcome {
	/** stored: a new record, or a newer version of one */
	ACCEPTED,
	/** nothing changed: the same id and version was stored before, or a newer version is stored */
	UNCHANGED,
	/** refused, with reasons; nothing of it was stored */
	REJECTED
}
