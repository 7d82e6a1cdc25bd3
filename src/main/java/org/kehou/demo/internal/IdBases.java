package org.kehou.demo.internal;

/** The largest id already used in each table the generator fills (0 in an empty database). */
record IdBases(long city, long platform, long town, long school, long grade, long schoolClass, long term, long staff,
		long student, long guardian) {

	static final IdBases EMPTY = new IdBases(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
