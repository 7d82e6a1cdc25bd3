package org.kehou.feedback.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kehou.feedback.ComplaintChanged;
import org.kehou.feedback.ComplaintLevel;
import org.kehou.feedback.ComplaintView;
import org.kehou.feedback.Complaints;
import org.kehou.notification.Notice;
import org.kehou.notification.Notifications;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Inbox notices of complaints, in the step's transaction: the school's admins when one is filed at their school, the
 * town's (or the city's) admins when one escalates to them, the level's admins when the guardian reopens one, and the
 * author when it is responded to, escalated or resolved. One dedup key per step ({@code complaint-<id>-<step>}). The
 * title is the topic's name (complaint bundle).
 */
@Component
class ComplaintNotices {

	static final String FILED = "complaint.filed";

	static final String ESCALATED = "complaint.escalated";

	static final String REOPENED = "complaint.reopened";

	static final String RESPONDED = "complaint.responded";

	static final String RESOLVED = "complaint.resolved";

	private static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

	private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("M月d日 HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	private final Notifications notifications;

	private final JdbcClient jdbc;

	private final MessageSource messages;

	private final Complaints complaints;

	ComplaintNotices(Notifications notifications, JdbcClient jdbc, MessageSource messages, Complaints complaints) {
		this.notifications = notifications;
		this.jdbc = jdbc;
		this.messages = messages;
		this.complaints = complaints;
	}

	@EventListener
	void on(ComplaintChanged changed) {
		ComplaintView c = complaints.find(changed.complaintId()).orElse(null);
		if (c == null) {
			return;
		}
		String dedup = "complaint-" + c.id() + "-" + changed.stepId();
		String due = DUE.format(c.dueAt());
		String console = "/console/complaints/" + c.id();
		String phone = "/m/complaints/" + c.id();
		List<Notice> notices = new ArrayList<>();
		switch (changed.kind()) {
			case FILED -> admins(changed.level(), c).forEach(u -> notices.add(notice(u, FILED, "complaint.notice.filed",
					console, dedup, c.schoolName(), c.subjectName(), due)));
			case REOPENED -> admins(changed.level(), c).forEach(u -> notices.add(notice(u, REOPENED,
					"complaint.notice.reopened", console, dedup, c.schoolName(), c.subjectName(), due)));
			case ESCALATED -> {
				String level = messages.getMessage("complaint.level." + changed.level().name(), null, CHINESE);
				admins(changed.level(), c).forEach(u -> notices.add(notice(u, ESCALATED, "complaint.notice.escalatedAdmin",
						console, dedup, c.schoolName(), c.subjectName(), due)));
				author(c).forEach(u -> notices.add(notice(u, ESCALATED, "complaint.notice.escalated", phone, dedup,
						c.subjectName(), level)));
			}
			case RESPONDED -> author(c).forEach(u -> notices.add(notice(u, RESPONDED, "complaint.notice.responded", phone,
					dedup, c.subjectName())));
			case RESOLVED -> author(c).forEach(u -> notices.add(notice(u, RESOLVED, "complaint.notice.resolved", phone,
					dedup, c.subjectName())));
			default -> {
			}
		}
		if (!notices.isEmpty()) {
			notifications.sendAll(notices);
		}
	}

	private Notice notice(long user, String topic, String bodyKey, String link, String dedup, Object... args) {
		return new Notice(user, topic, messages.getMessage(topic, null, CHINESE),
				messages.getMessage(bodyKey, args, CHINESE), link, dedup);
	}

	private List<Long> admins(ComplaintLevel level, ComplaintView c) {
		return switch (level) {
			case SCHOOL -> jdbc.sql("SELECT id FROM app_user WHERE role = 'SCHOOL_ADMIN' AND school_id = :s AND enabled")
				.param("s", c.schoolId()).query(Long.class).list();
			case TOWN -> c.townId() == null ? List.of() : jdbc.sql(
					"SELECT id FROM app_user WHERE role = 'TOWN_ADMIN' AND town_id = :t AND enabled")
				.param("t", c.townId()).query(Long.class).list();
			case CITY -> jdbc.sql("SELECT id FROM app_user WHERE role = 'CITY_ADMIN' AND enabled").query(Long.class).list();
		};
	}

	private List<Long> author(ComplaintView c) {
		return jdbc.sql("SELECT filed_by FROM complaint WHERE id = :id").param("id", c.id()).query(Long.class).list();
	}
}
