package org.kehou.notification;

/**
 * The groups of topics a user chooses external channels for (the inbox always receives every notice). A topic
 * belongs to the first group whose rule matches.
 */
public enum TopicGroup {

	/** 课程变动: a session cancelled or moved ({@code attendance.session-*}) */
	SESSIONS,
	/** 考勤提醒: absence, late pickup, leave, roll call and check-in alerts (other {@code attendance.*}) */
	ATTENDANCE,
	/** 选课结果: places, waitlists, registration ({@code selection.*}) */
	SELECTION,
	/** 其他通知: everything else */
	OTHER;

	private static final String ATTENDANCE_TOPICS = "attendance.";

	public static TopicGroup of(String topic) {
		if (topic.startsWith(ATTENDANCE_TOPICS + "session-")) {
			return SESSIONS;
		}
		if (topic.startsWith(ATTENDANCE_TOPICS)) {
			return ATTENDANCE;
		}
		if (topic.startsWith("selection.")) {
			return SELECTION;
		}
		return OTHER;
	}

	/** The message key of the group's name (notification bundle). */
	public String messageKey() {
		return "notification.group." + name();
	}
}
