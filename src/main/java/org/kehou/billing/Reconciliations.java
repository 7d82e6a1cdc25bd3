package org.kehou.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Scope;
import org.kehou.ledger.AccountKind;
import org.kehou.ledger.Entry;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.Side;
import org.kehou.payment.PaymentGateway;
import org.kehou.payment.Statement;
import org.kehou.shared.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Daily reconciliation (对账): the gateway's statement of one Beijing-time day compared with the platform's books —
 * online payments (by gateway + transaction id), refunds paid back (by the merchant refund number) and the
 * {@code GATEWAY_CLEARING} leg of each one's ledger posting. Records are matched by id, never by time; only "ours of
 * that day" (for {@link DifferenceKind#MISSING_ON_STATEMENT}) is chosen by the day.
 * <p>
 * One run row per gateway and day ({@code UNIQUE (gateway, day)}): the daily job claims the day with
 * {@code INSERT … ON CONFLICT DO NOTHING}, so two nodes never both run it; a user's "reconcile this day" re-runs it
 * under the run row's lock. A re-run updates open differences, marks open ones no longer found {@code CLEARED},
 * leaves resolved ones as the user left them, and changes nothing in billing or the ledger: differences are shown to
 * a finance user, never fixed silently.
 */
@Service
public class Reconciliations {

	private static final Logger log = LoggerFactory.getLogger(Reconciliations.class);

	/** What kind of difference. */
	public enum DifferenceKind {
		/** on the statement, not in our books */
		MISSING_ON_PLATFORM,
		/** ours of that day, absent from the statement */
		MISSING_ON_STATEMENT,
		/** on both, with different amounts */
		AMOUNT_MISMATCH,
		/** our record and its ledger posting disagree */
		LEDGER_MISMATCH
	}

	/** OPEN until resolved by a user (RESOLVED); an open one a re-run no longer finds is CLEARED. */
	public enum DifferenceStatus {
		OPEN, RESOLVED, CLEARED
	}

	/** A run: one gateway's day, with the statement's and our totals of it. */
	public record Run(long id, String gateway, LocalDate day, String status, int runs, int statementLines,
			long statementPaidFen, long statementRefundedFen, long platformPaidFen, long platformRefundedFen,
			@Nullable String error, Instant startedAt, @Nullable Instant finishedAt) {

		public Money statementPaid() {
			return Money.ofFen(statementPaidFen);
		}

		public Money statementRefunded() {
			return Money.ofFen(statementRefundedFen);
		}

		public Money platformPaid() {
			return Money.ofFen(platformPaidFen);
		}

		public Money platformRefunded() {
			return Money.ofFen(platformRefundedFen);
		}
	}

	/** A difference as shown to a finance user. Amounts in fen; null where that side has nothing. */
	public record Difference(long id, long runId, LocalDate day, DifferenceKind kind, String lineType,
			@Nullable String transactionId, @Nullable String merchantOrderNo, @Nullable String refundNo,
			@Nullable Long statementFen, @Nullable Long platformFen, @Nullable Long ledgerFen, @Nullable Long orderId,
			@Nullable Long schoolId, @Nullable String schoolName, DifferenceStatus status, Instant firstSeenAt,
			Instant lastSeenAt, @Nullable String resolvedByName, @Nullable Instant resolvedAt,
			@Nullable String resolutionNote) {

		/** For pages: the statement's amount as money, or null. */
		public @Nullable Money statementAmount() {
			return statementFen == null ? null : Money.ofFen(statementFen);
		}

		public @Nullable Money platformAmount() {
			return platformFen == null ? null : Money.ofFen(platformFen);
		}

		public @Nullable Money ledgerAmount() {
			return ledgerFen == null ? null : Money.ofFen(ledgerFen);
		}
	}

	/** Refused: the difference is already resolved (its resolution is kept as it is). */
	public static class AlreadyResolved extends IllegalStateException {

		public AlreadyResolved(long id) {
			super("difference " + id + " is already resolved");
		}
	}

	private final PaymentGateway gateway;

