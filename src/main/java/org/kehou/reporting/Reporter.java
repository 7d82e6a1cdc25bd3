package org.kehou.reporting;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.kehou.exchange.BatchResult;
import org.kehou.exchange.ExchangeClient;
import org.kehou.exchange.ExchangeException;
import org.kehou.exchange.ExchangeRecord;
import org.kehou.exchange.Operation;
import org.kehou.exchange.Outcome;
import org.kehou.exchange.RecordResult;
import org.kehou.exchange.RecordSchemas;
import org.kehou.exchange.RecordType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox ({@code exchange_outbox}, filled by database triggers) to the city's supervision platform
 * through the exchange standard only ({@link ExchangeClient}: signed batches over HTTP).
 * <p>
 * One delivery, in one transaction: claim up to a batch of pending rows in id order ({@code FOR UPDATE SKIP LOCKED},
 * so several nodes never claim one row twice), collapse the rows of one record (its version: a value of the sequence
 * {@code exchange_record_version} taken after the claim and before the snapshot),
 * snapshot the records' current state ({@link RecordSnapshots}), check each against the standard's schema (a record
 * that fails is parked with the reasons, never sent), send, then delete the claimed rows: accepted and unchanged
 * records are delivered, rejected ones parked with the city's reasons. A failed request (no answer, 5xx, 401 and the like)
 * rolls everything back — nothing is marked — and sets the back-off: exponential from {@code backoff-base} to
 * {@code backoff-max}, with up to 50 % jitter. Resending is always safe: the city keeps the newest version.
 */
@Service
@EnableConfigurationProperties(ReportingProperties.class)
public class Reporter {

	private static final Logger log = LoggerFactory.getLogger(Reporter.class);

	// Where the reporter sends to (the city's address and the credential it issued).
	private record Target(URI cityUrl, @Nullable String platformCode, ExchangeClient client) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final RecordSnapshots snapshots;

	private final RecordSchemas schemas;

	private final ReportingProperties properties;

	private final Clock clock;

	private volatile @Nullable Target target;

	Reporter(JdbcClient jdbc, PlatformTransactionManager transactions, RecordSnapshots snapshots,
			RecordSchemas schemas, ReportingProperties properties, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.snapshots = snapshots;
		this.schemas = schemas;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
		URI url = properties.cityUrl();
		String appId = properties.appId();
		String secret = properties.secret();
		if (url != null && appId != null && !appId.isBlank() && secret != null && !secret.isBlank()) {
			connect(url, appId, secret);
		}
	}

	/**
	 * Points the reporter at a supervision platform with a credential it issued (the configuration does this at
	 * start; the demo and tests call it with a credential issued at run time).
	 */
	public void connect(URI cityUrl, String appId, String secret) {
		connect(cityUrl, appId, secret, properties.platformCode());
	}

	/**
	 * As {@link #connect(URI, String, String)}, sending only records of the schools of the platform with this code
	 * (null or blank: every school's).
	 */
	public void connect(URI cityUrl, String appId, String secret, @Nullable String platformCode) {
		this.target = new Target(cityUrl, platformCode, new ExchangeClient(cityUrl, appId, secret));
	}

	/** Whether the reporter has somewhere to send to. */
	public boolean connected() {
		return target != null;
	}

	/** The city's address the reporter sends to, if any. */
	public @Nullable URI cityUrl() {
		Target t = target;
		return t == null ? null : t.cityUrl();
	}

	/** The client connected to the city, if any (the city feed pulls and reports reads with it). */
	public java.util.Optional<ExchangeClient> client() {
		Target t = target;
		return t == null ? java.util.Optional.empty() : java.util.Optional.of(t.client());
	}

	/** The code of the platform the connection reports for, if set. */
	public java.util.Optional<String> platformCode() {
		Target t = target;
		return t == null || t.platformCode() == null || t.platformCode().isBlank() ? java.util.Optional.empty()
				: java.util.Optional.of(t.platformCode());
	}

	/** Whether the back-off allows a delivery now. */
	public boolean due(Instant now) {
		Instant next = jdbc.sql("SELECT next_attempt_at FROM exchange_reporter_state WHERE id = 1")
			.query(Instant.class)
			.optional()
			.orElse(null);
		return next == null || !next.isAfter(now);
	}

