package org.kehou.catalogue;

/** Who set a cap: the city bureau for the whole city, or one town for its schools (only lower than the city's). */
public enum CapLevel {
	CITY, TOWN
}
