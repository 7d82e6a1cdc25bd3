package org.kehou.feedback;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Scope;
import org.kehou.organisation.Terms;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Provider scorecards (机构评价档案) per term — a school year and semester, spanning every school's term of it. The
 * figures are read from the tables of ratings, provider-linked survey campaigns, instructor check-ins and sessions,
 * inspections, complaints and billing credits (read-only SQL, like {@link Ratings}), limited to the schools of a
 * {@link Reach}:
 * <ul>
 * <li>satisfaction: ratings (overall at least {@code kehou.feedback.rating.satisfied-at-least}) and the answers to the
 * satisfaction scales of the campaigns about the provider (4 or 5) that opened during a term of that year and
 * semester; combined = (satisfied ratings + satisfied answers) ÷ (ratings + answers);</li>
 * <li>attendance: the sessions of its offerings whose start has passed and were not cancelled (held), checked in by
 * an instructor by the start (on time), after it (late) or not at all (missing); cancelled sessions;</li>
 * <li>inspections: visits and mean scores; complaints about it filed between the first and last day of the terms;
 * credits (lessons no longer charged to guardians) of its offerings' order lines, count and guardians' fen.</li>
 * </ul>
 * Scope: the city and a provider see all of a provider's figures, a town the figures at its schools (and campaigns
 * of its schools or itself), a school those at the school (its campaigns).
 */
@Service
@Transactional(readOnly = true)
public class Scorecards {

	/**
	 * The schools whose figures count: {@code schoolIds} null for all; {@code campaignTown} the town whose own campaigns
	 * count besides those of the schools (null: none, or all when the schools are all).
	 */
	public record Reach(@Nullable Set<Long> schoolIds, @Nullable Long campaignTown) {

		public static final Reach ALL = new Reach(null, null);

		public boolean restricted() {
			return schoolIds != null;
		}
	}

	private static final String TERM = "t.school_year = :y AND t.semester = :sem";

	private final JdbcClient jdbc;

	private final RatingProperties ratings;

	Scorecards(JdbcClient jdbc, RatingProperties ratings) {
		this.jdbc = jdbc;
		this.ratings = ratings;
	}

	/** Now, in the city's time zone. */
	public static LocalDateTime now() {
		return LocalDateTime.now(Terms.CITY_ZONE);
	}

	/** The terms (school year, semester) any school has, latest first. */
	public List<Scorecard.Term> terms() {
		return jdbc.sql("""
				SELECT school_year, semester FROM term GROUP BY school_year, semester
				ORDER BY school_year DESC, semester DESC""")
			.query((rs, i) -> new Scorecard.Term(rs.getString(1), rs.getInt(2)))
			.list();
	}

	/** The term holding {@code today} at some school, else the latest that began, else the latest. */
	public Optional<Scorecard.Term> currentTerm(LocalDate today) {
		return jdbc.sql("""
				SELECT school_year, semester FROM term
				ORDER BY (starts_on <= :d AND ends_on >= :d) DESC, starts_on <= :d DESC, starts_on DESC, id DESC LIMIT 1""")
			.param("d", today)
			.query((rs, i) -> new Scorecard.Term(rs.getString(1), rs.getInt(2)))
			.optional();
	}

	/** The terms holding {@code today} or ended at most {@code days} before it (what the exit sweep evaluates). */
	public List<Scorecard.Term> recentTerms(LocalDate today, int days) {
		return jdbc.sql("""
				SELECT school_year, semester FROM term WHERE starts_on <= :d AND ends_on >= :since
				GROUP BY school_year, semester ORDER BY school_year, semester""")
			.param("d", today)
			.param("since", today.minusDays(days))
			.query((rs, i) -> new Scorecard.Term(rs.getString(1), rs.getInt(2)))
			.list();
	}

	/** The reach of a reader: city and provider all schools, a town its schools, a school itself; others none. */
	public Reach reach(Scope scope) {
		return switch (scope.role()) {
			case CITY_ADMIN, PROVIDER_ADMIN -> Reach.ALL;
			case TOWN_ADMIN -> new Reach(Set.copyOf(jdbc.sql("SELECT id FROM school WHERE town_id = :t")
				.param("t", scope.townId() == null ? -1L : scope.townId())
				.query(Long.class)
				.list()), scope.townId());
			case SCHOOL_ADMIN -> new Reach(scope.schoolId() == null ? Set.of() : Set.of(scope.schoolId()), null);
			default -> new Reach(Set.of(), null);
		};
	}

