package org.kehou.billing.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.kehou.billing.OrderIssued;
import org.kehou.billing.RefundMade;
import org.kehou.identity.AccountDirectory;
import org.kehou.notification.Notice;
import org.kehou.notification.Notifications;
import org.kehou.people.Guardians;
import org.kehou.people.StudentGuardian;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the child's guardians (inbox, and SMS/WeChat per their preferences) that an order is there to pay and that a
 * refund was paid back. Listens in the publishing transaction, so a rolled-back order notifies nobody; each notice
 * has a dedup key, so a retried transaction reaches nobody twice.
 */
@Component
class BillingNotices {

	private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("M月d日 HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

	private final Notifications notifications;

	private final Guardians guardians;

	private final Students students;

	private final AccountDirectory accounts;

	private final MessageSource messages;

	private final JdbcClient jdbc;

	BillingNotices(Notifications notifications, Guardians guardians, Students students, AccountDirectory accounts,
			MessageSource messages, JdbcClient jdbc) {
		this.notifications = notifications;
		this.guardians = guardians;
		this.students = students;
		this.accounts = accounts;
		this.messages = messages;
		this.jdbc = jdbc;
	}

	@EventListener
	void on(OrderIssued issued) {
		String term = jdbc.sql("SELECT t.name FROM billing_order o JOIN term t ON t.id = o.term_id WHERE o.id = :o")
			.param("o", issued.orderId())
			.query(String.class)
			.optional()
			.orElse("");
		String body = text("billing.notice.order.body", child(issued.studentId()), term, Money.ofFen(issued.owedFen()),
				DUE.format(issued.dueAt())) + (issued.releasesPlaces() ? text("billing.notice.order.releases") : "");
		send(issued.studentId(), "billing.order", body, "/m/orders/" + issued.orderId(), "order-" + issued.orderId());
	}

	@EventListener
	void on(RefundMade refund) {
		String body = text("billing.notice.refund.body", child(refund.studentId()), Money.ofFen(refund.amountFen()),
				refund.reason());
		send(refund.studentId(), "billing.refund", body, "/m/orders/" + refund.orderId(), "refund-" + refund.refundId());
	}

	private void send(long studentId, String topic, String body, String link, String dedup) {
		List<Long> guardianIds = guardians.ofStudent(studentId).stream().map(StudentGuardian::guardianId).toList();
		notifications.sendAll(accounts.guardianAccounts(guardianIds).stream()
			.map(user -> new Notice(user, topic, text(topic), body, link, dedup))
			.toList());
	}

	private String child(long studentId) {
		return students.find(studentId).map(StudentView::name).orElse("");
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, Locale.SIMPLIFIED_CHINESE);
	}
}