	private final Ledger ledger;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	Reconciliations(PaymentGateway gateway, Ledger ledger, JdbcClient jdbc, TransactionTemplate transactions,
			AuditLog audit) {
		this.gateway = gateway;
		this.ledger = ledger;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
	}

	/** The gateway in use (its name is the run's gateway). */
	public String gatewayName() {
		return gateway.name();
	}

	/**
	 * The daily job's entry: runs the day only if no run of it exists yet (on any node). Empty when another node (or
	 * an earlier call) claimed it.
	 */
	public Optional<Run> reconcileIfUnclaimed(LocalDate day) {
		Long claimed = transactions.execute(tx -> jdbc.sql("""
				INSERT INTO billing_recon_run (gateway, day) VALUES (:g, :d)
				ON CONFLICT (gateway, day) DO NOTHING RETURNING id""")
			.param("g", gateway.name())
			.param("d", day)
			.query(Long.class)
			.optional()
			.orElse(null));
		if (claimed == null) {
			return Optional.empty();
		}
		return Optional.of(run(claimed, day, null));
	}

	/** "Reconcile this day": runs (or re-runs) the day now. */
	public Run reconcile(LocalDate day, @Nullable Long userId) {
		long runId = transactions.execute(tx -> {
			jdbc.sql("INSERT INTO billing_recon_run (gateway, day) VALUES (:g, :d) ON CONFLICT (gateway, day) DO NOTHING")
				.param("g", gateway.name())
				.param("d", day)
				.update();
			return jdbc.sql("SELECT id FROM billing_recon_run WHERE gateway = :g AND day = :d")
				.param("g", gateway.name())
				.param("d", day)
				.query(Long.class)
				.single();
		});
		return run(runId, day, userId);
	}

	private Run run(long runId, LocalDate day, @Nullable Long userId) {
		Statement statement;
		try {
			statement = gateway.statement(day);
		}
		catch (RuntimeException e) {
			log.warn("Reconciliation of {} {}: the statement could not be fetched", gateway.name(), day, e);
			transactions.executeWithoutResult(tx -> jdbc.sql("""
					UPDATE billing_recon_run SET status = 'FAILED', error = :e, runs = runs + 1, started_by = :u,
					  started_at = now(), finished_at = now() WHERE id = :id""")
				.param("e", truncate(String.valueOf(e.getMessage()), 300))
				.param("u", userId)
				.param("id", runId)
				.update());
			audit.record(AuditLog.Entry.of("reconciliation.run", "reconciliation-run", runId)
				.detail(gateway.name() + " " + day + " statement unavailable")
				.outcome(AuditLog.Outcome.FAILED));
			return find(runId).orElseThrow();
		}
		int[] counts = transactions.execute(tx -> compare(runId, day, userId, statement));
		audit.record(AuditLog.Entry.of("reconciliation.run", "reconciliation-run", runId)
			.detail(gateway.name() + " " + day + ": " + counts[0] + " differences open, " + counts[1] + " cleared"));
		return find(runId).orElseThrow();
	}

	private record Found(DifferenceKind kind, String itemKey, String lineType, @Nullable String transactionId,
			@Nullable String merchantOrderNo, @Nullable String refundNo, @Nullable Long statementFen,
			@Nullable Long platformFen, @Nullable Long ledgerFen, @Nullable Long paymentId, @Nullable Long refundId,
			@Nullable Long orderId, @Nullable Long schoolId) {
	}

	private record Ours(long id, long amountFen, @Nullable Long postingId, long orderId, long schoolId,
			@Nullable String transactionId, @Nullable String merchantOrderNo, @Nullable String refundNo,
			@Nullable String status) {
	}

	private static final String PAYMENTS = """
			SELECT p.id, p.amount_fen, p.posting_id, p.order_id, o.school_id, p.transaction_id, p.merchant_order_no,
			  NULL AS refund_no, NULL AS status
			FROM billing_payment p JOIN billing_order o ON o.id = p.order_id
			WHERE p.method = 'ONLINE' AND p.gateway = :g""";

