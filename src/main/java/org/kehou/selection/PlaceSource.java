package org.kehou.selection;

/** How a place came about. */
public enum PlaceSource {
	FIRST_COME, LOTTERY, WAITLIST, MANUAL
}
