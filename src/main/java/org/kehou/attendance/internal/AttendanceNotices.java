package org.kehou.attendance.internal;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.kehou.attendance.ChildMarkedAbsent;
import org.kehou.attendance.RollCallOverdue;
import org.kehou.attendance.RollCalls;
import org.kehou.attendance.SessionCancelled;
import org.kehou.attendance.SessionRescheduled;
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
import org.springframework.stereotype.Component;

/**
 * Turns the attendance events into notices: an absent child to the guardians, an overdue roll call to the school's
 * after-school administrators, a cancelled or moved session to the guardians of the children on its roll. Listens
 * in the publisher's transaction, so a roll call that rolls back notifies nobody; the notices are stored with it and
 * SMS/WeChat go out after commit without holding the teacher's tap (notification module). Each notice has a dedup
 * key, so a repeated event (a correction back and forth, a retried sweep) reaches nobody twice. A notice's title is
 * its topic's name (attendance bundle).
 */
@Component
class AttendanceNotices {

	private static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

	private final Notifications notifications;

	private final Sessions sessions;

	private final RollCalls rollCalls;

	private final Students students;

	private final Guardians guardians;

	private final AccountDirectory accounts;

	private final MessageSource messages;

	AttendanceNotices(Notifications notifications, Sessions sessions, RollCalls rollCalls, Students students,
			Guardians guardians, AccountDirectory accounts, MessageSource messages) {
		this.notifications = notifications;
		this.sessions = sessions;
		this.rollCalls = rollCalls;
		this.students = students;
		this.guardians = guardians;
		this.accounts = accounts;
		this.messages = messages;
	}

	@EventListener
	void on(ChildMarkedAbsent absent) {
		String offering = offeringName(absent.sessionId());
		String child = students.find(absent.studentId()).map(StudentView::name).orElse("");
		String body = text("attendance.notice.absent.body", child, DAY.format(absent.date()), absent.starts(), offering);
		notifications.sendAll(toGuardians(List.of(absent.studentId()), "attendance.absent",
				text("attendance.absent"), body, "absent-" + absent.sessionId()));
	}

	@EventListener
	void on(RollCallOverdue overdue) {
		String body = text("attendance.notice.overdue.body", offeringName(overdue.sessionId()),
				DAY.format(overdue.date()), overdue.starts(), overdue.minutes());
		List<Notice> notices = accounts.schoolAccounts(overdue.schoolId(), Role.SCHOOL_ADMIN)
			.stream()
			.map(user -> new Notice(user, "attendance.roll-overdue", text("attendance.roll-overdue"), body,
					"/console/attendance", "overdue-" + overdue.sessionId()))
			.toList();
		notifications.sendAll(notices);
	}

	@EventListener
	void on(SessionCancelled cancelled) {
		String body = text("attendance.notice.cancelled.body", offeringName(cancelled.sessionId()),
				DAY.format(cancelled.date()), cancelled.starts(), cancelled.reason());
		notifications.sendAll(toGuardians(onRoll(cancelled.sessionId()), "attendance.session-cancelled",
				text("attendance.session-cancelled"), body, "cancelled-" + cancelled.sessionId()));
	}

	@EventListener
	void on(SessionRescheduled moved) {
		String body = text("attendance.notice.moved.body", offeringName(moved.sessionId()), DAY.format(moved.fromDate()),
				moved.fromStarts(), DAY.format(moved.toDate()), moved.toStarts(), moved.toEnds());
		notifications.sendAll(toGuardians(onRoll(moved.newSessionId()), "attendance.session-moved",
				text("attendance.session-moved"), body, "moved-" + moved.sessionId()));
	}

	private List<Long> onRoll(long sessionId) {
		return rollCalls.roster(sessionId).stream().map(RollCalls.RosterEntry::studentId).toList();
	}

	/** One notice per guardian account of each child, linking to that child's attendance page. */
	private List<Notice> toGuardians(Collection<Long> studentIds, String topic, String title, String body,
			String dedup) {
		List<Notice> notices = new ArrayList<>();
		for (long student : studentIds) {
			List<Long> guardianIds = guardians.ofStudent(student).stream().map(StudentGuardian::guardianId).toList();
			for (long user : accounts.guardianAccounts(guardianIds)) {
				notices.add(new Notice(user, topic, title, body, "/m/children/" + student + "/attendance",
						dedup + "-" + student));
			}
		}
		return notices;
	}

	private String offeringName(long sessionId) {
		return sessions.find(sessionId).map(SessionView::offeringName).orElse("");
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, CHINESE);
	}
}