	private static final String REFUNDS = """
			SELECT r.id, r.amount_fen, r.posting_id, r.order_id, o.school_id, p.transaction_id, p.merchant_order_no,
			  r.refund_no, r.status
			FROM billing_refund r JOIN billing_payment p ON p.id = r.payment_id JOIN billing_order o ON o.id = r.order_id
			WHERE p.method = 'ONLINE' AND p.gateway = :g""";

	private static Ours ours(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Ours(rs.getLong("id"), rs.getLong("amount_fen"), rs.getObject("posting_id", Long.class),
				rs.getLong("order_id"), rs.getLong("school_id"), rs.getString("transaction_id"),
				rs.getString("merchant_order_no"), rs.getString("refund_no"), rs.getString("status"));
	}

	/** @return {open differences, differences cleared by this run} */
	private int[] compare(long runId, LocalDate day, @Nullable Long userId, Statement statement) {
		jdbc.sql("SELECT id FROM billing_recon_run WHERE id = :id FOR UPDATE").param("id", runId).query(Long.class).single();
		Instant from = day.atStartOfDay(Statement.ZONE).toInstant();
		Instant to = day.plusDays(1).atStartOfDay(Statement.ZONE).toInstant();
		String gw = gateway.name();
		Map<String, Found> found = new LinkedHashMap<>();
		Set<String> onStatementPayments = new HashSet<>();
		Set<String> onStatementRefunds = new HashSet<>();
		for (Statement.Line line : statement.lines()) {
			if (line.type() == Statement.Type.SUCCESS) {
				onStatementPayments.add(line.transactionId());
				String key = "payment:" + line.transactionId();
				Optional<Ours> ours = jdbc.sql(PAYMENTS + " AND p.transaction_id = :t")
					.param("g", gw)
					.param("t", line.transactionId())
					.query(Reconciliations::ours)
					.optional();
				if (ours.isEmpty()) {
					add(found, new Found(DifferenceKind.MISSING_ON_PLATFORM, key, "PAYMENT", line.transactionId(),
							line.merchantOrderNo(), null, line.orderFen(), null, null, null, null, null, null));
					continue;
				}
				Ours p = ours.get();
				if (p.amountFen() != line.orderFen()) {
					add(found, new Found(DifferenceKind.AMOUNT_MISMATCH, key, "PAYMENT", p.transactionId(),
							p.merchantOrderNo(), null, line.orderFen(), p.amountFen(), null, p.id(), null, p.orderId(),
							p.schoolId()));
				}
				checkLedger(found, key, "PAYMENT", p, line.orderFen());
			}
			else {
				String refundNo = line.merchantRefundNo() != null ? line.merchantRefundNo() : line.refundId();
				onStatementRefunds.add(String.valueOf(refundNo));
				String key = "refund:" + refundNo;
				Optional<Ours> ours = jdbc.sql(REFUNDS + " AND r.refund_no = :n AND r.status = 'DONE'")
					.param("g", gw)
					.param("n", String.valueOf(refundNo))
					.query(Reconciliations::ours)
					.optional();
				if (ours.isEmpty()) {
					add(found, new Found(DifferenceKind.MISSING_ON_PLATFORM, key, "REFUND", line.transactionId(),
							line.merchantOrderNo(), refundNo, line.refundFen(), null, null, null, null, null, null));
					continue;
				}
				Ours r = ours.get();
				if (r.amountFen() != line.refundFen()) {
					add(found, new Found(DifferenceKind.AMOUNT_MISMATCH, key, "REFUND", r.transactionId(),
							r.merchantOrderNo(), r.refundNo(), line.refundFen(), r.amountFen(), null, null, r.id(),
							r.orderId(), r.schoolId()));
				}
				checkLedger(found, key, "REFUND", r, line.refundFen());
			}
		}
		List<Ours> ourPayments = jdbc.sql(PAYMENTS + " AND p.paid_at >= :from AND p.paid_at < :to ORDER BY p.id")
			.param("g", gw)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query(Reconciliations::ours)
			.list();
		for (Ours p : ourPayments) {
			String key = "payment:" + p.transactionId();
			if (!onStatementPayments.contains(p.transactionId())) {
				add(found, new Found(DifferenceKind.MISSING_ON_STATEMENT, key, "PAYMENT", p.transactionId(),
						p.merchantOrderNo(), null, null, p.amountFen(), null, p.id(), null, p.orderId(), p.schoolId()));
				checkLedger(found, key, "PAYMENT", p, null);
			}
		}
		List<Ours> ourRefunds = jdbc.sql(REFUNDS + " AND r.status = 'DONE' AND r.done_at >= :from AND r.done_at < :to ORDER BY r.id")
			.param("g", gw)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query(Reconciliations::ours)
			.list();
		for (Ours r : ourRefunds) {
			String key = "refund:" + r.refundNo();
			if (!onStatementRefunds.contains(r.refundNo())) {
				add(found, new Found(DifferenceKind.MISSING_ON_STATEMENT, key, "REFUND", r.transactionId(),
						r.merchantOrderNo(), r.refundNo(), null, r.amountFen(), null, null, r.id(), r.orderId(),
						r.schoolId()));
				checkLedger(found, key, "REFUND", r, null);
			}
		}
		for (Found f : found.values()) {
			jdbc.sql("""
					INSERT INTO billing_recon_difference AS d (run_id, kind, item_key, line_type, transaction_id,
					  merchant_order_no, refund_no, statement_fen, platform_fen, ledger_fen, payment_id, refund_id,
					  order_id, school_id)
					VALUES (:run, :kind, :key, :type, :tx, :mo, :rn, :sf, :pf, :lf, :pid, :rid, :oid, :sid)
					ON CONFLICT (run_id, kind, item_key) DO UPDATE SET last_seen_at = now(),
					  statement_fen = CASE WHEN d.status = 'RESOLVED' THEN d.statement_fen ELSE EXCLUDED.statement_fen END,
					  platform_fen = CASE WHEN d.status = 'RESOLVED' THEN d.platform_fen ELSE EXCLUDED.platform_fen END,
					  ledger_fen = CASE WHEN d.status = 'RESOLVED' THEN d.ledger_fen ELSE EXCLUDED.ledger_fen END,
					  status = CASE WHEN d.status = 'CLEARED' THEN 'OPEN' ELSE d.status END,
					  cleared_at = CASE WHEN d.status = 'RESOLVED' THEN d.cleared_at ELSE NULL END""")
				.param("run", runId)
				.param("kind", f.kind().name())
				.param("key", truncate(f.itemKey(), 120))
				.param("type", f.lineType())
				.param("tx", f.transactionId())
				.param("mo", f.merchantOrderNo())
				.param("rn", f.refundNo())
				.param("sf", f.statementFen())
				.param("pf", f.platformFen())
				.param("lf", f.ledgerFen())
				.param("pid", f.paymentId())
				.param("rid", f.refundId())
				.param("oid", f.orderId())
				.param("sid", f.schoolId())
				.update();
		}
		// open differences this run did not find again (e.g. a late statement line arrived): cleared, kept
		int cleared = jdbc.sql("""
				UPDATE billing_recon_difference SET status = 'CLEARED', cleared_at = now()
				WHERE run_id = :run AND status = 'OPEN' AND last_seen_at < now()""")
			.param("run", runId)
			.update();
		jdbc.sql("""
				UPDATE billing_recon_run SET status = 'DONE', error = NULL, runs = runs + 1, started_by = :u,
				  started_at = now(), finished_at = clock_timestamp(), statement_lines = :lines,
				  statement_paid_fen = :sp, statement_refunded_fen = :sr, platform_paid_fen = :pp,
				  platform_refunded_fen = :pr, statement_csv = :csv
				WHERE id = :id""")
			.param("u", userId)
			.param("lines", statement.lines().size())
			.param("sp", statement.paidFen())
			.param("sr", statement.refundedFen())
			.param("pp", ourPayments.stream().mapToLong(Ours::amountFen).sum())
			.param("pr", ourRefunds.stream().mapToLong(Ours::amountFen).sum())
			.param("csv", statement.csv())
			.param("id", runId)
			.update();
		int open = jdbc.sql("SELECT count(*) FROM billing_recon_difference WHERE run_id = :run AND status = 'OPEN'")
			.param("run", runId)
			.query(Integer.class)
			.single();
		return new int[] { open, cleared };
	}

