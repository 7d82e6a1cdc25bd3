package org.kehou.notification;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.kehou.notification.internal.Deliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends notices to accounts. Each notice is stored in the recipient's inbox in the caller's transaction — a
 * rolled-back action sends nothing — and handed to the external channels (SMS, WeChat, as configured and as the
 * recipient chose per {@link TopicGroup}) only after that transaction committed, on the module's own threads: sending
 * never waits for a gateway, and a failing channel never fails the caller (failures are recorded and retried).
 * <p>
 * A notice with a {@link Notice#dedupKey()} that the recipient already got is dropped, also when two transactions
 * send it at once (a unique key, not a check). A recipient that is not an account is skipped with a warning rather
 * than failing the caller.
 */
@Service
public class Notifications {

	private static final Logger log = LoggerFactory.getLogger(Notifications.class);

	private final JdbcClient jdbc;

	private final Deliveries deliveries;

	public Notifications(JdbcClient jdbc, Deliveries deliveries) {
		this.jdbc = jdbc;
		this.deliveries = deliveries;
	}

	@Transactional
	public void send(Notice notice) {
		sendAll(List.of(notice));
	}

	@Transactional
	public void sendAll(Collection<Notice> notices) {
		List<Long> stored = new ArrayList<>(notices.size());
		for (Notice notice : notices) {
			jdbc.sql("""
					INSERT INTO inbox_message (recipient_user_id, topic, title, body, link, dedup_key)
					SELECT u.id, :topic, :title, :body, :link, :dedupKey FROM app_user u WHERE u.id = :recipient
					ON CONFLICT ON CONSTRAINT inbox_message_once DO NOTHING
					RETURNING id""")
				.param("recipient", notice.recipientUserId())
				.param("topic", notice.topic())
				.param("title", notice.title())
				.param("body", notice.body())
				.param("link", notice.link())
				.param("dedupKey", notice.dedupKey())
				.query(Long.class)
				.optional()
				.ifPresentOrElse(stored::add, () -> logDropped(notice));
		}
		deliveries.afterCommit(stored);
	}

	private void logDropped(Notice notice) {
		if (notice.dedupKey() == null) {
			log.warn("Notice {} not stored: account {} does not exist", notice.topic(), notice.recipientUserId());
		}
		else {
			log.debug("Notice {} to {} dropped: dedup key {} already delivered (or no such account)", notice.topic(),
					notice.recipientUserId(), notice.dedupKey());
		}
	}
}
