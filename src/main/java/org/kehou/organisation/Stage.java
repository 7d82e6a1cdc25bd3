package org.kehou.organisation;

/** The school stage of compulsory education, deciding which grades a school has. */
public enum Stage {
	/** 小学, grades 1–6. */
	PRIMARY(1, 6),
	/** 初中, grades 7–9. */
	JUNIOR(7, 9),
	/** 九年一贯制, grades 1–9. */
	NINE_YEAR(1, 9);

	private final int firstGrade;

	private final int lastGrade;

	Stage(int firstGrade, int lastGrade) {
		this.firstGrade = firstGrade;
		this.lastGrade = lastGrade;
	}

	public boolean hasGrade(int level) {
		return level >= firstGrade && level <= lastGrade;
	}

	public int firstGrade() {
		return firstGrade;
	}

	public int lastGrade() {
		return lastGrade;
	}
}
