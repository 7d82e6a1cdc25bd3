package org.kehou.feedback;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.ExitReviewRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.notification.Notice;
import org.kehou.notification.Notifications;
import org.kehou.providers.Providers;
import org.kehou.providers.ReviewAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * The exit rule (退出机制): a provider whose combined term satisfaction ({@link Scorecard#satisfaction()}, city-wide) is
 * below {@code kehou.feedback.scorecard.exit-below} (default 80 %) with at least
 * {@code kehou.feedback.scorecard.minimum-sample} ratings and survey answers (default 20) is flagged for exit review:
 * one {@code exit_review} row per provider and term (a unique key: concurrent flaggers store one), with the scorecard
 * at flag time as evidence, an audit entry and an inbox notice to the city's admins and the admins of the towns where
 * it works. The daily sweep ({@link #sweep}) and the button 重新评估 ({@link #reevaluate}) flag.
 * <p>
 * Reviewers decide with a reason ({@link #decide}): a town office for its town — keep with rectification, suspend the
 * admission to its pool ({@link Providers#suspendInTown}), lift its own suspension; the city — keep with rectification,
 * suspend city-wide or expel, both through {@link Providers#review}. Every decision is a row, audited.
 */
@Service
@EnableConfigurationProperties(ScorecardProperties.class)
public class ExitReviews {

	private static final Logger log = LoggerFactory.getLogger(ExitReviews.class);

	/** Terms ended at most this many days ago are still evaluated by the sweep (late ratings count). */
	public static final int GRACE_DAYS = 30;

	public static final int TEXT_MAX = 1000;

	/** A page of exit reviews. */
	public record Page(List<ExitReviewView> items, int page, int size, long total) {

		public int totalPages() {
			return (int) Math.max(1, (total + size - 1) / size);
		}

		public boolean hasPrevious() {
			return page > 0;
		}

		public boolean hasNext() {
			return (long) (page + 1) * size < total;
		}
	}

	/** The towns where the provider of an exit review works in its term, or is admitted (approved or suspended). */
	static final String TOWNS = """
			SELECT sc.town_id FROM offering o JOIN term t ON t.id = o.term_id JOIN school sc ON sc.id = o.school_id
			WHERE o.provider_id = e.provider_id AND t.school_year = e.school_year AND t.semester = e.semester
			  AND sc.town_id IS NOT NULL
			UNION SELECT a.town_id FROM provider_town_admission a WHERE a.provider_id = e.provider_id
			  AND a.status IN ('APPROVED', 'SUSPENDED')""";

	private final JdbcClient jdbc;

	private final Scorecards scorecards;

	private final ScorecardProperties properties;

	private final Providers providers;

	private final Notifications notifications;

	private final MessageSource messages;

	private final AuditLog audit;

	private final JsonMapper json;

	ExitReviews(JdbcClient jdbc, Scorecards scorecards, ScorecardProperties properties, Providers providers,
			Notifications notifications, MessageSource messages, AuditLog audit, JsonMapper json) {
		this.jdbc = jdbc;
		this.scorecards = scorecards;
		this.properties = properties;
		this.providers = providers;
		this.notifications = notifications;
		this.messages = messages;
		this.audit = audit;
		this.json = json;
	}

	public ScorecardProperties properties() {
		return properties;
	}

	/** Whether a scorecard meets the exit rule: enough sample and a combined satisfaction below the threshold. */
	public boolean below(Scorecard card) {
		BigDecimal satisfaction = card.satisfaction();
		return satisfaction != null && card.sample() >= properties.minimumSample()
				&& satisfaction.compareTo(properties.exitBelow()) < 0;
	}

	// --- flagging --------------------------------------------------------------------------------------------------

	/**
	 * The daily sweep: evaluates every provider with ratings or provider-linked survey answers in the terms holding
	 * {@code now} or ended at most {@value #GRACE_DAYS} days before. Idempotent (a provider is flagged once per term).
	 *
	 * @return the exit reviews created by this run
	 */
	@Transactional
	public List<Long> sweep(LocalDateTime now) {
		List<Long> flagged = new ArrayList<>();
		for (Scorecard.Term term : scorecards.recentTerms(now.toLocalDate(), GRACE_DAYS)) {
			for (long provider : scorecards.rated(term)) {
				evaluate(provider, term, now).ifPresent(flagged::add);
			}
		}
		return flagged;
	}

	/**
	 * 重新评估: the city evaluates every provider rated in the term, a town office those working or admitted in its town
	 * (on their city-wide figures, like the sweep).
	 *
	 * @return the exit reviews created
	 * @throws ExitReviewRefused FORBIDDEN for other roles
	 */
	@Transactional
	public List<Long> reevaluate(Scope by, Scorecard.Term term, LocalDateTime now) {
		if (by.role() != Role.CITY_ADMIN && by.role() != Role.TOWN_ADMIN) {
			throw new ExitReviewRefused(Reason.FORBIDDEN, "scorecard.refused.forbidden");
		}
		Set<Long> candidates = new LinkedHashSet<>(scorecards.rated(term));
		if (by.role() == Role.TOWN_ADMIN) {
			candidates.retainAll(scorecards.providers(by, term));
		}
		List<Long> flagged = new ArrayList<>();
		for (long provider : candidates) {
			evaluate(provider, term, now).ifPresent(flagged::add);
		}
		return flagged;
	}

	/**
	 * Flags the provider in the term if its city-wide scorecard meets the exit rule and it is not flagged yet.
	 *
	 * @return the new exit review, empty when not flagged now (figures fine, or flagged before)
	 */
	@Transactional
	public Optional<Long> evaluate(long providerId, Scorecard.Term term, LocalDateTime now) {
		Scorecard card = scorecards.card(providerId, term, Scorecards.Reach.ALL, now).orElse(null);
		if (card == null || !below(card)) {
			return Optional.empty();
		}
		Optional<Long> id = jdbc.sql("""
				INSERT INTO exit_review (provider_id, school_year, semester, satisfaction, sample, threshold, evidence,
				  flagged_at)
				VALUES (:p, :y, :s, :satisfaction, :sample, :threshold, CAST(:evidence AS JSONB), :at)
				ON CONFLICT (provider_id, school_year, semester) DO NOTHING RETURNING id""")
			.param("p", providerId)
			.param("y", term.schoolYear())
			.param("s", term.semester())
			.param("satisfaction", card.satisfaction())
			.param("sample", card.sample())
			.param("threshold", properties.exitBelow())
			.param("evidence", json.writeValueAsString(card))
			.param("at", OffsetDateTime.ofInstant(instant(now), org.kehou.organisation.Terms.CITY_ZONE))
			.query(Long.class)
			.optional();
		id.ifPresent(review -> {
			List<Long> towns = scorecards.towns(providerId, term);
			audit.record(AuditLog.Entry.of("exit-review-flag", "exit_review", review)
				.detail("provider=" + providerId + " term=" + term.label() + " satisfaction=" + card.satisfaction() + "% sample="
						+ card.sample()));
			notify(review, card, towns);
			log.info("Provider {} flagged for exit review {} ({} % of {})", providerId, review, card.satisfaction(),
					card.sample());
		});
		return id;
	}

	private void notify(long review, Scorecard card, List<Long> towns) {
		Locale zh = Locale.SIMPLIFIED_CHINESE;
		String title = messages.getMessage("scorecard.flagged", null, zh);
		String body = messages.getMessage("scorecard.notice.flagged", new Object[] { card.providerName(),
				card.term().label(), card.satisfaction(), card.sample(), properties.exitBelow() }, zh);
		List<Long> recipients = jdbc.sql("""
				SELECT id FROM app_user WHERE enabled AND (role = 'CITY_ADMIN'
				  OR (role = 'TOWN_ADMIN' AND town_id = ANY(CAST(:towns AS BIGINT[])))) ORDER BY id""")
			.param("towns", towns.toArray(Long[]::new))
			.query(Long.class)
			.list();
		List<Notice> notices = recipients.stream()
			.map(u -> new Notice(u, "scorecard.flagged", title, body, "/console/exit-reviews/" + review,
					"exit-review-" + review))
			.toList();
		if (!notices.isEmpty()) {
			notifications.sendAll(notices);
		}
	}

	// --- reading ---------------------------------------------------------------------------------------------------

	/** The towns where the provider of an exit review works or is admitted; empty for an unknown review. */
	public Optional<List<Long>> towns(long reviewId) {
		if (jdbc.sql("SELECT count(*) FROM exit_review WHERE id = :id").param("id", reviewId).query(Long.class).single() == 0) {
			return Optional.empty();
		}
		return Optional.of(jdbc.sql("SELECT x.town_id FROM exit_review e, LATERAL (" + TOWNS + ") x (town_id) WHERE e.id = :id")
			.param("id", reviewId)
			.query(Long.class)
			.list());
	}

	public Optional<ExitReviewView> find(long reviewId) {
		return jdbc.sql(SELECT + " WHERE e.id = :id")
			.param("id", reviewId)
			.query((rs, i) -> view(rs))
			.optional();
	}

	/** The flag of a provider in a term, if any. */
	public Optional<ExitReviewView> of(long providerId, Scorecard.Term term) {
		return jdbc.sql(SELECT + " WHERE e.provider_id = :p AND e.school_year = :y AND e.semester = :s")
			.param("p", providerId)
			.param("y", term.schoolYear())
			.param("s", term.semester())
			.query((rs, i) -> view(rs))
			.optional();
	}

	/**
	 * The exit reviews a reader sees, newest first: the city all, a town those of providers working or admitted in it.
	 *
	 * @param decided true: with a decision; false: none yet; null: all
	 */
	public Page list(Scope scope, @Nullable Boolean decided, int page, int size) {
		String where = " WHERE (CAST(:town AS BIGINT) IS NULL OR CAST(:town AS BIGINT) IN (" + TOWNS + "))"
				+ (decided == null ? "" : (decided ? " AND" : " AND NOT") + " EXISTS (SELECT 1 FROM exit_review_decision d WHERE d.exit_review_id = e.id)");
		Long town = scope.isCity() ? null : scope.role() == Role.TOWN_ADMIN && scope.townId() != null ? scope.townId() : -1L;
		long total = jdbc.sql("SELECT count(*) FROM exit_review e" + where).param("town", town).query(Long.class).single();
		List<ExitReviewView> items = jdbc.sql(SELECT + where + " ORDER BY e.flagged_at DESC, e.id DESC LIMIT :size OFFSET :offset")
			.param("town", town)
			.param("size", size)
			.param("offset", (long) page * size)
			.query((rs, i) -> view(rs))
			.list();
		return new Page(items, page, size, total);
	}

	private static final String SELECT = """
			SELECT e.id, e.provider_id, p.legal_name, p.status, e.school_year, e.semester, e.satisfaction, e.sample,
			  e.threshold, e.flagged_at, CAST(e.evidence AS TEXT) AS evidence
			FROM exit_review e JOIN provider p ON p.id = e.provider_id""";

	private ExitReviewView view(java.sql.ResultSet rs) throws java.sql.SQLException {
		long id = rs.getLong("id");
		Scorecard evidence;
		try {
			evidence = json.readValue(rs.getString("evidence"), Scorecard.class);
		}
		catch (RuntimeException e) {
			log.warn("Exit review {}: evidence not readable ({})", id, e.toString());
			evidence = null;
		}
		List<ExitReviewView.Decision> decisions = jdbc.sql("""
				SELECT d.id, d.level, d.town_id, t.name, d.decision, d.reason, d.rectification, d.deadline,
				  d.decided_by_name, d.decided_at
				FROM exit_review_decision d LEFT JOIN town t ON t.id = d.town_id
				WHERE d.exit_review_id = :id ORDER BY d.decided_at, d.id""")
			.param("id", id)
			.query((r, i) -> new ExitReviewView.Decision(r.getLong(1), r.getString(2), r.getObject(3, Long.class),
					r.getString(4), ExitDecision.valueOf(r.getString(5)), r.getString(6), r.getString(7),
					r.getObject(8, LocalDate.class), r.getString(9), r.getObject(10, OffsetDateTime.class).toInstant()))
			.list();
		return new ExitReviewView(id, rs.getLong("provider_id"), rs.getString("legal_name"), rs.getString("status"),
				new Scorecard.Term(rs.getString("school_year"), rs.getInt("semester")), rs.getBigDecimal("satisfaction"),
				rs.getInt("sample"), rs.getBigDecimal("threshold"), rs.getObject("flagged_at", OffsetDateTime.class).toInstant(),
				evidence, decisions);
	}

	// --- deciding --------------------------------------------------------------------------------------------------

	/**
	 * A reviewer's decision on an exit review, with a reason: a town office for its own town (a town where the provider
	 * works or is admitted), the city city-wide. {@code RECTIFY} needs a rectification note and a deadline (today or
	 * later); {@code SUSPEND} by a town suspends the admission to its pool, by the city the provider city-wide;
	 * {@code EXPEL} (the city only) goes through the providers' exit path; {@code LIFT} (a town) lifts its suspension.
	 *
	 * @throws ExitReviewRefused NOT_FOUND, FORBIDDEN (e.g. a town expelling), INVALID (missing reason, note or deadline),
	 * STATE (the provider's admission or status does not allow it)
	 */
	@Transactional
	public ExitReviewView decide(KehouUser by, long reviewId, @Nullable ExitDecision decision, @Nullable String reason,
			@Nullable String rectification, @Nullable LocalDate deadline, LocalDate today) {
		ExitReviewView review = find(reviewId)
			.orElseThrow(() -> new ExitReviewRefused(Reason.NOT_FOUND, "scorecard.refused.notFound"));
		Scope scope = by.scope();
		boolean city = scope.isCity();
		Long town = scope.role() == Role.TOWN_ADMIN ? scope.townId() : null;
		if (!city && (town == null || !towns(reviewId).orElse(List.of()).contains(town))) {
			throw new ExitReviewRefused(Reason.NOT_FOUND, "scorecard.refused.notFound");
		}
		if (decision == null) {
			throw new ExitReviewRefused(Reason.INVALID, "scorecard.invalid.decision");
		}
		if (!(city ? ExitDecision.CITY : ExitDecision.TOWN).contains(decision)) {
			throw new ExitReviewRefused(Reason.FORBIDDEN, city ? "scorecard.refused.cityLift" : "scorecard.refused.townExpel");
		}
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty() || why.length() > TEXT_MAX) {
			throw new ExitReviewRefused(Reason.INVALID, "scorecard.invalid.reason");
		}
		String note = rectification == null || rectification.isBlank() ? null : rectification.strip();
		if (decision == ExitDecision.RECTIFY) {
			if (note == null || note.length() > TEXT_MAX) {
				throw new ExitReviewRefused(Reason.INVALID, "scorecard.invalid.rectification");
			}
			if (deadline == null || deadline.isBefore(today)) {
				throw new ExitReviewRefused(Reason.INVALID, "scorecard.invalid.deadline");
			}
		}
		else {
			note = null;
			deadline = null;
		}
		try {
			switch (decision) {
				case SUSPEND -> {
					if (city) {
						providers.review(review.providerId(), ReviewAction.SUSPEND, why, scope);
					}
					else {
						providers.suspendInTown(review.providerId(), town, true, why, scope);
					}
				}
				case LIFT -> providers.suspendInTown(review.providerId(), town, false, why, scope);
				case EXPEL -> providers.review(review.providerId(), ReviewAction.EXPEL, why, scope);
				default -> {
				}
			}
		}
		catch (IllegalStateException | IllegalArgumentException e) {
			throw new ExitReviewRefused(Reason.STATE, "scorecard.refused.state." + decision.name());
		}
		long id = jdbc.sql("""
				INSERT INTO exit_review_decision (exit_review_id, level, town_id, decision, reason, rectification, deadline,
				  decided_by, decided_by_name)
				VALUES (:r, :level, :town, :decision, :reason, :note, :deadline, :by, :name) RETURNING id""")
			.param("r", reviewId)
			.param("level", city ? "CITY" : "TOWN")
			.param("town", city ? null : town)
			.param("decision", decision.name())
			.param("reason", why)
			.param("note", note)
			.param("deadline", deadline)
			.param("by", by.id())
			.param("name", by.displayName())
			.query(Long.class)
			.single();
		audit.record(AuditLog.Entry.of("exit-review-decide", "exit_review", reviewId)
			.in(town, null)
			.detail("decision=" + decision + " provider=" + review.providerId() + " #" + id
					+ (deadline == null ? "" : " deadline=" + deadline) + ": " + why));
		return find(reviewId).orElseThrow();
	}

	static Instant instant(LocalDateTime cityTime) {
		return cityTime.atZone(org.kehou.organisation.Terms.CITY_ZONE).toInstant();
	}
}
