package org.kehou.attendance.internal;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kehou.attendance.PickupLate;
import org.kehou.attendance.SessionView;
import org.kehou.attendance.Sessions;
import org.kehou.identity.AccountDirectory;
import org.kehou.identity.Role;
import org.kehou.notification.Notice;
import org.kehou.notification.Notifications;
import org.kehou.people.Guardians;
import org.kehou.people.StudentGuardian;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns {@link PickupLate} into notices (topic {@code attendance.pickup-late}, grouped with the attendance alerts in
 * guardians' preferences): to the accounts of the session's teachers (the school's after-school administrators when
 * no teacher has an account), linking to the session's pickup page, and to each
 * guardian account of the child, linking to the child's pickup page. Listens in the sweep's transaction; the dedup key
 * {@code pickup-late-<session>-<child>} makes it once per recipient however often the event is seen.
 */
@Component
class PickupNotices {

	static final String TOPIC = "attendance.pickup-late";

	private static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

	private final Notifications notifications;

	private final Sessions sessions;

	private final Students students;

	private final Guardians guardians;

	private final AccountDirectory accounts;

	private final JdbcClient jdbc;

	private final MessageSource messages;

	PickupNotices(Notifications notifications, Sessions sessions, Students students, Guardians guardians,
			AccountDirectory accounts, JdbcClient jdbc, MessageSource messages) {
		this.notifications = notifications;
		this.sessions = sessions;
		this.students = students;
		this.guardians = guardians;
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.messages = messages;
	}

	@EventListener
	void on(PickupLate late) {
		String offering = sessions.find(late.sessionId()).map(SessionView::offeringName).orElse("");
		StudentView student = students.find(late.studentId()).orElse(null);
		String child = student == null ? "" : student.name();
		String className = student == null ? "" : student.className();
		String title = messages.getMessage(TOPIC, null, CHINESE);
		String dedup = "pickup-late-" + late.sessionId() + "-" + late.studentId();
		List<Notice> notices = new ArrayList<>();
		String toTeacher = messages.getMessage("pickup.notice.late.teacher",
				new Object[] { child, className, offering, DAY.format(late.date()), late.ends(), late.minutes() }, CHINESE);
		for (long user : teachers(late)) {
			notices.add(new Notice(user, TOPIC, title, toTeacher, "/m/sessions/" + late.sessionId() + "/pickup", dedup));
		}
		String toGuardian = messages.getMessage("pickup.notice.late.guardian",
				new Object[] { child, offering, DAY.format(late.date()), late.ends(), late.minutes() }, CHINESE);
		List<Long> guardianIds = guardians.ofStudent(late.studentId()).stream().map(StudentGuardian::guardianId).toList();
		for (long user : accounts.guardianAccounts(guardianIds)) {
			notices.add(new Notice(user, TOPIC, title, toGuardian, "/m/children/" + late.studentId() + "/pickup", dedup));
		}
		notifications.sendAll(notices);
	}

	/** The enabled accounts of the session's teachers; the school's administrators when there is none. */
	private List<Long> teachers(PickupLate late) {
		List<Long> teachers = jdbc.sql("""
				SELECT DISTINCT u.id FROM class_session cs JOIN offering_teacher ot ON ot.offering_id = cs.offering_id
				JOIN app_user u ON u.staff_id = ot.staff_id OR u.instructor_id = ot.instructor_id
				WHERE cs.id = :s AND u.enabled ORDER BY u.id""")
			.param("s", late.sessionId())
			.query(Long.class)
			.list();
		return teachers.isEmpty() ? accounts.schoolAccounts(late.schoolId(), Role.SCHOOL_ADMIN) : teachers;
	}
}
