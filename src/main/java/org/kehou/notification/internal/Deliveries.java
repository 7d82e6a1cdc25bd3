package org.kehou.notification.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.notification.DeliveryChannel;
import org.kehou.notification.Notice;
import org.kehou.notification.Recipient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Delivers stored notices to the external channels, after the sender's transaction committed, on a small pool of
 * its own threads (never the sender's). The inbox row is the outbox: a message whose external delivery is still to
 * do has no {@code dispatched_at}. For each switched-on channel the recipient's preference and reachability are
 * checked, then the delivery is claimed (a row per message and channel, so several nodes never send one twice),
 * the channel called and the outcome recorded. Every minute a sweep picks up what a stopped node or a full queue
 * left, and retries failed deliveries a few times with a growing delay. Each step is its own short statement: no
 * connection is held while a gateway is called.
 */
@Component
public class Deliveries implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	private final JdbcClient jdbc;

	private final Recipients recipients;

	private final Preferences preferences;

	private final Map<String, DeliveryChannel> channels;

	private final NotificationProperties properties;

	private final ThreadPoolExecutor executor;

	public Deliveries(JdbcClient jdbc, Recipients recipients, Preferences preferences, List<DeliveryChannel> channels,
			NotificationProperties properties) {
		this.jdbc = jdbc;
		this.recipients = recipients;
		this.preferences = preferences;
		this.channels = channels.stream()
			.collect(Collectors.toMap(DeliveryChannel::name, Function.identity(), (a, b) -> {
				throw new IllegalStateException("two delivery channels named " + a.name());
			}, java.util.LinkedHashMap::new));
		this.properties = properties;
		AtomicInteger count = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.queue()), r -> {
					Thread t = new Thread(r, "notification-" + count.incrementAndGet());
					t.setDaemon(true);
					return t;
				}, new ThreadPoolExecutor.AbortPolicy());
		this.executor.allowCoreThreadTimeOut(true);
	}

	/** The names of the switched-on external channels, e.g. {@code [sms]}. */
	public List<String> channelNames() {
		return List.copyOf(channels.keySet());
	}

	/** Hands the messages to the delivery threads once the current transaction commits (at once without one). */
	public void afterCommit(Collection<Long> messageIds) {
		if (messageIds.isEmpty() || channels.isEmpty()) {
			markDispatched(messageIds);
			return;
		}
		List<Long> ids = List.copyOf(messageIds);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					submit(ids);
				}
			});
		}
		else {
			submit(ids);
		}
	}

	private void submit(List<Long> ids) {
		try {
			executor.execute(() -> ids.forEach(this::dispatchSafely));
		}
		catch (RejectedExecutionException e) {
			log.warn("Notification queue full: {} notices left to the sweep", ids.size());
		}
	}

	private void dispatchSafely(long messageId) {
		try {
			dispatch(messageId);
		}
		catch (RuntimeException e) {
			log.error("Dispatching notice {} failed; the sweep tries again", messageId, e);
		}
	}

	/** Delivers one stored message on every switched-on channel, once. */
	void dispatch(long messageId) {
		Stored message = stored(messageId).orElse(null);
		if (message == null || message.dispatched()) {
			return;
		}
		Recipient recipient = recipients.of(message.notice().recipientUserId()).orElse(null);
		for (DeliveryChannel channel : channels.values()) {
			String skipped = recipient == null ? "no such account"
					: !preferences.allows(recipient.userId(), message.notice().group(), channel.name()) ? "opted out"
							: !channel.reaches(recipient) ? "not reachable on this channel" : null;
			if (skipped != null) {
				skip(messageId, channel.name(), skipped);
			}
			else if (claim(messageId, channel.name())) {
				attempt(channel, recipient, message);
			}
		}
		markDispatched(List.of(messageId));
	}

	/** Every minute: notices a stopped node or a full queue left, and failed deliveries due for another try. */
	@Scheduled(fixedDelayString = "${kehou.notification.sweep:PT1M}", initialDelayString = "${kehou.notification.sweep:PT1M}")
	void sweep() {
		// younger ones are still in the after-commit queue
		List<Long> left = jdbc.sql("""
				SELECT id FROM inbox_message WHERE dispatched_at IS NULL AND created_at < now() - interval '1 minute'
				ORDER BY created_at LIMIT 500""")
			.query(Long.class)
			.list();
		left.forEach(this::dispatchSafely);
		if (channels.isEmpty()) {
			return;
		}
		List<Map.Entry<Long, String>> due = jdbc.sql("""
				UPDATE notification_delivery d SET status = 'SENDING', attempts = d.attempts + 1, updated_at = now()
				FROM (SELECT message_id, channel FROM notification_delivery
				      WHERE channel IN (:channels) AND attempts < :max
				        AND ((status = 'FAILED' AND updated_at < now() - make_interval(secs => :retryAfter * attempts))
				          -- a claim this old was left by a node that stopped while sending
				          OR (status = 'SENDING' AND updated_at < now() - interval '10 minutes'))
				      ORDER BY updated_at LIMIT 200 FOR UPDATE SKIP LOCKED) due
				WHERE d.message_id = due.message_id AND d.channel = due.channel
				RETURNING d.message_id, d.channel""")
			.param("channels", channels.keySet())
			.param("max", properties.maxAttempts())
			.param("retryAfter", properties.retryAfter().toSeconds())
			.query((rs, i) -> Map.entry(rs.getLong("message_id"), rs.getString("channel")))
			.list();
		for (var retry : due) {
			try {
				Stored message = stored(retry.getKey()).orElseThrow();
				Recipient recipient = recipients.of(message.notice().recipientUserId()).orElse(null);
				if (recipient == null) {
					record(retry.getKey(), retry.getValue(), "SKIPPED", "no such account");
				}
				else {
					attempt(channels.get(retry.getValue()), recipient, message);
				}
			}
			catch (RuntimeException e) {
				log.error("Retrying notice {} on {} failed", retry.getKey(), retry.getValue(), e);
			}
		}
		if (!left.isEmpty() || !due.isEmpty()) {
			log.info("Notification sweep: {} notices dispatched late, {} deliveries retried", left.size(), due.size());
		}
	}

	private void attempt(DeliveryChannel channel, Recipient recipient, Stored message) {
		try {
			channel.deliver(recipient, message.notice());
			record(message.id(), channel.name(), "SENT", null);
		}
		catch (RuntimeException e) {
			log.warn("Delivering notice {} to {} on {} failed: {}", message.id(), recipient, channel.name(), e.toString());
			record(message.id(), channel.name(), "FAILED", e.toString());
		}
	}

	/** Claims the first attempt of a channel's delivery; false when it was claimed (or recorded) before. */
	private boolean claim(long messageId, String channel) {
		return jdbc.sql("""
				INSERT INTO notification_delivery (message_id, channel, status, attempts) VALUES (:id, :channel, 'SENDING', 1)
				ON CONFLICT (message_id, channel) DO NOTHING""")
			.param("id", messageId)
			.param("channel", channel)
			.update() == 1;
	}

	private void skip(long messageId, String channel, String reason) {
		jdbc.sql("""
				INSERT INTO notification_delivery (message_id, channel, status, detail) VALUES (:id, :channel, 'SKIPPED', :reason)
				ON CONFLICT (message_id, channel) DO NOTHING""")
			.param("id", messageId)
			.param("channel", channel)
			.param("reason", reason)
			.update();
	}

	/** The outcome of an attempt that this node claimed. */
	private void record(long messageId, String channel, String status, @Nullable String detail) {
		String shortened = detail == null || detail.length() <= 300 ? detail : detail.substring(0, 300);
		jdbc.sql("""
				UPDATE notification_delivery SET status = :status, detail = :detail, updated_at = now()
				WHERE message_id = :id AND channel = :channel""")
			.param("id", messageId)
			.param("channel", channel)
			.param("status", status)
			.param("detail", shortened)
			.update();
	}

	private void markDispatched(Collection<Long> messageIds) {
		if (!messageIds.isEmpty()) {
			jdbc.sql("UPDATE inbox_message SET dispatched_at = now() WHERE id IN (:ids) AND dispatched_at IS NULL")
				.param("ids", messageIds)
				.update();
		}
	}

	@Override
	public void destroy() {
		executor.shutdown();
	}

	private java.util.Optional<Stored> stored(long messageId) {
		return jdbc.sql("""
				SELECT id, recipient_user_id, topic, title, body, link, dedup_key, dispatched_at IS NOT NULL AS dispatched
				FROM inbox_message WHERE id = :id""")
			.param("id", messageId)
			.query((rs, i) -> new Stored(rs.getLong("id"),
					new Notice(rs.getLong("recipient_user_id"), rs.getString("topic"), rs.getString("title"),
							rs.getString("body"), rs.getString("link"), rs.getString("dedup_key")),
					rs.getBoolean("dispatched")))
			.optional();
	}

	private record Stored(long id, Notice notice, boolean dispatched) {
	}
}