	/** Deliveries until the outbox is empty, a delivery fails or nothing more could be claimed; the last one. */
	public Delivery drain() {
		Delivery last = Delivery.NOTHING;
		for (int i = 0; i < 10_000; i++) {
			Delivery d = deliverOnce();
			if (d.claimed() == 0 || d.failed()) {
				return d.claimed() == 0 && !d.failed() ? last : d;
			}
			last = d;
		}
		return last;
	}

	/** One delivery of up to a batch of outbox rows (regardless of the back-off: callers check {@link #due}). */
	public Delivery deliverOnce() {
		Target t = target;
		if (t == null) {
			return Delivery.NOTHING;
		}
		ExchangeClient c = t.client();
		Instant now = clock.instant();
		try {
			Delivery d = tx.execute(status -> deliver(c, t.platformCode(), now));
			return d == null ? Delivery.NOTHING : d;
		}
		catch (DeliveryFailed e) {
			String error = e.getMessage();
			failed(now, error);
			return new Delivery(e.claimed, e.claimed, 0, 0, 0, error);
		}
	}

	private static final class DeliveryFailed extends RuntimeException {

		final int claimed;

		DeliveryFailed(String message, int claimed, @Nullable Throwable cause) {
			super(message, cause);
			this.claimed = claimed;
		}
	}

	private record Claimed(long id, String type, String sourceKey) {
	}