	private static void add(Map<String, Found> found, Found f) {
		found.putIfAbsent(f.kind() + "|" + f.itemKey(), f);
	}

	/**
	 * The record's posting must move {@code GATEWAY_CLEARING} by its amount (a payment debits it, a refund credits
	 * it); a missing or reversed posting counts as nothing moved.
	 */
	private void checkLedger(Map<String, Found> found, String key, String type, Ours ours,
			@Nullable Long statementFen) {
		long moved = 0;
		if (ours.postingId() != null && ledger.reversalOf(ours.postingId()).isEmpty()) {
			Optional<Entry> entry = ledger.entry(ours.postingId());
			if (entry.isPresent()) {
				Side into = type.equals("PAYMENT") ? Side.DEBIT : Side.CREDIT;
				for (Entry.Line line : entry.get().lines()) {
					if (line.account().kind() == AccountKind.GATEWAY_CLEARING) {
						moved += line.side() == into ? line.amount().fen() : -line.amount().fen();
					}
				}
			}
		}
		if (moved != ours.amountFen()) {
			add(found, new Found(DifferenceKind.LEDGER_MISMATCH, key, type, ours.transactionId(), ours.merchantOrderNo(),
					ours.refundNo(), statementFen, ours.amountFen(), moved, type.equals("PAYMENT") ? ours.id() : null,
					type.equals("REFUND") ? ours.id() : null, ours.orderId(), ours.schoolId()));
		}
	}

