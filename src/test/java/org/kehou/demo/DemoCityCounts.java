package org.kehou.demo;

/** What the tiny city holds with the seed of {@link DemoCityTest}: fixed, because generation is deterministic. */
final class DemoCityCounts {

	static final long GUARDIANS = 225;

	static final long LINKS = 247;

	static final long HARDSHIPS = 7;

	private DemoCityCounts() {
	}
}
