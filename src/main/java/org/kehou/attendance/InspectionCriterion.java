package org.kehou.attendance;

/**
 * The fixed criteria an inspector rates from 1 to 5 on every visit (巡课评价项); the message key of each is
 * {@code inspection.criterion.<NAME>}.
 */
public enum InspectionCriterion {

	/** 教学秩序: the class is orderly, starts on time, the roll is taken. */
	ORDER,

	/** 安全管理: a safe room, the children supervised, the exits clear. */
	SAFETY,

	/** 教学质量: the teaching is prepared and suits the course (no curriculum teaching). */
	TEACHING,

	/** 学生状态: the children are engaged. */
	STUDENTS;

	/** Lowest and highest score. */
	public static final int MIN = 1;

	public static final int MAX = 5;

	public String messageKey() {
		return "inspection.criterion." + name();
	}
}
