package org.kehou.attendance.internal;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kehou.attendance.InspectionView;
import org.kehou.attendance.Inspections;
import org.kehou.attendance.SessionInspected;
import org.kehou.notification.Notice;
import org.kehou.notification.Notifications;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the people whose session was inspected: each account of the offering's teachers, staff or linked instructors
 * (link: the session page
 * with the visit under the roll) and the provider's admin accounts (link: the console's inspection records). Only the
 * first record of a visit notifies (dedup key {@code inspection-<visit>}), a revision does not. Listens in the
 * publisher's transaction like the other attendance notices, so a refused visit notifies nobody. The title is the
 * topic's name (attendance bundle), like the other attendance notices.
 */
@Component
class InspectionNotices {

	static final String TOPIC = "attendance.inspection";

	private static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

	private final Notifications notifications;

	private final Inspections inspections;

	private final JdbcClient jdbc;

	private final MessageSource messages;

	InspectionNotices(Notifications notifications, Inspections inspections, JdbcClient jdbc, MessageSource messages) {
		this.notifications = notifications;
		this.inspections = inspections;
		this.jdbc = jdbc;
		this.messages = messages;
	}

	@EventListener
	void on(SessionInspected inspected) {
		if (inspected.revised()) {
			return;
		}
		InspectionView visit = inspections.find(inspected.inspectionId()).orElse(null);
		if (visit == null) {
			return;
		}
		String title = messages.getMessage(TOPIC, null, CHINESE);
		String body = messages.getMessage("inspection.notice.body", new Object[] { visit.offeringName(),
				DAY.format(visit.date()), visit.starts(), visit.average().toPlainString() }, CHINESE);
		String dedup = "inspection-" + visit.id();
		List<Notice> notices = new ArrayList<>();
		jdbc.sql("""
				SELECT DISTINCT u.id FROM app_user u
				JOIN offering_teacher t ON t.staff_id = u.staff_id OR t.instructor_id = u.instructor_id
				WHERE t.offering_id = :o AND u.enabled""")
			.param("o", visit.offeringId())
			.query(Long.class)
			.list()
			.forEach(user -> notices.add(new Notice(user, TOPIC, title, body, "/m/sessions/" + visit.sessionId(), dedup)));
		if (visit.providerId() != null) {
			jdbc.sql("SELECT id FROM app_user WHERE role = 'PROVIDER_ADMIN' AND provider_id = :p AND enabled")
				.param("p", visit.providerId())
				.query(Long.class)
				.list()
				.forEach(user -> notices.add(new Notice(user, TOPIC, title, body, "/console/inspections", dedup)));
		}
		notifications.sendAll(notices);
	}
}
