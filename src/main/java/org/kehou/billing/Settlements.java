package org.kehou.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.CheckIns;
import org.kehou.billing.SettlementRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Leg;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.Posting;
import org.kehou.ledger.PostingKind;
import org.kehou.organisation.Terms;
import org.kehou.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Provider settlement (结算): a statement per provider, school and period (a term, or a calendar month inside it) of
 * the lessons the provider actually gave at the school — “lessons actually given × price, minus refunds”.
 * <p>
 * <b>The computation.</b> The provider's offerings at the school in the term ({@code offering.provider_id}), their
 * sessions of the period up to today. A session is <em>given</em> when it is scheduled and one of the provider's
 * instructors checked in ({@link CheckIns#ofProvider}). A given session charges each order line of its offering that
 * had begun ({@code from_date} on or before the session's day), had not ended by the end of that day (city time) and
 * has no credit for that session (leave, cancellation) — each line at most {@code lessons - credited_lessons}
 * sessions in all, counted from the term's start in date order — and earns each such line's fee per lesson. Sessions
 * not given earn nothing and are listed as not checked in, cancelled or moved. The credits of the provider's lines in
 * the period are shown as information.
 * <p>
 * <b>Lifecycle.</b> A provider admin makes a {@link SettlementStatus#DRAFT} (computed on demand; recomputable) and
 * submits it once the period is over; a school admin may instead make one that is submitted at once. The school
 * admin of the school (or the town admin) approves it — the figures are frozen (its lines stored) and posted once to
 * the ledger (key {@code settlement:<id>}, Dr provider payable / Cr gateway clearing) — or returns it with a reason.
 * The database keeps one live (not returned) statement per provider and school over any day (an exclusion
 * constraint), and approval locks the statement row, so two approvals at once post once.
 */
@Service
public class Settlements {

	/** How many statements a list shows at most (newest periods first). */
	public static final int LIST_LIMIT = 200;

	static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

	/** A list's filters (null: any). Ids outside the caller's scope simply match nothing. */
	public record Filter(@Nullable SettlementStatus status, @Nullable Long providerId, @Nullable Long schoolId) {

		public static final Filter NONE = new Filter(null, null, null);
	}

	/** A provider and term (at a school) a statement can be made for by the caller. */
	public record Candidate(long providerId, String providerName, long termId, String termName, long schoolId,
			String schoolName, LocalDate startsOn, LocalDate endsOn) {
	}

	private final JdbcClient jdbc;

	private final CheckIns checkIns;

	private final Ledger ledger;

	private final AuditLog audit;

	private final MessageSource messages;

	Settlements(JdbcClient jdbc, CheckIns checkIns, Ledger ledger, AuditLog audit, MessageSource messages) {
		this.jdbc = jdbc;
		this.checkIns = checkIns;
		this.ledger = ledger;
		this.audit = audit;
		this.messages = messages;
	}

	/** Today in the city (Asia/Shanghai). */
	public static LocalDate today() {
		return LocalDate.now(Terms.CITY_ZONE);
	}

	// --- reading ----------------------------------------------------------------------------------------------------

	/** The statements the scope reaches: a provider admin its provider's, a school admin its school's, a town admin its
	 * town's, the city all; other roles none. */
	@Transactional(readOnly = true)
	public List<SettlementView> list(Scope scope, Filter filter) {
		Long town = null;
		Long school = null;
		Long provider = null;
		switch (scope.role()) {
			case CITY_ADMIN -> {
			}
			case TOWN_ADMIN -> town = scope.townId();
			case SCHOOL_ADMIN -> school = scope.schoolId();
			case PROVIDER_ADMIN -> provider = scope.providerId();
			default -> {
				return List.of();
			}
		}
		if ((scope.role() == Role.TOWN_ADMIN && town == null) || (scope.role() == Role.SCHOOL_ADMIN && school == null)
				|| (scope.role() == Role.PROVIDER_ADMIN && provider == null)) {
			return List.of();
		}
		return jdbc.sql(HEAD + """
				 WHERE (CAST(:town AS BIGINT) IS NULL OR s.town_id = :town)
				  AND (CAST(:school AS BIGINT) IS NULL OR b.school_id = :school)
				  AND (CAST(:provider AS BIGINT) IS NULL OR b.provider_id = :provider)
				  AND (CAST(:status AS VARCHAR) IS NULL OR b.status = :status)
				  AND (CAST(:fProvider AS BIGINT) IS NULL OR b.provider_id = :fProvider)
				  AND (CAST(:fSchool AS BIGINT) IS NULL OR b.school_id = :fSchool)
				ORDER BY b.period_from DESC, b.id DESC LIMIT""" + " " + LIST_LIMIT)
			.param("town", town)
			.param("school", school)
			.param("provider", provider)
			.param("status", filter.status() == null ? null : filter.status().name())
			.param("fProvider", filter.providerId())
			.param("fSchool", filter.schoolId())
			.query(Settlements::head)
			.list();
	}

	@Transactional(readOnly = true)
	public Optional<SettlementView> find(long settlementId) {
		return jdbc.sql(HEAD + " WHERE b.id = :id").param("id", settlementId).query(Settlements::head).optional();
	}

	/** Whether the scope reaches the statement (the web layer's owner check says the same). */
	public static boolean reaches(Scope scope, SettlementView s) {
		return switch (scope.role()) {
			case CITY_ADMIN -> true;
			case TOWN_ADMIN -> s.townId() != null && s.townId().equals(scope.townId());
			case SCHOOL_ADMIN -> Long.valueOf(s.schoolId()).equals(scope.schoolId());
			case PROVIDER_ADMIN -> Long.valueOf(s.providerId()).equals(scope.providerId());
			default -> false;
		};
	}

	/** The statement in full: the stored lines of an approved one, else computed now (up to today). */
	@Transactional(readOnly = true)
	public Statement statement(long settlementId) {
		SettlementView head = find(settlementId)
			.orElseThrow(() -> new SettlementRefused(Reason.NOT_FOUND, "no statement " + settlementId));
		return head.status() == SettlementStatus.APPROVED ? frozen(head) : compute(head, Settlements.now());
	}

	/** The providers and terms the caller may make a statement for (a provider admin: its offerings' schools and
	 * terms; a school admin: the providers with offerings at the school), newest terms first. */
	@Transactional(readOnly = true)
	public List<Candidate> candidates(KehouUser actor) {
		Scope scope = actor.scope();
		String where;
		Long anchor;
		if (actor.role() == Role.PROVIDER_ADMIN && scope.providerId() != null) {
			where = "o.provider_id = :a";
			anchor = scope.providerId();
		}
		else if (actor.role() == Role.SCHOOL_ADMIN && scope.schoolId() != null) {
			where = "o.school_id = :a AND o.provider_id IS NOT NULL";
			anchor = scope.schoolId();
		}
		else {
			return List.of();
		}
		return jdbc.sql("""
				SELECT DISTINCT p.id AS provider_id, p.legal_name, t.id AS term_id, t.name AS term_name, s.id AS school_id,
				  s.name AS school_name, t.starts_on, t.ends_on
				FROM offering o JOIN provider p ON p.id = o.provider_id JOIN term t ON t.id = o.term_id
				JOIN school s ON s.id = o.school_id WHERE""" + " " + where
				+ " ORDER BY t.starts_on DESC, s.name, p.legal_name, t.id, p.id LIMIT 200")
			.param("a", anchor)
			.query((rs, i) -> new Candidate(rs.getLong("provider_id"), rs.getString("legal_name"), rs.getLong("term_id"),
					rs.getString("term_name"), rs.getLong("school_id"), rs.getString("school_name"),
					rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class)))
			.list();
	}

	// --- the lifecycle ------------------------------------------------------------------------------------------------

	/**
	 * Makes a statement for a provider at the term's school, for the whole term ({@code month} null) or one calendar
	 * month of it. A provider admin (of that provider) makes a {@link SettlementStatus#DRAFT}; a school admin (of that
	 * school) makes one that is {@link SettlementStatus#SUBMITTED} at once, for a period that is over.
	 */
	@Transactional
	public SettlementView create(KehouUser actor, long providerId, long termId, @Nullable YearMonth month) {
		record Term(long school, @Nullable Long town, LocalDate startsOn, LocalDate endsOn) {
		}
		Term term = jdbc.sql("""
				SELECT t.school_id, s.town_id, t.starts_on, t.ends_on FROM term t JOIN school s ON s.id = t.school_id
				WHERE t.id = :t""")
			.param("t", termId)
			.query((rs, i) -> new Term(rs.getLong(1), rs.getObject(2, Long.class), rs.getObject(3, LocalDate.class),
					rs.getObject(4, LocalDate.class)))
			.optional()
			.orElseThrow(() -> new SettlementRefused(Reason.NOT_FOUND, "no term " + termId));
		Scope scope = actor.scope();
		SettlementStatus status;
		if (actor.role() == Role.PROVIDER_ADMIN && Long.valueOf(providerId).equals(scope.providerId())) {
			status = SettlementStatus.DRAFT;
		}
		else if (actor.role() == Role.SCHOOL_ADMIN && Long.valueOf(term.school()).equals(scope.schoolId())) {
			status = SettlementStatus.SUBMITTED;
		}
		else {
			throw new SettlementRefused(Reason.NOT_FOUND, "not yours: provider " + providerId + ", term " + termId);
		}
		long offerings = jdbc.sql("SELECT count(*) FROM offering WHERE provider_id = :p AND term_id = :t AND school_id = :s")
			.param("p", providerId)
			.param("t", termId)
			.param("s", term.school())
			.query(Long.class)
			.single();
		if (offerings == 0) {
			throw new SettlementRefused(Reason.NO_OFFERINGS, "provider " + providerId + " has no offering in term " + termId);
		}
		LocalDate from = term.startsOn();
		LocalDate to = term.endsOn();
		if (month != null) {
			from = later(from, month.atDay(1));
			to = earlier(to, month.atEndOfMonth());
			if (to.isBefore(from)) {
				throw new SettlementRefused(Reason.OUTSIDE_TERM, month + " is outside the term");
			}
		}
		LocalDate today = today();
		if (status == SettlementStatus.SUBMITTED && !to.isBefore(today)) {
			throw new SettlementRefused(Reason.PERIOD_NOT_OVER, "the period ends " + to);
		}
		long overlapping = jdbc.sql("""
				SELECT count(*) FROM billing_settlement WHERE provider_id = :p AND school_id = :s AND status <> 'RETURNED'
				AND period_from <= :to AND period_to >= :from""")
			.param("p", providerId)
			.param("s", term.school())
			.param("from", from)
			.param("to", to)
			.query(Long.class)
			.single();
		if (overlapping > 0) {
			throw taken(providerId, from, to);
		}
		long id;
		try {
			id = jdbc.sql("""
					INSERT INTO billing_settlement (provider_id, school_id, term_id, period_month, period_from, period_to,
					  status, computed_to, created_by, submitted_by, submitted_at)
					VALUES (:p, :s, :t, :m, :from, :to, :status, :from, :u, :sub, :subAt) RETURNING id""")
				.param("p", providerId)
				.param("s", term.school())
				.param("t", termId)
				.param("m", month == null ? null : month.atDay(1))
				.param("from", from)
				.param("to", to)
				.param("status", status.name())
				.param("u", actor.id())
				.param("sub", status == SettlementStatus.SUBMITTED ? actor.id() : null)
				.param("subAt", status == SettlementStatus.SUBMITTED ? Timestamp.from(Instant.now()) : null)
				.query(Long.class)
				.single();
		}
		catch (DataAccessException e) {
			if (exclusionViolated(e)) {
				throw taken(providerId, from, to); // a concurrent statement for the same period won
			}
			throw e;
		}
		SettlementView head = find(id).orElseThrow();
		store(head, compute(head, now()));
		audit.record(AuditLog.Entry.of("settlement-statement.create", "billing_settlement", id)
			.in(term.town(), term.school())
			.detail("provider " + providerId + ", " + from + "–" + to + ", " + status));
		return find(id).orElseThrow();
	}

	/** Recomputes a draft's figures (the provider admin); the lines are computed again whenever shown anyway. */
	@Transactional
	public SettlementView recompute(KehouUser actor, long settlementId) {
		SettlementView head = lock(settlementId);
		requireProvider(actor, head);
		requireStatus(head, SettlementStatus.DRAFT);
		store(head, compute(head, now()));
		return find(settlementId).orElseThrow();
	}

	/** Submits a draft to the school (the provider admin), once its period is over. */
	@Transactional
	public SettlementView submit(KehouUser actor, long settlementId) {
		SettlementView head = lock(settlementId);
		requireProvider(actor, head);
		requireStatus(head, SettlementStatus.DRAFT);
		requireOver(head);
		store(head, compute(head, now()));
		jdbc.sql("""
				UPDATE billing_settlement SET status = 'SUBMITTED', submitted_by = :u, submitted_at = now() WHERE id = :id""")
			.param("u", actor.id())
			.param("id", settlementId)
			.update();
		audit.record(AuditLog.Entry.of("settlement-statement.submit", "billing_settlement", settlementId)
			.in(head.townId(), head.schoolId())
			.detail(head.total().toString()));
		return find(settlementId).orElseThrow();
	}

	/** Deletes a draft (the provider admin): nothing was stored or posted for it. */
	@Transactional
	public void discard(KehouUser actor, long settlementId) {
		SettlementView head = lock(settlementId);
		requireProvider(actor, head);
		requireStatus(head, SettlementStatus.DRAFT);
		jdbc.sql("DELETE FROM billing_settlement WHERE id = :id").param("id", settlementId).update();
		audit.record(AuditLog.Entry.of("settlement-statement.discard", "billing_settlement", settlementId)
			.in(head.townId(), head.schoolId()));
	}

	/**
	 * Approves a submitted statement (the school admin of its school, or the town admin): computes it once more,
	 * freezes the lines, and posts the total once to the ledger (nothing for a zero total).
	 *
	 * @param expectedTotalFen the total the approver saw; if the figures changed since, nothing happens
	 *        ({@link Reason#CHANGED}); null: approve what the figures are now
	 * @throws SettlementRefused {@link Reason#WRONG_STATUS} when it is no longer submitted (e.g. approved meanwhile)
	 */
	@Transactional
	public SettlementView approve(KehouUser actor, long settlementId, @Nullable Long expectedTotalFen) {
		SettlementView head = lock(settlementId);
		requireSchool(actor, head);
		requireStatus(head, SettlementStatus.SUBMITTED);
		requireOver(head);
		Statement statement = compute(head, now());
		if (expectedTotalFen != null && expectedTotalFen != statement.total().fen()) {
			throw new SettlementRefused(Reason.CHANGED,
					"the total is " + statement.total() + " now, not " + Money.ofFen(expectedTotalFen));
		}
		store(head, statement);
		freeze(settlementId, statement);
		Long postingId = null;
		if (statement.total().fen() > 0) {
			String description = messages.getMessage("settlement.posting", new Object[] { head.providerName(),
					head.schoolName(), period(head, Locale.SIMPLIFIED_CHINESE), statement.count(SessionState.GIVEN) },
					Locale.SIMPLIFIED_CHINESE);
			postingId = ledger
				.post(new Posting("settlement:" + settlementId, PostingKind.SETTLEMENT, "settlement:" + settlementId,
						description.length() > 300 ? description.substring(0, 300) : description, Instant.now(),
						List.of(Leg.debit(AccountRef.providerPayable(head.providerId()), statement.total()),
								Leg.credit(AccountRef.gatewayClearing(), statement.total()))))
				.id();
		}
		jdbc.sql("""
				UPDATE billing_settlement SET status = 'APPROVED', decided_by = :u, decided_at = now(), posting_id = :posting
				WHERE id = :id""")
			.param("u", actor.id())
			.param("posting", postingId)
			.param("id", settlementId)
			.update();
		audit.record(AuditLog.Entry.of("settlement-statement.approve", "billing_settlement", settlementId)
			.in(head.townId(), head.schoolId())
			.detail(statement.total().toString()));
		return find(settlementId).orElseThrow();
	}

	/** Returns a submitted statement with a reason (the school admin or town admin); the provider may make a new one. */
	@Transactional
	public SettlementView sendBack(KehouUser actor, long settlementId, @Nullable String reason) {
		String text = reason == null ? "" : reason.strip();
		if (text.isEmpty() || text.length() > 200) {
			throw new SettlementRefused(Reason.REASON_REQUIRED, "a reason of 1–200 characters is required");
		}
		SettlementView head = lock(settlementId);
		requireSchool(actor, head);
		requireStatus(head, SettlementStatus.SUBMITTED);
		jdbc.sql("""
				UPDATE billing_settlement SET status = 'RETURNED', decided_by = :u, decided_at = now(), return_reason = :r
				WHERE id = :id""")
			.param("u", actor.id())
			.param("r", text)
			.param("id", settlementId)
			.update();
		audit.record(AuditLog.Entry.of("settlement-statement.return", "billing_settlement", settlementId)
			.in(head.townId(), head.schoolId())
			.detail(text));
		return find(settlementId).orElseThrow();
	}

	// --- exports -----------------------------------------------------------------------------------------------------

	/** The statement as an .xlsx workbook (labels in {@code locale}). */
	@Transactional(readOnly = true)
	public byte[] xlsx(long settlementId, Locale locale) {
		return SettlementDocuments.xlsx(statement(settlementId), new Texts(messages, locale));
	}

	/** The statement as a PDF (labels in {@code locale}). */
	@Transactional(readOnly = true)
	public byte[] pdf(long settlementId, Locale locale) {
		return SettlementDocuments.pdf(statement(settlementId), new Texts(messages, locale));
	}

	/** The period as people say it: {@code 2026年10月} or the term's name. */
	public String period(SettlementView s, Locale locale) {
		return s.month() == null ? s.termName()
				: messages.getMessage("settlement.month", new Object[] { String.valueOf(s.month().getYear()),
						s.month().getMonthValue() }, locale);
	}

	// --- the computation ---------------------------------------------------------------------------------------------

	static LocalDateTime now() {
		return LocalDateTime.now(Terms.CITY_ZONE);
	}

	private record Offering(long id, String name, Money fee) {
	}

	private record Session(long id, long offering, LocalDate date, LocalTime starts, LocalTime ends, String status,
			@Nullable String reason) {
	}

	private record Line(long id, long offering, long fee, int chargeable, LocalDate fromDate, @Nullable LocalDate endedOn) {
	}

	/** The statement of the period as the records stand now ({@code now}: city time). */
	Statement compute(SettlementView head, LocalDateTime now) {
		LocalDate today = now.toLocalDate();
		LocalDate upTo = earlier(head.to(), today);
		LocalDate termStart = jdbc.sql("SELECT starts_on FROM term WHERE id = :t")
			.param("t", head.termId())
			.query(LocalDate.class)
			.single();
		List<Offering> offerings = jdbc.sql("""
				SELECT id, name, fee_per_lesson_fen FROM offering
				WHERE provider_id = :p AND school_id = :s AND term_id = :t ORDER BY name, id""")
			.param("p", head.providerId())
			.param("s", head.schoolId())
			.param("t", head.termId())
			.query((rs, i) -> new Offering(rs.getLong(1), rs.getString(2), Money.ofFen(rs.getLong(3))))
			.list();
		List<Statement.OfferingPart> parts = new ArrayList<>();
		if (!offerings.isEmpty() && !upTo.isBefore(termStart) && !upTo.isBefore(head.from())) {
			List<Long> ids = offerings.stream().map(Offering::id).toList();
			List<Session> sessions = jdbc.sql("""
					SELECT id, offering_id, session_date, starts_at, ends_at, status, reason FROM class_session
					WHERE offering_id IN (:ids) AND session_date BETWEEN :start AND :upTo
					ORDER BY session_date, starts_at, id""")
				.param("ids", ids)
				.param("start", termStart)
				.param("upTo", upTo)
				.query((rs, i) -> new Session(rs.getLong(1), rs.getLong(2), rs.getObject(3, LocalDate.class),
						rs.getObject(4, LocalTime.class), rs.getObject(5, LocalTime.class), rs.getString(6),
						rs.getString(7)))
				.list();
			Map<Long, List<CheckIns.CheckIn>> checkedIn = checkIns
				.ofProvider(head.providerId(), earlier(termStart, upTo), upTo)
				.stream()
				.collect(Collectors.groupingBy(CheckIns.CheckIn::sessionId, LinkedHashMap::new, Collectors.toList()));
			List<Line> lines = jdbc.sql("""
					SELECT id, offering_id, fee_per_lesson_fen, lessons - credited_lessons, from_date,
					  (ended_at AT TIME ZONE 'Asia/Shanghai')::date FROM billing_order_line
					WHERE offering_id IN (:ids) ORDER BY id""")
				.param("ids", ids)
				.query((rs, i) -> new Line(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4),
						rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class)))
				.list();
			Set<String> credited = new HashSet<>(jdbc.sql("""
					SELECT c.line_id || ':' || c.session_id FROM billing_credit c
					JOIN billing_order_line l ON l.id = c.line_id
					WHERE l.offering_id IN (:ids) AND c.session_id IS NOT NULL""")
				.param("ids", ids)
				.query(String.class)
				.list());
			Map<Long, List<Line>> linesOf = lines.stream()
				.collect(Collectors.groupingBy(Line::offering, LinkedHashMap::new, Collectors.toList()));
			Map<Long, Integer> charged = new HashMap<>();
			Map<Long, List<Statement.SessionLine>> shown = new LinkedHashMap<>();
			for (Session s : sessions) {
				List<CheckIns.CheckIn> ins = checkedIn.getOrDefault(s.id(), List.of());
				SessionState state = state(s, !ins.isEmpty(), now);
				int children = 0;
				long amount = 0;
				if (state == SessionState.GIVEN) {
					for (Line line : linesOf.getOrDefault(s.offering(), List.of())) {
						boolean begun = !line.fromDate().isAfter(s.date());
						boolean notEnded = line.endedOn() == null || line.endedOn().isAfter(s.date());
						int sofar = charged.getOrDefault(line.id(), 0);
						if (begun && notEnded && !credited.contains(line.id() + ":" + s.id()) && sofar < line.chargeable()) {
							charged.put(line.id(), sofar + 1);
							children++;
							amount = Math.addExact(amount, line.fee());
						}
					}
				}
				if (!s.date().isBefore(head.from())) {
					String notes = ins.stream()
						.map(c -> c.instructorName() + " " + c.checkedInAt().toLocalTime().format(HOUR_MINUTE))
						.collect(Collectors.joining("、"));
					shown.computeIfAbsent(s.offering(), o -> new ArrayList<>())
						.add(new Statement.SessionLine(s.id(), s.date(), s.starts(), s.ends(), state, s.reason(),
								notes.length() > 500 ? notes.substring(0, 500) : notes, children, Money.ofFen(amount)));
				}
			}
			for (Offering o : offerings) {
				parts.add(new Statement.OfferingPart(o.id(), o.name(), o.fee(), shown.getOrDefault(o.id(), List.of())));
			}
		}
		else {
			for (Offering o : offerings) {
				parts.add(new Statement.OfferingPart(o.id(), o.name(), o.fee(), List.of()));
			}
		}
		return new Statement(withComputedTo(head, upTo), parts, credits(head), false);
	}

	private static SessionState state(Session s, boolean checkedIn, LocalDateTime now) {
		return switch (s.status()) {
			case "CANCELLED" -> SessionState.CANCELLED;
			case "RESCHEDULED" -> SessionState.RESCHEDULED;
			default -> checkedIn ? SessionState.GIVEN
					: s.date().equals(now.toLocalDate()) && now.toLocalTime().isBefore(s.ends()) ? SessionState.UPCOMING
							: SessionState.NOT_CHECKED_IN;
		};
	}

	/** The credits of the provider's lines at the school in the term dated in the period (the session's day, or the
	 * day a whole-term credit was made). */
	private List<Statement.CreditLine> credits(SettlementView head) {
		return jdbc.sql("""
				SELECT c.id, coalesce(cs.session_date, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date) AS credit_date,
				  l.name AS offering_name, st.name AS child_name, c.reason, c.lessons, c.guardian_fen + c.fund_fen AS total
				FROM billing_credit c JOIN billing_order_line l ON l.id = c.line_id
				JOIN billing_order o ON o.id = l.order_id JOIN student st ON st.id = o.student_id
				LEFT JOIN class_session cs ON cs.id = c.session_id
				WHERE l.provider_id = :p AND o.school_id = :s AND o.term_id = :t
				  AND coalesce(cs.session_date, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date) BETWEEN :from AND :to
				ORDER BY credit_date, c.id""")
			.param("p", head.providerId())
			.param("s", head.schoolId())
			.param("t", head.termId())
			.param("from", head.from())
			.param("to", head.to())
			.query((rs, i) -> new Statement.CreditLine(rs.getLong("id"), rs.getObject("credit_date", LocalDate.class),
					rs.getString("offering_name"), rs.getString("child_name"), rs.getString("reason"),
					rs.getInt("lessons"), Money.ofFen(rs.getLong("total"))))
			.list();
	}

	/** An approved statement as stored. */
	private Statement frozen(SettlementView head) {
		Map<Long, Statement.OfferingPart> parts = new LinkedHashMap<>();
		Map<Long, List<Statement.SessionLine>> sessions = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT offering_id, offering_name, fee_per_lesson_fen, session_id, session_date, starts_at, ends_at, state,
				  reason, check_ins, children, amount_fen FROM billing_settlement_line WHERE settlement_id = :id ORDER BY line""")
			.param("id", head.id())
			.query((rs, i) -> {
				long offering = rs.getLong("offering_id");
				parts.putIfAbsent(offering, new Statement.OfferingPart(offering, rs.getString("offering_name"),
						Money.ofFen(rs.getLong("fee_per_lesson_fen")), List.of()));
				sessions.computeIfAbsent(offering, o -> new ArrayList<>())
					.add(new Statement.SessionLine(rs.getLong("session_id"), rs.getObject("session_date", LocalDate.class),
							rs.getObject("starts_at", LocalTime.class), rs.getObject("ends_at", LocalTime.class),
							SessionState.valueOf(rs.getString("state")), rs.getString("reason"), rs.getString("check_ins"),
							rs.getInt("children"), Money.ofFen(rs.getLong("amount_fen"))));
				return null;
			})
			.list();
		List<Statement.OfferingPart> offerings = parts.values()
			.stream()
			.map(p -> new Statement.OfferingPart(p.offeringId(), p.name(), p.feePerLesson(),
					sessions.getOrDefault(p.offeringId(), List.of())))
			.toList();
		List<Statement.CreditLine> credits = jdbc.sql("""
				SELECT credit_id, credit_date, offering_name, child_name, reason, lessons, amount_fen
				FROM billing_settlement_credit WHERE settlement_id = :id ORDER BY line""")
			.param("id", head.id())
			.query((rs, i) -> new Statement.CreditLine(rs.getLong(1), rs.getObject(2, LocalDate.class), rs.getString(3),
					rs.getString(4), rs.getString(5), rs.getInt(6), Money.ofFen(rs.getLong(7))))
			.list();
		return new Statement(head, offerings, credits, true);
	}

	/** Stores the lines of an approved statement (an offering without sessions in the period gets no line). */
	private void freeze(long settlementId, Statement statement) {
		int line = 1;
		for (Statement.OfferingPart o : statement.offerings()) {
			for (Statement.SessionLine s : o.sessions()) {
				jdbc.sql("""
						INSERT INTO billing_settlement_line (settlement_id, line, offering_id, offering_name, fee_per_lesson_fen,
						  session_id, session_date, starts_at, ends_at, state, reason, check_ins, children, amount_fen)
						VALUES (:id, :line, :o, :name, :fee, :s, :d, :a, :b, :state, :reason, :ins, :children, :amount)""")
					.param("id", settlementId)
					.param("line", line++)
					.param("o", o.offeringId())
					.param("name", o.name())
					.param("fee", o.feePerLesson().fen())
					.param("s", s.sessionId())
					.param("d", s.date())
					.param("a", s.starts())
					.param("b", s.ends())
					.param("state", s.state().name())
					.param("reason", s.reason())
					.param("ins", s.checkIns())
					.param("children", s.children())
					.param("amount", s.amount().fen())
					.update();
			}
		}
		int credit = 1;
		for (Statement.CreditLine c : statement.credits()) {
			jdbc.sql("""
					INSERT INTO billing_settlement_credit (settlement_id, line, credit_id, credit_date, offering_name,
					  child_name, reason, lessons, amount_fen)
					VALUES (:id, :line, :c, :d, :o, :child, :reason, :lessons, :amount)""")
				.param("id", settlementId)
				.param("line", credit++)
				.param("c", c.creditId())
				.param("d", c.date())
				.param("o", c.offeringName())
				.param("child", c.childName())
				.param("reason", c.reason())
				.param("lessons", c.lessons())
				.param("amount", c.amount().fen())
				.update();
		}
	}

	/** Keeps the figures of a computation on the statement's row (for lists). */
	private void store(SettlementView head, Statement statement) {
		jdbc.sql("""
				UPDATE billing_settlement SET sessions_given = :given, child_lessons = :children, total_fen = :total,
				  credits_fen = :credits, computed_at = now(), computed_to = :to WHERE id = :id""")
			.param("given", (int) statement.count(SessionState.GIVEN))
			.param("children", statement.childLessons())
			.param("total", statement.total().fen())
			.param("credits", statement.creditsTotal().fen())
			.param("to", statement.settlement().computedTo())
			.param("id", head.id())
			.update();
	}

	// --- checks ------------------------------------------------------------------------------------------------------

	private SettlementView lock(long settlementId) {
		jdbc.sql("SELECT id FROM billing_settlement WHERE id = :id FOR UPDATE")
			.param("id", settlementId)
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new SettlementRefused(Reason.NOT_FOUND, "no statement " + settlementId));
		return find(settlementId).orElseThrow();
	}

	private static void requireProvider(KehouUser actor, SettlementView s) {
		if (actor.role() != Role.PROVIDER_ADMIN || !Long.valueOf(s.providerId()).equals(actor.scope().providerId())) {
			throw new SettlementRefused(Reason.NOT_FOUND, "statement " + s.id() + " is not the caller's provider's");
		}
	}

	private static void requireSchool(KehouUser actor, SettlementView s) {
		boolean school = actor.role() == Role.SCHOOL_ADMIN && Long.valueOf(s.schoolId()).equals(actor.scope().schoolId());
		boolean town = actor.role() == Role.TOWN_ADMIN && s.townId() != null && s.townId().equals(actor.scope().townId());
		if (!school && !town) {
			throw new SettlementRefused(Reason.NOT_FOUND, "statement " + s.id() + " is not the caller's school's");
		}
	}

	private static void requireStatus(SettlementView s, SettlementStatus status) {
		if (s.status() != status) {
			throw new SettlementRefused(Reason.WRONG_STATUS, "statement " + s.id() + " is " + s.status());
		}
	}

	private static void requireOver(SettlementView s) {
		if (!s.over(today())) {
			throw new SettlementRefused(Reason.PERIOD_NOT_OVER, "the period ends " + s.to());
		}
	}

	private static SettlementRefused taken(long providerId, LocalDate from, LocalDate to) {
		return new SettlementRefused(Reason.TAKEN,
				"provider " + providerId + " has a live statement overlapping " + from + "–" + to);
	}

	private static boolean exclusionViolated(DataAccessException e) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
		return cause instanceof SQLException sql && "23P01".equals(sql.getSQLState());
	}

	private static LocalDate earlier(LocalDate a, LocalDate b) {
		return a.isBefore(b) ? a : b;
	}

	private static LocalDate later(LocalDate a, LocalDate b) {
		return a.isAfter(b) ? a : b;
	}

	private static SettlementView withComputedTo(SettlementView h, LocalDate to) {
		return new SettlementView(h.id(), h.providerId(), h.providerName(), h.schoolId(), h.schoolName(), h.townId(),
				h.termId(), h.termName(), h.month(), h.from(), h.to(), h.status(), h.sessionsGiven(), h.childLessons(),
				h.total(), h.credits(), h.computedAt(), to, h.createdBy(), h.createdAt(), h.submittedBy(), h.submittedAt(),
				h.decidedBy(), h.decidedAt(), h.returnReason(), h.postingId());
	}

	private static final String HEAD = """
			SELECT b.id, b.provider_id, p.legal_name AS provider_name, b.school_id, s.name AS school_name, s.town_id,
			  b.term_id, t.name AS term_name, b.period_month, b.period_from, b.period_to, b.status, b.sessions_given,
			  b.child_lessons, b.total_fen, b.credits_fen, b.computed_at, b.computed_to, cu.display_name AS created_by,
			  b.created_at, su.display_name AS submitted_by, b.submitted_at, du.display_name AS decided_by, b.decided_at,
			  b.return_reason, b.posting_id
			FROM billing_settlement b JOIN provider p ON p.id = b.provider_id JOIN school s ON s.id = b.school_id
			JOIN term t ON t.id = b.term_id LEFT JOIN app_user cu ON cu.id = b.created_by
			LEFT JOIN app_user su ON su.id = b.submitted_by LEFT JOIN app_user du ON du.id = b.decided_by""";

	private static SettlementView head(ResultSet rs, int row) throws SQLException {
		LocalDate month = rs.getObject("period_month", LocalDate.class);
		return new SettlementView(rs.getLong("id"), rs.getLong("provider_id"), rs.getString("provider_name"),
				rs.getLong("school_id"), rs.getString("school_name"), rs.getObject("town_id", Long.class),
				rs.getLong("term_id"), rs.getString("term_name"), month == null ? null : YearMonth.from(month),
				rs.getObject("period_from", LocalDate.class), rs.getObject("period_to", LocalDate.class),
				SettlementStatus.valueOf(rs.getString("status")), rs.getInt("sessions_given"), rs.getInt("child_lessons"),
				Money.ofFen(rs.getLong("total_fen")), Money.ofFen(rs.getLong("credits_fen")),
				instant(rs, "computed_at"), rs.getObject("computed_to", LocalDate.class), rs.getString("created_by"),
				instant(rs, "created_at"), rs.getString("submitted_by"), nullableInstant(rs, "submitted_at"),
				rs.getString("decided_by"), nullableInstant(rs, "decided_at"), rs.getString("return_reason"),
				rs.getObject("posting_id", Long.class));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getTimestamp(column).toInstant();
	}

	private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
		Timestamp at = rs.getTimestamp(column);
		return at == null ? null : at.toInstant();
	}

	/** Message lookup in one locale, for the documents. */
	record Texts(MessageSource messages, Locale locale) {

		String get(String key, Object... args) {
			return messages.getMessage(key, args, locale);
		}
	}
}