	// --- reading -----------------------------------------------------------------------------------------------------

	private static final String SELECT_RUN = """
			SELECT id, gateway, day, status, runs, statement_lines, statement_paid_fen, statement_refunded_fen,
			  platform_paid_fen, platform_refunded_fen, error, started_at, finished_at FROM billing_recon_run""";

	private static Run mapRun(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		Timestamp finished = rs.getTimestamp("finished_at");
		return new Run(rs.getLong("id"), rs.getString("gateway"), rs.getObject("day", LocalDate.class),
				rs.getString("status"), rs.getInt("runs"), rs.getInt("statement_lines"), rs.getLong("statement_paid_fen"),
				rs.getLong("statement_refunded_fen"), rs.getLong("platform_paid_fen"),
				rs.getLong("platform_refunded_fen"), rs.getString("error"), rs.getTimestamp("started_at").toInstant(),
				finished == null ? null : finished.toInstant());
	}

	public Optional<Run> find(long runId) {
		return jdbc.sql(SELECT_RUN + " WHERE id = :id").param("id", runId).query(Reconciliations::mapRun).optional();
	}

	/** The run of the gateway in use for a day, if any. */
	public Optional<Run> runOf(LocalDate day) {
		return jdbc.sql(SELECT_RUN + " WHERE gateway = :g AND day = :d")
			.param("g", gateway.name())
			.param("d", day)
			.query(Reconciliations::mapRun)
			.optional();
	}

	/** The latest runs, newest day first. */
	public List<Run> recentRuns(int limit) {
		return jdbc.sql(SELECT_RUN + " ORDER BY day DESC, gateway LIMIT :n").param("n", limit).query(Reconciliations::mapRun).list();
	}

	/** The statement as fetched by the day's run (or fetched now, when the day has no run yet). */
	public String statementCsv(LocalDate day) {
		return runOf(day).flatMap(r -> jdbc.sql("SELECT statement_csv FROM billing_recon_run WHERE id = :id")
			.param("id", r.id())
			.query(String.class)
			.optional()).orElseGet(() -> gateway.statement(day).csv());
	}

	private static final String SELECT_DIFFERENCE = """
			SELECT d.*, r.day, s.name AS school_name FROM billing_recon_difference d
			JOIN billing_recon_run r ON r.id = d.run_id LEFT JOIN school s ON s.id = d.school_id""";