	/**
	 * The providers a reader sees in a term: the city every provider working (offerings) in the term or admitted to a
	 * town pool (approved or suspended there); a town those working at its schools or admitted to its pool; a school
	 * those with offerings at it; a provider itself. By name.
	 */
	public List<Long> providers(Scope scope, Scorecard.Term term) {
		String working = """
				SELECT o.provider_id FROM offering o JOIN term t ON t.id = o.term_id
				WHERE o.provider_id IS NOT NULL AND o.status <> 'DRAFT' AND %s""".formatted(TERM);
		String admitted = "SELECT a.provider_id FROM provider_town_admission a WHERE a.status IN ('APPROVED', 'SUSPENDED')";
		String where = switch (scope.role()) {
			case CITY_ADMIN -> "p.id IN (" + working + ") OR p.id IN (" + admitted + ")";
			case TOWN_ADMIN -> "p.id IN (" + working + " AND o.school_id IN (SELECT id FROM school WHERE town_id = :x)) OR p.id IN ("
					+ admitted + " AND a.town_id = :x)";
			case SCHOOL_ADMIN -> "p.id IN (" + working + " AND o.school_id = :x)";
			case PROVIDER_ADMIN -> "p.id = :x";
			default -> "FALSE";
		};
		Long x = switch (scope.role()) {
			case TOWN_ADMIN -> scope.townId();
			case SCHOOL_ADMIN -> scope.schoolId();
			case PROVIDER_ADMIN -> scope.providerId();
			default -> null;
		};
		return jdbc.sql("SELECT p.id FROM provider p WHERE (" + where + ") ORDER BY p.legal_name, p.id")
			.param("y", term.schoolYear())
			.param("sem", term.semester())
			.param("x", x == null ? -1L : x)
			.query(Long.class)
			.list();
	}

	/** The scorecards of the providers a reader sees in a term (figures in the reader's reach). */
	public List<Scorecard> list(Scope scope, Scorecard.Term term) {
		Reach reach = reach(scope);
		LocalDateTime now = now();
		List<Scorecard> cards = new ArrayList<>();
		for (long id : providers(scope, term)) {
			card(id, term, reach, now).ifPresent(cards::add);
		}
		return cards;
	}

	/** A provider's scorecard in a term over the schools of the reach; empty for an unknown provider. */
	public Optional<Scorecard> card(long providerId, Scorecard.Term term, Reach reach) {
		return card(providerId, term, reach, now());
	}

