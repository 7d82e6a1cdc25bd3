package org.kehou.selection;

/** How a selection round allocates places. */
public enum RoundMode {
	/** 先到先得: a place is confirmed at once while one is free, otherwise the child joins the waitlist. */
	FIRST_COME,
	/** 摇号: ranked choices during the window, a seeded reproducible draw at close. */
	LOTTERY
}