	private Delivery deliver(ExchangeClient c, @Nullable String ours, Instant now) {
		List<Claimed> rows = jdbc.sql("""
				SELECT id, record_type, source_key FROM exchange_outbox ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED""")
			.param("n", properties.batchSize())
			.query((rs, n) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3)))
			.list();
		if (rows.isEmpty()) {
			return Delivery.NOTHING;
		}
		// The version of every record of this delivery: taken now, after the claim and before the snapshot. A change
		// committed after the claim is claimed by a later delivery, which takes a larger version and a newer snapshot;
		// so the newest state always carries the largest version, also for derived records (a class enqueued by its
		// students), which the row lock argument does not cover. The outbox id only orders and claims.
		long version = jdbc.sql("SELECT nextval('exchange_record_version')").query(Long.class).single();
		Map<OutboxKey, Long> versions = new LinkedHashMap<>();
		for (Claimed row : rows) {
			versions.putIfAbsent(new OutboxKey(row.type(), row.sourceKey()), version);
		}
		RecordSnapshots.Result result;
		try {
			result = snapshots.of(versions);
		}
		catch (IllegalStateException e) {
			throw new DeliveryFailed(e.getMessage(), rows.size(), e);
		}
		Map<OutboxKey, String> parked = new HashMap<>();
		result.unreportable().forEach(u -> parked.put(u.key(), u.reason()));
		List<RecordSnapshots.Snapshot> toSend = new ArrayList<>();
		int skipped = 0;
		for (RecordSnapshots.Snapshot s : result.snapshots()) {
			if (ours != null && !ours.isBlank() && s.platformCode() != null && !ours.equals(s.platformCode())) {
				skipped++;
				continue;
			}
			ExchangeRecord r = s.record();
			if (r.op() == Operation.UPSERT && r.data() != null) {
				List<String> problems = schemas.problems(RecordType.ofWire(r.type()).orElseThrow(), r.data());
				if (!problems.isEmpty()) {
					parked.put(s.key(), "schema: " + String.join("; ", problems));
					continue;
				}
			}
			toSend.add(s);
		}
		int delivered = 0;
		List<OutboxKey> deliveredKeys = new ArrayList<>();
		if (!toSend.isEmpty()) {
			BatchResult answer;
			try {
				answer = c.send(toSend.stream().map(RecordSnapshots.Snapshot::record).toList());
			}
			catch (ExchangeException e) {
				throw new DeliveryFailed(e.getMessage(), rows.size(), e);
			}
			catch (RuntimeException e) {
				throw new DeliveryFailed("no answer: " + e, rows.size(), e);
			}
			if (answer.results().size() != toSend.size()) {
				throw new DeliveryFailed("the city answered " + answer.results().size() + " results for "
						+ toSend.size() + " records", rows.size(), null);
			}
			for (int i = 0; i < toSend.size(); i++) {
				RecordResult r = answer.results().get(i);
				OutboxKey key = toSend.get(i).key();
				if (r.outcome() == Outcome.REJECTED) {
					parked.put(key, String.join("; ", r.reasons()));
				}
				else {
					delivered++;
					deliveredKeys.add(key);
				}
			}
		}
		jdbc.sql("DELETE FROM exchange_outbox WHERE id = ANY(CAST(:ids AS BIGINT[]))")
			.param("ids", rows.stream().map(Claimed::id).toArray(Long[]::new))
			.update();
		for (Map.Entry<OutboxKey, String> p : parked.entrySet()) {
			String reason = p.getValue();
			jdbc.sql("""
					INSERT INTO exchange_parked (record_type, source_key, version, reasons, parked_at)
					VALUES (:t, :k, :v, :r, :at)
					ON CONFLICT (record_type, source_key) DO UPDATE SET version = EXCLUDED.version,
					  reasons = EXCLUDED.reasons, parked_at = EXCLUDED.parked_at
					WHERE exchange_parked.version < EXCLUDED.version""")
				.param("t", p.getKey().type())
				.param("k", p.getKey().sourceKey())
				.param("v", versions.get(p.getKey()))
				.param("r", reason.length() > 2000 ? reason.substring(0, 2000) : reason)
				.param("at", java.sql.Timestamp.from(now))
				.update();
		}
		if (!deliveredKeys.isEmpty()) {
			// a newer version went through: an older parked one of the same record is moot
			jdbc.sql("""
					DELETE FROM exchange_parked p USING unnest(CAST(:t AS TEXT[]), CAST(:k AS TEXT[]), CAST(:v AS BIGINT[]))
					  AS d(t, k, v) WHERE p.record_type = d.t AND p.source_key = d.k AND p.version < d.v""")
				.param("t", deliveredKeys.stream().map(OutboxKey::type).toArray(String[]::new))
				.param("k", deliveredKeys.stream().map(OutboxKey::sourceKey).toArray(String[]::new))
				.param("v", deliveredKeys.stream().map(versions::get).toArray(Long[]::new))
				.update();
			jdbc.sql("""
					INSERT INTO exchange_delivered_day (day, delivered) VALUES (:d, :n)
					ON CONFLICT (day) DO UPDATE SET delivered = exchange_delivered_day.delivered + EXCLUDED.delivered""")
				.param("d", LocalDate.ofInstant(now, RecordSnapshots.CITY))
				.param("n", deliveredKeys.size())
				.update();
		}
		if (!toSend.isEmpty()) {
			jdbc.sql("""
					UPDATE exchange_reporter_state SET last_success_at = :now, failures = 0, next_attempt_at = NULL
					WHERE id = 1""")
				.param("now", java.sql.Timestamp.from(now))
				.update();
		}
		return new Delivery(rows.size(), toSend.size(), delivered, parked.size(), skipped, null);
	}

	private void failed(Instant now, @Nullable String error) {
		String message = error == null ? "unknown error" : error;
		log.warn("Reporting to the city failed: {}", message);
		Integer failures = jdbc.sql("""
				UPDATE exchange_reporter_state SET failures = failures + 1, last_error_at = :now, last_error = :e
				WHERE id = 1 RETURNING failures""")
			.param("now", java.sql.Timestamp.from(now))
			.param("e", message.length() > 500 ? message.substring(0, 500) : message)
			.query(Integer.class)
			.single();
		Duration wait = backoff(failures, properties.backoffBase(), properties.backoffMax(),
				ThreadLocalRandom.current().nextDouble());
		jdbc.sql("UPDATE exchange_reporter_state SET next_attempt_at = :next WHERE id = 1")
			.param("next", java.sql.Timestamp.from(now.plus(wait)))
			.update();
	}

	/**
	 * The wait after the n-th failure in a row: base times two to the power n-1, capped at {@code max}, of which up to half is
	 * taken away at random ({@code random} from 0 inclusive to 1 exclusive) so that nodes and platforms do not retry in step.
	 */
	static Duration backoff(int failures, Duration base, Duration max, double random) {
		long baseMs = base.toMillis();
		long exp = failures <= 1 ? baseMs : baseMs << Math.min(failures - 1, 30);
		long capped = Math.min(exp <= 0 ? max.toMillis() : exp, max.toMillis());
		return Duration.ofMillis(capped - (long) (capped * 0.5 * random));
	}

	/** Puts every parked record back into the outbox (they go with the next delivery, in their current state). */
	public int retryParked() {
		Integer n = tx.execute(status -> {
			int moved = jdbc.sql("""
					INSERT INTO exchange_outbox (record_type, source_key, op)
					SELECT record_type, source_key, 'S' FROM exchange_parked ORDER BY version""").update();
			jdbc.sql("DELETE FROM exchange_parked").update();
			return moved;
		});
		return n == null ? 0 : n;
	}

	/** Clears the back-off: the next scheduled delivery goes at once. */
	public void clearBackoff() {
		jdbc.sql("UPDATE exchange_reporter_state SET next_attempt_at = NULL WHERE id = 1").update();
	}

	/**
	 * Full sync (a platform joining the city with data already in it): every existing row of the reported tables goes
	 * into the outbox, in chunks of {@code chunk} rows, each chunk its own short transaction (reads only; the source
	 * tables are never locked). Returns the rows enqueued.
	 */
	public long enqueueAll(int chunk) {
		long total = 0;
		total += chunked("teacher", "SELECT id FROM staff WHERE id > :after ORDER BY id LIMIT :n", chunk);
		total += chunked("offering",
				"SELECT id FROM offering WHERE id > :after AND status <> 'DRAFT' ORDER BY id LIMIT :n", chunk);
		total += chunked("class", "SELECT id FROM school_class WHERE id > :after ORDER BY id LIMIT :n", chunk);
		total += chunked("student", "SELECT id FROM student WHERE id > :after ORDER BY id LIMIT :n", chunk);
		total += chunked("place",
				"SELECT id FROM place WHERE id > :after AND confirmed_at IS NOT NULL ORDER BY id LIMIT :n", chunk);
		total += chunked("session-cancelled",
				"SELECT id FROM class_session WHERE id > :after AND status = 'CANCELLED' ORDER BY id LIMIT :n", chunk);
		total += chunked("order", "SELECT id FROM billing_order_line WHERE id > :after ORDER BY id LIMIT :n", chunk);
		total += chunked("payment", "SELECT id FROM billing_payment WHERE id > :after ORDER BY id LIMIT :n", chunk);
		total += chunked("refund",
				"SELECT id FROM billing_refund WHERE id > :after AND status = 'DONE' ORDER BY id LIMIT :n", chunk);
		total += chunked("rating", "SELECT id FROM offering_rating WHERE id > :after ORDER BY id LIMIT :n", chunk);
		total += chunked("complaint", "SELECT id FROM complaint WHERE id > :after ORDER BY id LIMIT :n", chunk);
		total += bySession("checkin", "instructor_check_in", "instructor_id", chunk);
		total += bySession("attendance", "roll_call_mark", "student_id", chunk);
		return total;
	}

	// Rows with a two-column key (session, other): enqueued in chunks of sessions.
	private long bySession(String type, String table, String other, int chunk) {
		long total = 0;
		long after = 0;
		while (true) {
			long from = after;
			List<Long> sessions = jdbc.sql("""
					SELECT DISTINCT session_id FROM %s WHERE session_id > :after ORDER BY session_id
					LIMIT :n""".formatted(table)).param("after", from).param("n", Math.max(1, chunk / 20)).query(Long.class).list();
			if (sessions.isEmpty()) {
				break;
			}
			Integer n = tx.execute(status -> jdbc.sql("""
					INSERT INTO exchange_outbox (record_type, source_key, op)
					SELECT :t, session_id || ':' || %2$s, 'S' FROM %1$s
					WHERE session_id = ANY(CAST(:s AS BIGINT[])) ORDER BY session_id, %2$s""".formatted(table, other))
				.param("t", type)
				.param("s", sessions.toArray(Long[]::new))
				.update());
			total += n == null ? 0 : n;
			after = sessions.get(sessions.size() - 1);
		}
		return total;
	}

	private long chunked(String type, String select, int chunk) {
		long total = 0;
		long after = 0;
		while (true) {
			long from = after;
			List<Long> ids = jdbc.sql(select).param("after", from).param("n", chunk).query(Long.class).list();
			if (ids.isEmpty()) {
				return total;
			}
			Integer n = tx.execute(status -> jdbc.sql("""
					INSERT INTO exchange_outbox (record_type, source_key, op)
					SELECT :t, id::text, 'S' FROM unnest(CAST(:ids AS BIGINT[])) AS id""")
				.param("t", type)
				.param("ids", ids.toArray(Long[]::new))
				.update());
			total += n == null ? 0 : n;
			after = ids.get(ids.size() - 1);
		}
	}

	/**
	 * When the platform does not report (not enabled, not connected): deletes outbox rows older than
	 * {@code discard-unsent-after}, so the outbox stays small. Returns the rows deleted (0 when reporting).
	 */
	public int discardUnsent() {
		if (properties.enabled() || connected()) {
			return 0;
		}
		return jdbc.sql("DELETE FROM exchange_outbox WHERE created_at < :before")
			.param("before", java.sql.Timestamp.from(clock.instant().minus(properties.discardUnsentAfter())))
			.update();
	}

	/**
	 * Enqueues the offerings whose reported values change with the date alone, on the city's day {@code today}: the
	 * status (its term starts today or ended yesterday) and an instructor's {@code documentsValid} (a certificate or
	 * contract ended yesterday, a contract or a no-criminal-record certificate starts counting today, or that
	 * certificate turned a year old). Run once a day just after the city's midnight. Returns the rows enqueued.
	 */
	public int enqueueDateChanges(LocalDate today) {
		return jdbc.sql("""
				INSERT INTO exchange_outbox (record_type, source_key, op)
				SELECT 'offering', id::text, 'U' FROM (
				  SELECT o.id FROM offering o JOIN term t ON t.id = o.term_id
				  WHERE o.status = 'PUBLISHED' AND (t.starts_on = :today OR t.ends_on = :yesterday)
				  UNION
				  SELECT o.id FROM offering o JOIN offering_teacher ot ON ot.offering_id = o.id
				  JOIN instructor i ON i.id = ot.instructor_id
				  WHERE o.status <> 'DRAFT' AND (i.certificate_valid_until = :yesterday
				    OR i.no_criminal_record_on IN (:today, :yearAgo)
				    OR (i.labour_contract AND (i.contract_end = :yesterday OR i.contract_start = :today)))
				) changed ORDER BY id""")
			.param("today", today)
			.param("yesterday", today.minusDays(1))
			.param("yearAgo", today.minusYears(1))
			.update();
	}

	/** How long the page's per-day delivery counter ({@code exchange_delivered_day}) is kept. */
	static final int DELIVERED_DAYS_KEPT = 400;

	/** Deletes the per-day delivery counts older than 400 days (city days). Returns the rows deleted. */
	public int sweepDeliveredDays() {
		return jdbc.sql("DELETE FROM exchange_delivered_day WHERE day < :before")
			.param("before", LocalDate.ofInstant(clock.instant(), RecordSnapshots.CITY).minusDays(DELIVERED_DAYS_KEPT))
			.update();
	}

	/** The figures of the page. */
	public ReportingStatus status() {
		Instant now = clock.instant();
		return jdbc.sql("""
				SELECT (SELECT count(*) FROM exchange_outbox) AS pending,
				       (SELECT min(created_at) FROM exchange_outbox) AS oldest,
				       (SELECT count(*) FROM exchange_parked) AS parked,
				       (SELECT coalesce(sum(delivered), 0) FROM exchange_delivered_day WHERE day = :today) AS today,
				       r.last_success_at, r.last_error_at, r.last_error, r.failures, r.next_attempt_at
				FROM exchange_reporter_state r WHERE r.id = 1""")
			.param("today", LocalDate.ofInstant(now, RecordSnapshots.CITY))
			.query((rs, n) -> {
				java.sql.Timestamp oldest = rs.getTimestamp("oldest");
				java.sql.Timestamp success = rs.getTimestamp("last_success_at");
				java.sql.Timestamp errorAt = rs.getTimestamp("last_error_at");
				java.sql.Timestamp next = rs.getTimestamp("next_attempt_at");
				return new ReportingStatus(properties.enabled(), cityUrl(), rs.getLong("pending"),
						oldest == null ? null : Duration.between(oldest.toInstant(), now),
						rs.getLong("parked"), rs.getLong("today"),
						success == null ? null : success.toInstant(), errorAt == null ? null : errorAt.toInstant(),
						rs.getString("last_error"), rs.getInt("failures"), next == null ? null : next.toInstant());
			})
			.single();
	}

	/** A page of parked records, newest first. */
	public List<ParkedRecord> parked(int page, int size) {
		return jdbc.sql("""
				SELECT record_type, source_key, version, reasons, parked_at FROM exchange_parked
				ORDER BY parked_at DESC, record_type, source_key LIMIT :n OFFSET :o""")
			.param("n", size)
			.param("o", (long) Math.max(0, page) * size)
			.query((rs, n) -> new ParkedRecord(rs.getString(1),
					RecordSnapshots.wireId(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getString(4),
					rs.getTimestamp(5).toInstant()))
			.list();
	}
}
