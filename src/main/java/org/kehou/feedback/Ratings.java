package org.kehou.feedback;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.RatingInvalid.Problem;
import org.kehou.feedback.RatingRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Terms;
import org.kehou.shared.Masking;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ratings (评价) of the offerings children attend. A child's guardian rates an offering once the child has had
 * {@code kehou.feedback.rating.after-sessions} of its sessions (default 4; a held session is a SCHEDULED session of
 * the offering whose date and end time are past, on a weekday of the child's CONFIRMED place — the attendance rule):
 * an overall score and a score per {@link RatingCriterion}, 1–5 each, and an optional comment of at most
 * {@value #COMMENT_MAX} characters. One rating per child, offering and term (a unique key: two guardians saving at
 * once end in one rating, the later an edit); editable until the term closes (status CLOSED or past its last day).
 * <p>
 * Comments are kept as written and as screened by {@link Masking#screen}: only the guardian who wrote a comment sees
 * it as written; every other reader (the other guardian, teachers, schools, providers, the public) gets the screened
 * copy, and no reader but the child's guardians learns who rated.
 * <p>
 * Reading for others: the comparison of a school's offerings in a term ({@link #compare}), one offering's figures and
 * screened comments, the offerings a teacher teaches, a provider's public summary for guardians choosing courses, and
 * the satisfaction (满意率) of a provider over terms or a date range for the provider scorecard
 * ({@link #satisfaction(long, Collection)}). Callers check scope (the {@code studentId}, {@code offeringId},
 * {@code providerId} owners); {@link #rate} also checks that the caller is a guardian of the child.
 * <p>
 * Older pupils rating themselves: the table has a {@code rater_kind} (GUARDIAN, STUDENT) for it; only guardians rate
 * for now (see docs/feedback-ratings.md).
 */
@Service
public class Ratings {

	/** Longest comment. */
	public static final int COMMENT_MAX = 500;

	/** How long after its last day a term still shows on a child's ratings page, and counts for a public summary. */
	static final int RECENT_MONTHS = 6;

	/** What a guardian submits; null scores are reported as missing. */
	public record Rating(@Nullable Integer overall, Map<RatingCriterion, @Nullable Integer> scores,
			@Nullable String comment) {
	}

	/** What {@link #rate} did: {@code revised} when the child's rating existed and was changed. */
	public record Rated(RatingView rating, boolean revised) {
	}

	/** A screened comment without the rater: the overall score and the day. */
	public record Comment(int overall, String text, LocalDate date) {
	}

	/** A provider's summary for guardians choosing courses; {@code shown} only from the configured minimum count. */
	public record PublicSummary(long providerId, int count, @Nullable BigDecimal average, boolean shown, int minimum) {
	}

	/** A school a console reader may compare, or a term of it. */
	public record Choice(long id, String name) {
	}

	/** A held session of the child: the attendance module's rule for the sessions a place attends. */
	static final String HELD = """
			cs.offering_id = p.offering_id AND cs.status = 'SCHEDULED' AND cs.session_date + cs.ends_at < :now
			AND (p.days IS NULL OR cardinality(p.days) = 0 OR cs.timetable_weekday = ANY(p.days))""";

	static final String VIEW = """
			SELECT r.id, r.student_id, r.offering_id, r.term_id, r.overall, r.teaching, r.safety, r.punctuality, r.interest,
			  r.comment, r.comment_screened, r.comment_guardian_id, r.revisions, r.rated_at, r.revised_at
			FROM offering_rating r""";

	static final String SCORES = """
			count(r.id), round(avg(r.overall), 2), round(avg(r.teaching), 2), round(avg(r.safety), 2),
			round(avg(r.punctuality), 2), round(avg(r.interest), 2), count(r.id) FILTER (WHERE r.overall >= :sat)""";

	private final JdbcClient jdbc;

	private final RatingProperties properties;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	Ratings(JdbcClient jdbc, RatingProperties properties, AuditLog audit, ApplicationEventPublisher events,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.audit = audit;
		this.events = events;
		this.tx = new TransactionTemplate(transactions);
	}

	/** Now, in the city's time zone. */
	public static LocalDateTime now() {
		return LocalDateTime.now(Terms.CITY_ZONE);
	}

	public RatingProperties properties() {
		return properties;
	}

	// --- rating ----------------------------------------------------------------------------------------------------

	/**
	 * Stores the signed-in guardian's rating of the child's offering, or changes the child's rating.
	 *
	 * @throws RatingInvalid for bad input (nothing stored)
	 * @throws RatingRefused when the caller is no guardian of the child, the child holds no confirmed place, too few
	 * sessions have been held, or the term is closed
	 */
	public Rated rate(long studentId, long offeringId, Rating rating) {
		return rate(CurrentUser.require(), studentId, offeringId, rating, now());
	}

	Rated rate(KehouUser rater, long studentId, long offeringId, Rating rating, LocalDateTime now) {
		Long guardian = rater.scope().guardianId();
		if (rater.role() != Role.GUARDIAN || guardian == null) {
			throw new RatingRefused(Reason.NOT_A_GUARDIAN, "only a child's guardian rates");
		}
		if (!isGuardian(guardian, studentId)) {
			throw new RatingRefused(Reason.NOT_FOUND, "no child " + studentId + " of guardian " + guardian);
		}
		Map<String, Problem> problems = new LinkedHashMap<>();
		Integer overall = rating.overall();
		check(problems, "overall", overall);
		for (RatingCriterion c : RatingCriterion.values()) {
			check(problems, c.name(), rating.scores().get(c));
		}
		String comment = rating.comment() == null ? null : rating.comment().strip();
		if (comment != null && comment.isEmpty()) {
			comment = null;
		}
		if (comment != null && comment.length() > COMMENT_MAX) {
			problems.put("comment", new Problem("rating.invalid.comment", COMMENT_MAX));
		}
		if (!problems.isEmpty()) {
			throw new RatingInvalid(problems);
		}
		String text = comment;
		return Objects.requireNonNull(tx.execute(status -> {
			Target t = target(offeringId);
			if (t.closed() || now.toLocalDate().isAfter(t.endsOn())) {
				throw new RatingRefused(Reason.TERM_CLOSED, "the term of offering " + offeringId + " is closed");
			}
			Integer held = jdbc.sql("SELECT (SELECT count(*) FROM class_session cs WHERE " + HELD + ") FROM place p "
					+ "WHERE p.student_id = :s AND p.offering_id = :o AND p.status = 'CONFIRMED' LIMIT 1")
				.param("s", studentId)
				.param("o", offeringId)
				.param("now", now)
				.query(Integer.class)
				.optional()
				.orElse(null);
			if (held == null) {
				throw new RatingRefused(Reason.NOT_ATTENDING, "child " + studentId + " holds no place in " + offeringId);
			}
			if (held < properties.afterSessions()) {
				throw new RatingRefused(Reason.TOO_EARLY, held + " of " + properties.afterSessions() + " sessions held");
			}
			record Saved(long id, boolean inserted) {
			}
			Saved saved = jdbc.sql("""
					INSERT INTO offering_rating (student_id, offering_id, term_id, school_id, provider_id, rated_by,
					  comment_guardian_id, overall, teaching, safety, punctuality, interest, comment, comment_screened)
					VALUES (:s, :o, :t, :school, :p, :u, :g, :overall, :teaching, :safety, :punctuality, :interest, :c, :cs)
					ON CONFLICT (student_id, offering_id, term_id) DO UPDATE SET rated_by = excluded.rated_by,
					  comment_guardian_id = excluded.comment_guardian_id, overall = excluded.overall,
					  teaching = excluded.teaching, safety = excluded.safety, punctuality = excluded.punctuality,
					  interest = excluded.interest, comment = excluded.comment, comment_screened = excluded.comment_screened,
					  revisions = offering_rating.revisions + 1, revised_at = now()
					RETURNING id, (xmax = 0) AS inserted""")
				.param("s", studentId)
				.param("o", offeringId)
				.param("t", t.term())
				.param("school", t.school())
				.param("p", t.provider())
				.param("u", rater.id())
				.param("g", text == null ? null : guardian)
				.param("overall", overall)
				.param("teaching", rating.scores().get(RatingCriterion.TEACHING))
				.param("safety", rating.scores().get(RatingCriterion.SAFETY))
				.param("punctuality", rating.scores().get(RatingCriterion.PUNCTUALITY))
				.param("interest", rating.scores().get(RatingCriterion.INTEREST))
				.param("c", text)
				.param("cs", text == null ? null : Masking.screen(text))
				.query((rs, i) -> new Saved(rs.getLong(1), rs.getBoolean(2)))
				.single();
			boolean revised = !saved.inserted();
			audit.record(AuditLog.Entry.of(revised ? "rating-revise" : "rating-submit", "offering_rating", saved.id())
				.in(t.town(), t.school())
				.detail("offering=" + offeringId + " overall=" + overall + (text == null ? "" : " comment")));
			events.publishEvent(new OfferingRated(saved.id(), offeringId, t.term(), t.school(), t.provider(),
					Objects.requireNonNull(overall), revised));
			return new Rated(of(studentId, offeringId, guardian).orElseThrow(), revised);
		}));
	}

	private static void check(Map<String, Problem> problems, String field, @Nullable Integer score) {
		if (score == null) {
			problems.put(field, new Problem("rating.invalid.missing"));
		}
		else if (score < RatingCriterion.MIN || score > RatingCriterion.MAX) {
			problems.put(field, new Problem("rating.invalid.score", RatingCriterion.MIN, RatingCriterion.MAX));
		}
	}

	private record Target(long term, long school, @Nullable Long town, @Nullable Long provider, boolean closed,
			LocalDate endsOn) {
	}

	/** The offering's term, share-locked against a concurrent close. */
	private Target target(long offeringId) {
		return jdbc.sql("""
				SELECT o.term_id, o.school_id, sc.town_id, o.provider_id, t.status = 'CLOSED', t.ends_on
				FROM offering o JOIN term t ON t.id = o.term_id JOIN school sc ON sc.id = o.school_id
				WHERE o.id = :o FOR SHARE OF t""")
			.param("o", offeringId)
			.query((rs, i) -> new Target(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class),
					rs.getObject(4, Long.class), rs.getBoolean(5), rs.getObject(6, LocalDate.class)))
			.optional()
			.orElseThrow(() -> new RatingRefused(Reason.NOT_FOUND, "no offering " + offeringId));
	}

	private boolean isGuardian(long guardianId, long studentId) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM student_guardian WHERE student_id = :s AND guardian_id = :g)")
			.param("s", studentId)
			.param("g", guardianId)
			.query(Boolean.class)
			.single();
	}

	// --- the guardian's view ---------------------------------------------------------------------------------------

	/**
	 * The child's rating of an offering as a reader sees it.
	 *
	 * @param readerGuardianId the reading guardian (sees a comment they wrote as written); null: any other reader
	 */
	public Optional<RatingView> of(long studentId, long offeringId, @Nullable Long readerGuardianId) {
		return jdbc.sql(VIEW + " WHERE r.student_id = :s AND r.offering_id = :o")
			.param("s", studentId)
			.param("o", offeringId)
			.query((rs, i) -> view(rs, readerGuardianId))
			.optional();
	}

	/** The offerings the child attends in terms not over (or over for less than six months), with their ratings. */
	public List<ChildOffering> ofChild(long studentId, @Nullable Long readerGuardianId) {
		return ofChild(studentId, readerGuardianId, now());
	}

	List<ChildOffering> ofChild(long studentId, @Nullable Long readerGuardianId, LocalDateTime now) {
		record Row(long offering, String name, @Nullable String provider, long term, String termName, boolean closed,
				LocalDate endsOn, int held) {
		}
		List<Row> rows = jdbc.sql("""
				SELECT o.id, o.name, pr.legal_name, t.id, t.name, t.status = 'CLOSED', t.ends_on,
				  (SELECT count(*) FROM class_session cs WHERE %s)
				FROM place p JOIN offering o ON o.id = p.offering_id JOIN term t ON t.id = o.term_id
				LEFT JOIN provider pr ON pr.id = o.provider_id
				WHERE p.student_id = :s AND p.status = 'CONFIRMED' AND t.ends_on >= :since
				ORDER BY t.starts_on DESC, o.name, o.id""".formatted(HELD))
			.param("s", studentId)
			.param("now", now)
			.param("since", now.toLocalDate().minusMonths(RECENT_MONTHS))
			.query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
					rs.getBoolean(6), rs.getObject(7, LocalDate.class), rs.getInt(8)))
			.list();
		List<ChildOffering> out = new ArrayList<>();
		for (Row r : rows) {
			RatingView rating = of(studentId, r.offering(), readerGuardianId).orElse(null);
			boolean closed = r.closed() || now.toLocalDate().isAfter(r.endsOn());
			ChildOffering.State state = closed ? ChildOffering.State.CLOSED
					: rating != null ? ChildOffering.State.RATED
							: r.held() >= properties.afterSessions() ? ChildOffering.State.PENDING
									: ChildOffering.State.TOO_EARLY;
			out.add(new ChildOffering(r.offering(), r.name(), r.provider(), r.term(), r.termName(), r.held(),
					properties.afterSessions(), state, rating));
		}
		return out;
	}

	// --- figures ---------------------------------------------------------------------------------------------------

	/**
	 * The offerings of a school in a term (published or cancelled, not drafts) with their figures, by name.
	 *
	 * @param providerId only this provider's offerings; null: all
	 */
	public List<OfferingScore> compare(long schoolId, long termId, @Nullable Long providerId) {
		return compare(schoolId, termId, providerId, now());
	}

	List<OfferingScore> compare(long schoolId, long termId, @Nullable Long providerId, LocalDateTime now) {
		return scores("o.school_id = :school AND o.term_id = :term AND o.status <> 'DRAFT'"
				+ (providerId == null ? "" : " AND o.provider_id = :provider"), Map.of("school", schoolId, "term", termId,
						"provider", providerId == null ? -1L : providerId), now);
	}

	/** One offering's figures. */
	public Optional<OfferingScore> offering(long offeringId) {
		return scores("o.id = :offering", Map.of("offering", offeringId), now()).stream().findFirst();
	}

	/** The figures of each of a provider's offerings in some terms (any school). */
	public List<OfferingScore> perOffering(long providerId, Collection<Long> termIds) {
		return scores("o.provider_id = :provider AND o.term_id = ANY(CAST(:terms AS BIGINT[]))",
				Map.of("provider", providerId, "terms", termIds.toArray(Long[]::new)), now());
	}

	/** The figures of the offerings a teacher or instructor teaches, in terms not over for more than six months. */
	public List<OfferingScore> taught(KehouUser teacher) {
		LocalDateTime now = now();
		Long staff = teacher.staffId();
		Long instructor = teacher.instructorId();
		if (staff == null && instructor == null) {
			return List.of();
		}
		return scores("""
				o.id IN (SELECT ot.offering_id FROM offering_teacher ot WHERE ot.staff_id = :staff OR ot.instructor_id = :instructor)
				AND o.term_id IN (SELECT id FROM term WHERE ends_on >= :since) AND o.status <> 'DRAFT'""",
				Map.of("staff", staff == null ? -1L : staff, "instructor", instructor == null ? -1L : instructor, "since",
						now.toLocalDate().minusMonths(RECENT_MONTHS)), now);
	}

	private List<OfferingScore> scores(String where, Map<String, ?> params, LocalDateTime now) {
		return jdbc.sql("""
				SELECT o.id, o.name, o.school_id, sc.name, o.term_id, o.provider_id, pr.legal_name, %s,
				  (SELECT count(DISTINCT p.student_id) FROM place p WHERE p.offering_id = o.id AND p.status = 'CONFIRMED'
				     AND (SELECT count(*) FROM class_session cs WHERE %s) >= :after) AS eligible
				FROM offering o JOIN school sc ON sc.id = o.school_id LEFT JOIN provider pr ON pr.id = o.provider_id
				LEFT JOIN offering_rating r ON r.offering_id = o.id
				WHERE %s
				GROUP BY o.id, sc.name, pr.legal_name ORDER BY o.name, o.id""".formatted(SCORES, HELD, where))
			.params(params)
			.param("sat", properties.satisfiedAtLeast())
			.param("now", now)
			.param("after", properties.afterSessions())
			.query((rs, i) -> new OfferingScore(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
					rs.getLong(5), rs.getObject(6, Long.class), rs.getString(7), summary(rs, 8), rs.getInt(15)))
			.list();
	}

	/** The screened comments of an offering, newest first, without who wrote them. */
	public List<Comment> comments(long offeringId) {
		return jdbc.sql("""
				SELECT overall, comment_screened, coalesce(revised_at, rated_at) FROM offering_rating
				WHERE offering_id = :o AND comment_screened IS NOT NULL ORDER BY coalesce(revised_at, rated_at) DESC, id DESC""")
			.param("o", offeringId)
			.query((rs, i) -> new Comment(rs.getInt(1), rs.getString(2),
					rs.getObject(3, OffsetDateTime.class).atZoneSameInstant(Terms.CITY_ZONE).toLocalDate()))
			.list();
	}

	/**
	 * A provider's satisfaction over the ratings of its offerings in the given terms (any school): how many, the
	 * average overall and per criterion, and how many are satisfied (overall at least
	 * {@code kehou.feedback.rating.satisfied-at-least}). Satisfaction rate = satisfied ÷ count.
	 */
	public RatingSummary satisfaction(long providerId, Collection<Long> termIds) {
		if (termIds.isEmpty()) {
			return RatingSummary.NONE;
		}
		return summarise("r.provider_id = :p AND r.term_id = ANY(CAST(:terms AS BIGINT[]))",
				Map.of("p", providerId, "terms", termIds.toArray(Long[]::new)));
	}

	/** Like {@link #satisfaction(long, Collection)} over the terms that overlap the days from and to (both included). */
	public RatingSummary satisfaction(long providerId, LocalDate from, LocalDate to) {
		return summarise("r.provider_id = :p AND r.term_id IN (SELECT id FROM term WHERE starts_on <= :to AND ends_on >= :from)",
				Map.of("p", providerId, "from", from, "to", to));
	}

	/**
	 * The provider's summary for guardians choosing courses: the ratings of its offerings at any school of the city in
	 * this term and the last one (terms whose last day is at most six months ago or still to come); shown only from
	 * {@code kehou.feedback.rating.public-minimum} ratings (default 5).
	 */
	public PublicSummary publicSummary(long providerId) {
		return publicSummary(providerId, now().toLocalDate());
	}

	PublicSummary publicSummary(long providerId, LocalDate today) {
		RatingSummary s = summarise("r.provider_id = :p AND r.term_id IN (SELECT id FROM term WHERE ends_on >= :since)",
				Map.of("p", providerId, "since", today.minusMonths(RECENT_MONTHS)));
		return new PublicSummary(providerId, s.count(), s.average(), s.count() >= properties.publicMinimum(),
				properties.publicMinimum());
	}

	private RatingSummary summarise(String where, Map<String, ?> params) {
		return jdbc.sql("SELECT " + SCORES + " FROM offering_rating r WHERE " + where)
			.params(params)
			.param("sat", properties.satisfiedAtLeast())
			.query((rs, i) -> summary(rs, 1))
			.single();
	}

	private static RatingSummary summary(ResultSet rs, int first) throws SQLException {
		int count = rs.getInt(first);
		if (count == 0) {
			return RatingSummary.NONE;
		}
		Map<RatingCriterion, BigDecimal> criteria = new EnumMap<>(RatingCriterion.class);
		RatingCriterion[] all = RatingCriterion.values();
		for (int k = 0; k < all.length; k++) {
			criteria.put(all[k], rs.getBigDecimal(first + 2 + k));
		}
		return new RatingSummary(count, rs.getBigDecimal(first + 1), java.util.Collections.unmodifiableMap(criteria),
				rs.getInt(first + 6));
	}

	// --- console choices -------------------------------------------------------------------------------------------

	/**
	 * The schools a console reader may compare: the city every school, a town its schools, a school itself, a provider
	 * the schools where it has offerings.
	 */
	public List<Choice> schools(KehouUser reader) {
		var scope = reader.scope();
		String where = switch (reader.role()) {
			case CITY_ADMIN -> "TRUE";
			case TOWN_ADMIN -> "s.town_id = :x";
			case SCHOOL_ADMIN -> "s.id = :x";
			case PROVIDER_ADMIN -> "s.id IN (SELECT school_id FROM offering WHERE provider_id = :x)";
			default -> "FALSE";
		};
		Long x = switch (reader.role()) {
			case TOWN_ADMIN -> scope.townId();
			case SCHOOL_ADMIN -> scope.schoolId();
			case PROVIDER_ADMIN -> scope.providerId();
			default -> null;
		};
		return jdbc.sql("SELECT s.id, s.name FROM school s WHERE " + where + " ORDER BY s.name, s.id")
			.param("x", x == null ? -1L : x)
			.query((rs, i) -> new Choice(rs.getLong(1), rs.getString(2)))
			.list();
	}

	/** The terms of a school, latest first. */
	public List<Choice> terms(long schoolId) {
		return jdbc.sql("SELECT id, name FROM term WHERE school_id = :s ORDER BY starts_on DESC, id DESC")
			.param("s", schoolId)
			.query((rs, i) -> new Choice(rs.getLong(1), rs.getString(2)))
			.list();
	}

	/** The school's term that holds today, else its latest. */
	public Optional<Long> currentTerm(long schoolId) {
		return jdbc.sql("""
				SELECT id FROM term WHERE school_id = :s
				ORDER BY (starts_on <= :d AND ends_on >= :d) DESC, starts_on <= :d DESC, starts_on DESC, id DESC LIMIT 1""")
			.param("s", schoolId)
			.param("d", now().toLocalDate())
			.query(Long.class)
			.optional();
	}

	static RatingView view(ResultSet rs, @Nullable Long readerGuardianId) throws SQLException {
		Map<RatingCriterion, Integer> scores = new EnumMap<>(RatingCriterion.class);
		for (RatingCriterion c : RatingCriterion.values()) {
			scores.put(c, rs.getInt(c.column()));
		}
		Long author = rs.getObject("comment_guardian_id", Long.class);
		boolean own = author != null && author.equals(readerGuardianId);
		OffsetDateTime revised = rs.getObject("revised_at", OffsetDateTime.class);
		Instant revisedAt = revised == null ? null : revised.toInstant();
		return new RatingView(rs.getLong("id"), rs.getLong("student_id"), rs.getLong("offering_id"), rs.getLong("term_id"),
				rs.getInt("overall"), java.util.Collections.unmodifiableMap(scores),
				own ? rs.getString("comment") : rs.getString("comment_screened"), own, rs.getInt("revisions"),
				rs.getObject("rated_at", OffsetDateTime.class).toInstant(), revisedAt);
	}
}
