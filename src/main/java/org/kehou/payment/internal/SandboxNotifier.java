package org.kehou.payment.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends the sandbox's payment notifications the way WeChat Pay does: an HTTP POST of the signed body to the order's
 * notify URL, on the notifier's own threads, after the paying transaction committed; until the receiver answers
 * 2xx, again after each wait of the retry schedule, then it gives up. The table {@code sandbox_notification} is the
 * outbox: an attempt is claimed by a conditional update (so two nodes never send the same attempt), every outcome is
 * recorded, and a sweep picks up what is due (delayed first attempts, retries, whatever a stopped node left), so a
 * restart resumes. Each attempt is signed at send time (fresh timestamp and nonce). No connection is held while the
 * receiver is called.
 */
@Component
public class SandboxNotifier implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SandboxNotifier.class);

	private final JdbcClient jdbc;

	private final SandboxKeys keys;

	private final SandboxProperties properties;

	private final HttpClient http;

	private final ThreadPoolExecutor executor;

	SandboxNotifier(JdbcClient jdbc, SandboxKeys keys, SandboxProperties properties) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.properties = properties;
		this.http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout()).build();
		AtomicInteger count = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1000), r -> {
					Thread t = new Thread(r, "sandbox-notify-" + count.incrementAndGet());
					t.setDaemon(true);
					return t;
				}, new ThreadPoolExecutor.AbortPolicy());
		this.executor.allowCoreThreadTimeOut(true);
	}

	/** Sends these notifications once the current transaction commits (those not yet due are left to the sweep). */
	void afterCommit(Collection<Long> ids) {
		List<Long> copy = List.copyOf(ids);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					submit(copy);
				}
			});
		}
		else {
			submit(copy);
		}
	}

	private void submit(List<Long> ids) {
		for (long id : ids) {
			try {
				executor.execute(() -> attemptSafely(id));
			}
			catch (RejectedExecutionException e) {
				log.warn("Sandbox notification queue full: notification {} left to the sweep", id);
			}
		}
	}

	/** Every few seconds: attempts that are due, and claims a stopped node left. */
	@Scheduled(fixedDelayString = "${kehou.payment.sandbox.sweep:PT5S}", initialDelayString = "${kehou.payment.sandbox.sweep:PT5S}")
	void sweep() {
		jdbc.sql("""
				UPDATE sandbox_notification SET status = 'PENDING', updated_at = now()
				WHERE status = 'SENDING' AND updated_at < now() - interval '2 minutes'""").update();
		List<Long> due = jdbc.sql("""
				SELECT id FROM sandbox_notification WHERE status = 'PENDING' AND next_attempt_at <= now()
				ORDER BY next_attempt_at LIMIT 200""").query(Long.class).list();
		submit(due);
	}

	private void attemptSafely(long id) {
		try {
			attempt(id);
		}
		catch (RuntimeException e) {
			log.error("Sandbox notification {} failed unexpectedly; the sweep tries again", id, e);
		}
	}

	/** One attempt, if the notification is due and this node claims it. */
	void attempt(long id) {
		Claimed claimed = jdbc.sql("""
				UPDATE sandbox_notification n SET status = 'SENDING', attempts = n.attempts + 1, updated_at = now()
				FROM sandbox_order o
				WHERE n.id = :id AND n.order_id = o.id AND n.status = 'PENDING' AND n.next_attempt_at <= now()
				RETURNING n.kind, n.body, n.attempts, n.fail_first, o.notify_url""")
			.param("id", id)
			.query((rs, i) -> new Claimed(rs.getString("kind"), rs.getString("body"), rs.getInt("attempts"),
					rs.getInt("fail_first"), rs.getString("notify_url")))
			.optional()
			.orElse(null);
		if (claimed == null) {
			return;
		}
		if (claimed.attempts() <= claimed.failFirst()) {
			failed(id, claimed, "simulated failure (attempt " + claimed.attempts() + " of the first " + claimed.failFirst() + ")");
			return;
		}
		String sentBody = claimed.body();
		Map<String, String> headers;
		switch (claimed.kind()) {
			case "FORGED" -> headers = keys.forge(sentBody, Instant.now());
			case "TAMPERED" -> {
				// signed as the gateway would, then changed on the way: the amount field no longer matches
				headers = keys.sign(sentBody, Instant.now());
				sentBody = sentBody.replaceFirst("\"total\":(\\d+)", "\"total\":1$1");
			}
			default -> headers = keys.sign(sentBody, Instant.now());
		}
		String outcome;
		boolean ok;
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(claimed.notifyUrl()))
				.timeout(properties.requestTimeout())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(sentBody));
			headers.forEach(request::header);
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			ok = response.statusCode() / 100 == 2;
			outcome = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
		}
		catch (java.io.IOException | IllegalArgumentException e) {
			ok = false;
			outcome = e.toString();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			ok = false;
			outcome = "interrupted";
		}
		if (!"GENUINE".equals(claimed.kind())) {
			// a simulated attack is sent once; the receiver's answer is kept for the record
			record(id, ok ? "DELIVERED" : "GAVE_UP", outcome, null);
			if (ok) {
				log.error("Sandbox: the receiver ACCEPTED a {} notification {}: {}", claimed.kind(), id, outcome);
			}
		}
		else if (ok) {
			record(id, "DELIVERED", outcome, null);
		}
		else {
			failed(id, claimed, outcome);
		}
	}

	private void failed(long id, Claimed claimed, String outcome) {
		List<Duration> schedule = properties.retrySchedule();
		if (claimed.attempts() > schedule.size()) {
			log.warn("Sandbox notification {} gave up after {} attempts: {}", id, claimed.attempts(), outcome);
			record(id, "GAVE_UP", outcome, null);
		}
		else {
			record(id, "PENDING", outcome, schedule.get(claimed.attempts() - 1));
		}
	}

	private void record(long id, String status, String outcome, @Nullable Duration retryIn) {
		if (retryIn == null) {
			jdbc.sql("""
					UPDATE sandbox_notification SET status = :status, last_outcome = :outcome, updated_at = now()
					WHERE id = :id""")
				.param("id", id)
				.param("status", status)
				.param("outcome", abbreviate(outcome))
				.update();
			return;
		}
		jdbc.sql("""
				UPDATE sandbox_notification SET status = :status, last_outcome = :outcome, updated_at = now(),
				  next_attempt_at = now() + :retryMs * interval '1 millisecond'
				WHERE id = :id""")
			.param("id", id)
			.param("status", status)
			.param("outcome", abbreviate(outcome))
			.param("retryMs", retryIn.toMillis())
			.update();
		if ("PENDING".equals(status) && retryIn.compareTo(properties.sweep()) < 0) {
			// shorter than the sweep (tests): the sweep would be late, so try again ourselves when due
			java.util.concurrent.CompletableFuture.delayedExecutor(retryIn.toMillis(), TimeUnit.MILLISECONDS)
				.execute(() -> submit(List.of(id)));
		}
	}

	private static String abbreviate(String text) {
		return text.length() <= 300 ? text : text.substring(0, 300);
	}

	@Override
	public void destroy() {
		executor.shutdown();
	}

	private record Claimed(String kind, String body, int attempts, int failFirst, String notifyUrl) {
	}
}