	/** The same at a given time (sessions held before {@code now}). */
	public Optional<Scorecard> card(long providerId, Scorecard.Term term, Reach reach, LocalDateTime now) {
		record Head(String name, String status) {
		}
		Head head = jdbc.sql("SELECT legal_name, status FROM provider WHERE id = :p")
			.param("p", providerId)
			.query((rs, i) -> new Head(rs.getString(1), rs.getString(2)))
			.optional()
			.orElse(null);
		if (head == null) {
			return Optional.empty();
		}
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("p", providerId);
		params.put("y", term.schoolYear());
		params.put("sem", term.semester());
		params.put("schools", reach.schoolIds() == null ? null : reach.schoolIds().toArray(Long[]::new));
		params.put("ctown", reach.campaignTown() == null ? -1L : reach.campaignTown());
		params.put("now", now);
		params.put("sat", ratings.satisfiedAtLeast());
		RatingSummary rated = jdbc.sql("""
				SELECT count(r.id), round(avg(r.overall), 2), round(avg(r.teaching), 2), round(avg(r.safety), 2),
				  round(avg(r.punctuality), 2), round(avg(r.interest), 2), count(r.id) FILTER (WHERE r.overall >= :sat)
				FROM offering_rating r JOIN term t ON t.id = r.term_id
				WHERE r.provider_id = :p AND %s AND %s""".formatted(TERM, reach("r")))
			.params(params)
			.query((rs, i) -> {
				int count = rs.getInt(1);
				if (count == 0) {
					return RatingSummary.NONE;
				}
				Map<RatingCriterion, BigDecimal> criteria = new EnumMap<>(RatingCriterion.class);
				RatingCriterion[] all = RatingCriterion.values();
				for (int k = 0; k < all.length; k++) {
					criteria.put(all[k], rs.getBigDecimal(3 + k));
				}
				return new RatingSummary(count, rs.getBigDecimal(2), Map.copyOf(criteria), rs.getInt(7));
			})
			.single();
		int[] survey = jdbc.sql("""
				SELECT count(a.scale), count(a.scale) FILTER (WHERE a.scale >= 4)
				FROM survey sv JOIN survey_question q ON q.survey_id = sv.id AND q.satisfaction
				JOIN survey_answer a ON a.question_id = q.id
				WHERE sv.provider_id = :p AND sv.status <> 'DRAFT'
				  AND EXISTS (SELECT 1 FROM term t WHERE %s
				    AND CAST(sv.opens_at AT TIME ZONE 'Asia/Shanghai' AS DATE) BETWEEN t.starts_on AND t.ends_on)
				  AND (CAST(:schools AS BIGINT[]) IS NULL OR sv.school_id = ANY(CAST(:schools AS BIGINT[]))
				    OR (sv.level = 'TOWN' AND sv.town_id = :ctown))""".formatted(TERM))
			.params(params)
			.query((rs, i) -> new int[] { rs.getInt(1), rs.getInt(2) })
			.single();
		Scorecard.Attendance attendance = jdbc.sql("""
				SELECT count(*) FILTER (WHERE h.held), count(*) FILTER (WHERE h.held AND h.first <= h.start),
				  count(*) FILTER (WHERE h.held AND h.first > h.start), count(*) FILTER (WHERE h.held AND h.first IS NULL),
				  count(*) FILTER (WHERE h.status = 'CANCELLED')
				FROM (%s) h""".formatted(sessions()))
			.params(params)
			.query((rs, i) -> new Scorecard.Attendance(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)))
			.single();
		Scorecard.Inspection inspection = jdbc.sql("""
				SELECT count(DISTINCT v.id), round(avg(ir.score), 2),
				  round(avg(ir.score) FILTER (WHERE ir.criterion = 'ORDER'), 2),
				  round(avg(ir.score) FILTER (WHERE ir.criterion = 'SAFETY'), 2),
				  round(avg(ir.score) FILTER (WHERE ir.criterion = 'TEACHING'), 2),
				  round(avg(ir.score) FILTER (WHERE ir.criterion = 'STUDENTS'), 2)
				FROM inspection_visit v JOIN offering o ON o.id = v.offering_id JOIN term t ON t.id = o.term_id
				LEFT JOIN inspection_rating ir ON ir.visit_id = v.id
				WHERE o.provider_id = :p AND %s AND %s""".formatted(TERM, reach("v")))
			.params(params)
			.query((rs, i) -> {
				Map<String, BigDecimal> criteria = new LinkedHashMap<>();
				String[] names = { "ORDER", "SAFETY", "TEACHING", "STUDENTS" };
				for (int k = 0; k < names.length; k++) {
					BigDecimal value = rs.getBigDecimal(3 + k);
					if (value != null) {
						criteria.put(names[k], value);
					}
				}
				return new Scorecard.Inspection(rs.getInt(1), rs.getBigDecimal(2), criteria);
			})
			.single();
		Scorecard.ComplaintFigures complaints = jdbc.sql("""
				SELECT count(*), count(*) FILTER (WHERE c.finding = 'SUBSTANTIATED'), count(*) FILTER (WHERE c.finding = 'PARTLY'),
				  count(*) FILTER (WHERE c.went_overdue OR (c.status <> 'RESOLVED' AND c.due_at < now()))
				FROM complaint c
				WHERE c.provider_id = :p AND %s
				  AND CAST(c.filed_at AT TIME ZONE 'Asia/Shanghai' AS DATE) BETWEEN
				    (SELECT min(t.starts_on) FROM term t WHERE %s) AND (SELECT max(t.ends_on) FROM term t WHERE %s)"""
			.formatted(reach("c"), TERM, TERM))
			.params(params)
			.query((rs, i) -> new Scorecard.ComplaintFigures(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
			.single();
		Scorecard.Refunds refunds = jdbc.sql("""
				SELECT count(cr.id), coalesce(sum(cr.guardian_fen), 0)
				FROM billing_credit cr JOIN billing_order_line l ON l.id = cr.line_id JOIN offering o ON o.id = l.offering_id
				JOIN term t ON t.id = o.term_id
				WHERE l.provider_id = :p AND %s AND %s""".formatted(TERM, reach("o")))
			.params(params)
			.query((rs, i) -> new Scorecard.Refunds(rs.getInt(1), rs.getLong(2)))
			.single();
		List<Scorecard.OfferingLine> offerings = jdbc.sql("""
				SELECT o.id, o.name, sc.name,
				  (SELECT count(*) FROM offering_rating r WHERE r.offering_id = o.id),
				  (SELECT count(*) FROM offering_rating r WHERE r.offering_id = o.id AND r.overall >= :sat),
				  (SELECT round(avg(r.overall), 2) FROM offering_rating r WHERE r.offering_id = o.id),
				  (SELECT count(*) FILTER (WHERE h.held) FROM (%1$s) h WHERE h.offering_id = o.id),
				  (SELECT count(*) FILTER (WHERE h.held AND h.first > h.start) FROM (%1$s) h WHERE h.offering_id = o.id),
				  (SELECT count(*) FILTER (WHERE h.held AND h.first IS NULL) FROM (%1$s) h WHERE h.offering_id = o.id),
				  (SELECT count(*) FILTER (WHERE h.status = 'CANCELLED') FROM (%1$s) h WHERE h.offering_id = o.id),
				  (SELECT count(*) FROM complaint c WHERE c.offering_id = o.id)
				FROM offering o JOIN term t ON t.id = o.term_id JOIN school sc ON sc.id = o.school_id
				WHERE o.provider_id = :p AND o.status <> 'DRAFT' AND %2$s AND %3$s
				ORDER BY sc.name, o.name, o.id""".formatted(sessions(), TERM, reach("o")))
			.params(params)
			.query((rs, i) -> new Scorecard.OfferingLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
					rs.getInt(5), rs.getBigDecimal(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10),
					rs.getInt(11)))
			.list();
		return Optional.of(new Scorecard(providerId, head.name(), head.status(), term, rated, survey[0], survey[1],
				attendance, inspection, complaints, refunds, offerings, reach.restricted()));
	}

