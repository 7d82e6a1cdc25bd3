package org.kehou.selection;

/** Where a child's place in an offering stands. */
public enum PlaceStatus {
	/** Holds a seat. */
	CONFIRMED,
	/** A freed seat held for the child until the guardian accepts or the offer expires. */
	OFFERED,
	/** Waits for a seat, in queue order. */
	WAITLISTED,
	/** The guardian dropped it. */
	DROPPED,
	/** The guardian declined an offered seat. */
	DECLINED,
	/** An offered seat was not accepted in time. */
	LAPSED,
	/** The school removed it (or cancelled the offering). */
	REMOVED;

	/** Holds one of the offering's seats. */
	public boolean holdsSeat() {
		return this == CONFIRMED || this == OFFERED;
	}

	/** Counts towards the child's offerings (held or waiting). */
	public boolean isLive() {
		return holdsSeat() || this == WAITLISTED;
	}
}