	private static Difference mapDifference(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		Timestamp resolved = rs.getTimestamp("resolved_at");
		return new Difference(rs.getLong("id"), rs.getLong("run_id"), rs.getObject("day", LocalDate.class),
				DifferenceKind.valueOf(rs.getString("kind")), rs.getString("line_type"), rs.getString("transaction_id"),
				rs.getString("merchant_order_no"), rs.getString("refund_no"), rs.getObject("statement_fen", Long.class),
				rs.getObject("platform_fen", Long.class), rs.getObject("ledger_fen", Long.class),
				rs.getObject("order_id", Long.class), rs.getObject("school_id", Long.class), rs.getString("school_name"),
				DifferenceStatus.valueOf(rs.getString("status")), rs.getTimestamp("first_seen_at").toInstant(),
				rs.getTimestamp("last_seen_at").toInstant(), rs.getString("resolved_by_name"),
				resolved == null ? null : resolved.toInstant(), rs.getString("resolution_note"));
	}

	/**
	 * The differences of a run the scope sees: the city all; a town those of its schools' orders; anyone else none
	 * (differences with no order of ours are the city's).
	 */
	public List<Difference> differences(Scope scope, long runId) {
		return jdbc.sql(SELECT_DIFFERENCE + " WHERE d.run_id = :run AND " + scopeFilter(scope) + " ORDER BY d.id")
			.param("run", runId)
			.param("town", scope.townId() == null ? -1L : scope.townId())
			.query(Reconciliations::mapDifference)
			.list();
	}

	/** Open differences of every day the scope sees, oldest first. */
	public List<Difference> openDifferences(Scope scope, int limit) {
		return jdbc.sql(SELECT_DIFFERENCE + " WHERE d.status = 'OPEN' AND " + scopeFilter(scope)
				+ " ORDER BY r.day, d.id LIMIT :n")
			.param("town", scope.townId() == null ? -1L : scope.townId())
			.param("n", limit)
			.query(Reconciliations::mapDifference)
			.list();
	}

	public Optional<Difference> difference(long id) {
		return jdbc.sql(SELECT_DIFFERENCE + " WHERE d.id = :id").param("id", id).query(Reconciliations::mapDifference).optional();
	}

	private static String scopeFilter(Scope scope) {
		return switch (scope.role()) {
			case CITY_ADMIN -> "TRUE";
			case TOWN_ADMIN -> "s.town_id = :town";
			default -> "FALSE";
		};
	}

	/**
	 * Resolves a difference with a note (who and when are kept). Changes nothing in billing or the ledger: a
	 * correction is made where it belongs (a refund, a ledger correction) and the note says so.
	 *
	 * @throws AlreadyResolved when it was resolved before (the first resolution stays)
	 * @throws IllegalArgumentException when the note is blank or longer than 500 characters
	 */
	public Difference resolve(long differenceId, String note, KehouUser user) {
		String text = note.strip();
		if (text.isEmpty() || text.length() > 500) {
			throw new IllegalArgumentException("note");
		}
		return transactions.execute(tx -> {
			int updated = jdbc.sql("""
					UPDATE billing_recon_difference SET status = 'RESOLVED', resolved_by = :u, resolved_by_name = :n,
					  resolved_at = now(), resolution_note = :note
					WHERE id = :id AND status <> 'RESOLVED'""")
				.param("u", user.id())
				.param("n", truncate(user.displayName(), 100))
				.param("note", text)
				.param("id", differenceId)
				.update();
			if (updated == 0) {
				throw new AlreadyResolved(differenceId);
			}
			Difference d = difference(differenceId).orElseThrow();
			audit.record(AuditLog.Entry.of("reconciliation.resolve", "reconciliation-difference", differenceId)
				.in(null, d.schoolId())
				.detail(d.kind() + " " + d.day() + ": " + truncate(text, 200)));
			return d;
		});
	}

	private static String truncate(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max);
	}
}