	/** The provider's sessions in the term and reach: held (start passed, scheduled), start, first check-in. */
	private static String sessions() {
		return """
				SELECT cs.offering_id, cs.status, cs.session_date + cs.starts_at AS start,
				  cs.status = 'SCHEDULED' AND cs.session_date + cs.starts_at < :now AS held,
				  (SELECT min(ci.checked_in_at AT TIME ZONE 'Asia/Shanghai') FROM instructor_check_in ci
				   WHERE ci.session_id = cs.id) AS first
				FROM class_session cs JOIN offering o ON o.id = cs.offering_id JOIN term t ON t.id = cs.term_id
				WHERE o.provider_id = :p AND %s AND %s""".formatted(TERM, reach("cs"));
	}

	private static String reach(String alias) {
		return "(CAST(:schools AS BIGINT[]) IS NULL OR " + alias + ".school_id = ANY(CAST(:schools AS BIGINT[])))";
	}

	/** The towns where a provider works in a term (its offerings' schools) or is admitted (approved or suspended). */
	public List<Long> towns(long providerId, Scorecard.Term term) {
		return jdbc.sql("""
				SELECT sc.town_id FROM offering o JOIN term t ON t.id = o.term_id JOIN school sc ON sc.id = o.school_id
				WHERE o.provider_id = :p AND %s AND sc.town_id IS NOT NULL
				UNION SELECT a.town_id FROM provider_town_admission a WHERE a.provider_id = :p
				  AND a.status IN ('APPROVED', 'SUSPENDED')
				ORDER BY 1""".formatted(TERM))
			.param("p", providerId)
			.param("y", term.schoolYear())
			.param("sem", term.semester())
			.query(Long.class)
			.list();
	}

	/** The providers with ratings or provider-linked survey answers in a term (the exit sweep's candidates). */
	List<Long> rated(Scorecard.Term term) {
		return jdbc.sql("""
				SELECT r.provider_id FROM offering_rating r JOIN term t ON t.id = r.term_id
				WHERE r.provider_id IS NOT NULL AND %1$s
				UNION SELECT sv.provider_id FROM survey sv WHERE sv.provider_id IS NOT NULL AND sv.status <> 'DRAFT'
				  AND EXISTS (SELECT 1 FROM term t WHERE %1$s
				    AND CAST(sv.opens_at AT TIME ZONE 'Asia/Shanghai' AS DATE) BETWEEN t.starts_on AND t.ends_on)
				ORDER BY 1""".formatted(TERM))
			.param("y", term.schoolYear())
			.param("sem", term.semester())
			.query(Long.class)
			.list();
	}
}
