package org.kehou.people.internal;

import java.util.List;

/** The columns of the roster file (header row 1, in Chinese); documented in docs/roster-import.md. */
public final class RosterColumns {

	public static final String STUDENT_NO = "学号";

	public static final String NAME = "姓名";

	public static final String GENDER = "性别";

	public static final String ID_NUMBER = "身份证号";

	public static final String GRADE = "年级";

	public static final String CLASS = "班级";

	public static final String HARDSHIP = "困难类别";

	public static final int GUARDIANS = 2;

	public static final List<String> REQUIRED = List.of(STUDENT_NO, NAME, GENDER, ID_NUMBER, GRADE, CLASS,
			guardianName(1), guardianPhone(1), guardianRelation(1));

	public static final List<String> ALL = List.of(STUDENT_NO, NAME, GENDER, ID_NUMBER, GRADE, CLASS, HARDSHIP,
			guardianName(1), guardianPhone(1), guardianRelation(1), guardianName(2), guardianPhone(2),
			guardianRelation(2));

	private RosterColumns() {
	}

	public static String guardianName(int n) {
		return "家长" + n + "姓名";
	}

	public static String guardianPhone(int n) {
		return "家长" + n + "手机";
	}

	public static String guardianRelation(int n) {
		return "家长" + n + "关系";
	}
}
