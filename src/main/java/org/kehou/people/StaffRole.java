package org.kehou.people;

/** What a school staff member does in the after-school service (several allowed). */
public enum StaffRole {
	/** 任课教师 */
	TEACHER,
	/** 班主任 */
	HOMEROOM,
	/** 课后服务管理员 (行政) */
	AFTER_SCHOOL_ADMIN,
	/** 巡课教师 */
	INSPECTOR
}
