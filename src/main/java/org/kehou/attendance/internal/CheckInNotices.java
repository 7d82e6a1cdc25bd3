package org.kehou.attendance.internal;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.kehou.attendance.CheckInMissing;
import org.kehou.attendance.SessionView;
import org.kehou.attendance.Sessions;
import org.kehou.identity.AccountDirectory;
import org.kehou.identity.Role;
import org.kehou.notification.Notice;
import org.kehou.notification.Notifications;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A missing instructor check-in ({@link CheckInMissing}) becomes a notice to the school's after-school
 * administrators (topic {@code attendance.checkin-missing}), linking to the day's check-in sheet. Listens in the
 * sweep's transaction (stored with the alert flag); the dedup key {@code checkin-missing-<session>} makes it once
 * per session and administrator even if the event came twice.
 */
@Component
class CheckInNotices {

	static final String TOPIC = "attendance.checkin-missing";

	private static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

	private final Notifications notifications;

	private final Sessions sessions;

	private final AccountDirectory accounts;

	private final JdbcClient jdbc;

	private final MessageSource messages;

	CheckInNotices(Notifications notifications, Sessions sessions, AccountDirectory accounts, JdbcClient jdbc,
			MessageSource messages) {
		this.notifications = notifications;
		this.sessions = sessions;
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.messages = messages;
	}

	@EventListener
	void on(CheckInMissing missing) {
		String offering = sessions.find(missing.sessionId()).map(SessionView::offeringName).orElse("");
		List<String> names = missing.instructorIds().isEmpty() ? List.of()
				: jdbc.sql("SELECT name FROM instructor WHERE id IN (:ids) ORDER BY name")
					.param("ids", missing.instructorIds())
					.query(String.class)
					.list();
		String body = messages.getMessage("checkin.notice.missing.body", new Object[] { offering,
				DAY.format(missing.date()), missing.starts(), missing.minutes(), String.join("、", names) }, CHINESE);
		String title = messages.getMessage(TOPIC, null, CHINESE);
		List<Notice> notices = accounts.schoolAccounts(missing.schoolId(), Role.SCHOOL_ADMIN)
			.stream()
			.map(user -> new Notice(user, TOPIC, title, body, "/console/check-ins?date=" + missing.date(),
					"checkin-missing-" + missing.sessionId()))
			.toList();
		notifications.sendAll(notices);
	}
}
