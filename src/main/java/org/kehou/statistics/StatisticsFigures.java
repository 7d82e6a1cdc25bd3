package org.kehou.statistics;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The service platform's statistics from its own tables, with the supervision platform's definitions (see
 * {@link Figures}). Every query is set-based and grouped by school over the schools asked for (never one query per
 * school); towns and the platform are sums of their schools, except the distinct providers and instructors, counted
 * once over the unit. Read-only: it reads the tables of selection, attendance, feedback, billing, people and
 * catalogue with SQL, as reporting's snapshots do. Days are the city's (Asia/Shanghai).
 */
@Service
public class StatisticsFigures {

	static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

	/** A period of city days, both ends included. */
	public record Period(LocalDate from, LocalDate to) {

		public Period {
			if (to.isBefore(from)) {
				throw new IllegalArgumentException("to before from");
			}
		}
	}

	/** Figures per school and the unit's total. */
	public record UnitFigures(Map<Long, Figures> bySchool, Figures total) {

		public Figures of(long school) {
			return bySchool.getOrDefault(school, Figures.NONE.withUnit(1, 0, 0));
		}
	}

	/** Confirmed places of one category (its Chinese name and its English one, if any). */
	public record CategoryPlaces(String code, String name, @Nullable String nameEn, long places) {

		/** The name in the language of the locale. */
		public String name(Locale locale) {
			return english(locale) && nameEn != null ? nameEn : name;
		}
	}

	/** Roll-call marks of one day. */
	public record DayAttendance(LocalDate day, long attended, long marked) {

		public @Nullable Double rate() {
			return Figures.percent(attended, marked);
		}
	}

	/** An offering's row (the school level's table and the offering level). */
	public record OfferingFigures(long id, long schoolId, String name, String categoryName,
			@Nullable String categoryNameEn, @Nullable String provider,
			String term, String status, long feePerLessonFen, int lessons, int capacity, long places, long present,
			long late, long absent, long checkins, long onTime, long ratings, long satisfied, long chargedFen,
			long exemptedFen) {

		/** The category's name in the language of the locale. */
		public String categoryName(Locale locale) {
			return english(locale) && categoryNameEn != null ? categoryNameEn : categoryName;
		}

		public @Nullable Double fill() {
			return Figures.percent(places, capacity);
		}

		public @Nullable Double attendance() {
			return Figures.percent(present + late, present + late + absent);
		}

		public @Nullable Double punctuality() {
			return Figures.percent(onTime, checkins);
		}

		public @Nullable Double satisfaction() {
			return Figures.percent(satisfied, ratings);
		}

		public boolean hasServiceData() {
			return places + present + late + absent + checkins + ratings + chargedFen > 0;
		}
	}

	// A published offering whose term overlaps the period (o: offering, t: its term).
	private static final String OFFERING_IN_PERIOD = "o.status = 'PUBLISHED' AND t.starts_on <= :to AND t.ends_on >= :from";

	// An order that was not cancelled (closed without any refund: released or cancelled before payment).
	private static final String ORDER_NOT_CANCELLED = "NOT (bo.status = 'CLOSED' AND bo.refunded_fen = 0)";

	// A check-in less than a minute after the session's start (the standard's onTime: minutes late = 0).
	private static final String ON_TIME = "c.checked_in_at < ((cs.session_date + cs.starts_at) AT TIME ZONE 'Asia/Shanghai')"
			+ " + INTERVAL '1 minute'";

	private final JdbcClient jdbc;

	private final Clock clock;

	StatisticsFigures(JdbcClient jdbc, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** Today in the city. */
	public LocalDate today() {
		return LocalDate.ofInstant(clock.instant(), CITY);
	}

	/** The figures of each school asked for and of all of them together. */
	public UnitFigures of(Collection<Long> schools, Period period) {
		Long[] ids = schools.toArray(Long[]::new);
		Map<Long, long[]> acc = new HashMap<>();
		// 0 offerings, 1 capacity, 2 places, 3 students, 4 participants, 5 present, 6 late, 7 absent, 8 checkins,
		// 9 on time, 10 ratings, 11 satisfied, 12 complaints, 13 overdue, 14 charged, 15 exempted, 16 collected,
		// 17 refunded
		merge(acc, ids, period, """
				SELECT o.school_id, count(*), sum(o.capacity),
				  sum((SELECT count(*) FROM place p WHERE p.offering_id = o.id AND p.status = 'CONFIRMED'))
				FROM offering o JOIN term t ON t.id = o.term_id
				WHERE o.school_id = ANY(CAST(:schools AS BIGINT[])) AND %s GROUP BY o.school_id""".formatted(OFFERING_IN_PERIOD), 0, 3);
		merge(acc, ids, period, """
				SELECT school_id, count(*) FROM student WHERE status = 'ACTIVE' AND school_id = ANY(CAST(:schools AS BIGINT[]))
				GROUP BY school_id""", 3, 1);
		merge(acc, ids, period, """
				SELECT o.school_id, count(DISTINCT p.student_id) FROM place p JOIN offering o ON o.id = p.offering_id
				WHERE p.status = 'CONFIRMED' AND o.school_id = ANY(CAST(:schools AS BIGINT[])) GROUP BY o.school_id""", 4, 1);
		merge(acc, ids, period, """
				SELECT cs.school_id, count(*) FILTER (WHERE m.mark = 'PRESENT'), count(*) FILTER (WHERE m.mark = 'LATE'),
				  count(*) FILTER (WHERE m.mark = 'ABSENT')
				FROM roll_call_mark m JOIN class_session cs ON cs.id = m.session_id
				WHERE cs.session_date BETWEEN :from AND :to AND cs.school_id = ANY(CAST(:schools AS BIGINT[])) GROUP BY cs.school_id""", 5,
				3);
		merge(acc, ids, period, """
				SELECT c.school_id, count(*), count(*) FILTER (WHERE %s)
				FROM instructor_check_in c JOIN class_session cs ON cs.id = c.session_id
				WHERE c.session_date BETWEEN :from AND :to AND c.school_id = ANY(CAST(:schools AS BIGINT[])) GROUP BY c.school_id"""
			.formatted(ON_TIME), 8, 2);
		merge(acc, ids, period, """
				SELECT school_id, count(*), count(*) FILTER (WHERE overall >= 4) FROM offering_rating
				WHERE coalesce(revised_at, rated_at) >= :start AND coalesce(revised_at, rated_at) < :end
				  AND school_id = ANY(CAST(:schools AS BIGINT[])) GROUP BY school_id""", 10, 2);
		merge(acc, ids, period, """
				SELECT school_id, count(*) FILTER (WHERE filed_at >= :start AND filed_at < :end),
				  count(*) FILTER (WHERE status <> 'RESOLVED' AND due_at < :now)
				FROM complaint WHERE school_id = ANY(CAST(:schools AS BIGINT[])) GROUP BY school_id""", 12, 2);
		merge(acc, ids, period, """
				SELECT bo.school_id, sum(l.amount_fen), sum(least(l.amount_fen, l.exempt_per_lesson_fen * l.lessons))
				FROM billing_order_line l JOIN billing_order bo ON bo.id = l.order_id
				WHERE l.created_at >= :start AND l.created_at < :end AND %s AND bo.school_id = ANY(CAST(:schools AS BIGINT[]))
				GROUP BY bo.school_id""".formatted(ORDER_NOT_CANCELLED), 14, 2);
		merge(acc, ids, period, """
				SELECT bo.school_id, sum(p.amount_fen) FROM billing_payment p JOIN billing_order bo ON bo.id = p.order_id
				WHERE p.paid_at >= :start AND p.paid_at < :end AND bo.school_id = ANY(CAST(:schools AS BIGINT[])) GROUP BY bo.school_id""",
				16, 1);
		merge(acc, ids, period, """
				SELECT bo.school_id, sum(r.amount_fen) FROM billing_refund r JOIN billing_order bo ON bo.id = r.order_id
				WHERE r.status = 'DONE' AND r.done_at >= :start AND r.done_at < :end AND bo.school_id = ANY(CAST(:schools AS BIGINT[]))
				GROUP BY bo.school_id""", 17, 1);
		// distinct providers and teachers: (school, key) pairs, counted per school and once over the unit
		Map<Long, Set<String>> providers = new HashMap<>();
		Map<Long, Set<String>> teachers = new HashMap<>();
		params(jdbc.sql("""
				SELECT o.school_id, 'P' AS kind, CAST(o.provider_id AS VARCHAR) AS k
				FROM offering o JOIN term t ON t.id = o.term_id
				WHERE o.provider_id IS NOT NULL AND o.school_id = ANY(CAST(:schools AS BIGINT[])) AND %1$s
				UNION
				SELECT o.school_id, 'T', ot.teacher_key FROM offering_teacher ot JOIN offering o ON o.id = ot.offering_id
				JOIN term t ON t.id = o.term_id WHERE o.school_id = ANY(CAST(:schools AS BIGINT[])) AND %1$s""".formatted(OFFERING_IN_PERIOD)),
				ids, period)
			.query((rs, n) -> ("P".equals(rs.getString(2)) ? providers : teachers)
				.computeIfAbsent(rs.getLong(1), s -> new HashSet<>())
				.add(rs.getString(3)))
			.list();
		Map<Long, Figures> bySchool = new HashMap<>();
		Figures total = Figures.NONE;
		Set<String> allProviders = new HashSet<>();
		Set<String> allTeachers = new HashSet<>();
		for (Long school : schools) {
			long[] a = acc.getOrDefault(school, new long[18]);
			Set<String> p = providers.getOrDefault(school, Set.of());
			Set<String> t = teachers.getOrDefault(school, Set.of());
			allProviders.addAll(p);
			allTeachers.addAll(t);
			Figures f = new Figures(1, a[0] > 0 ? 1 : 0, (int) a[0], a[1], a[3], a[4], a[2], p.size(), t.size(), a[5],
					a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17]);
			bySchool.put(school, f);
			total = total.plus(f);
		}
		return new UnitFigures(bySchool, total.withUnit(schools.size(), allProviders.size(), allTeachers.size()));
	}

	/** Confirmed places by category in the offerings of the period, most first. */
	public List<CategoryPlaces> placesByCategory(Collection<Long> schools, Period period) {
		return params(jdbc.sql("""
				SELECT c.code, c.name_zh, c.name_en, count(*) FROM place p JOIN offering o ON o.id = p.offering_id
				JOIN term t ON t.id = o.term_id JOIN course_category c ON c.code = o.category_code
				WHERE p.status = 'CONFIRMED' AND o.school_id = ANY(CAST(:schools AS BIGINT[])) AND %s
				GROUP BY c.code, c.name_zh, c.name_en ORDER BY count(*) DESC, c.code""".formatted(OFFERING_IN_PERIOD)),
				schools.toArray(Long[]::new), period)
			.query((rs, n) -> new CategoryPlaces(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
			.list();
	}

	/** Attendance per day of the period (days with marks only). */
	public List<DayAttendance> attendanceByDay(Collection<Long> schools, Period period) {
		return params(jdbc.sql("""
				SELECT cs.session_date, count(*) FILTER (WHERE m.mark IN ('PRESENT', 'LATE')), count(*)
				FROM roll_call_mark m JOIN class_session cs ON cs.id = m.session_id
				WHERE cs.session_date BETWEEN :from AND :to AND cs.school_id = ANY(CAST(:schools AS BIGINT[]))
				GROUP BY cs.session_date ORDER BY cs.session_date"""), schools.toArray(Long[]::new), period)
			.query((rs, n) -> new DayAttendance(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3)))
			.list();
	}

	/** Attendance per day of one offering. */
	public List<DayAttendance> attendanceByDay(long offering, Period period) {
		return params(jdbc.sql("""
				SELECT cs.session_date, count(*) FILTER (WHERE m.mark IN ('PRESENT', 'LATE')), count(*)
				FROM roll_call_mark m JOIN class_session cs ON cs.id = m.session_id
				WHERE cs.session_date BETWEEN :from AND :to AND cs.offering_id = :offering
				GROUP BY cs.session_date ORDER BY cs.session_date"""), new Long[0], period)
			.param("offering", offering)
			.query((rs, n) -> new DayAttendance(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3)))
			.list();
	}

	/** The published offerings of a school whose term overlaps the period, with their figures, by name. */
	public List<OfferingFigures> offeringsOf(long school, Period period) {
		return offerings("o.school_id = :school AND " + OFFERING_IN_PERIOD, school, null, period);
	}

	/** One offering (any status but draft, whatever the period) with its figures within the period. */
	public Optional<OfferingFigures> offering(long offering, Period period) {
		return offerings("o.id = :offering AND o.status <> 'DRAFT'", null, offering, period).stream().findFirst();
	}

	private List<OfferingFigures> offerings(String where, @Nullable Long school, @Nullable Long offering,
			Period period) {
		var spec = params(jdbc.sql("""
				SELECT o.id, o.school_id, o.name, c.name_zh, c.name_en, pr.legal_name, t.name AS term, o.status,
				  o.fee_per_lesson_fen, o.lesson_count, o.capacity,
				  (SELECT count(*) FROM place p WHERE p.offering_id = o.id AND p.status = 'CONFIRMED') AS places,
				  a.present, a.late, a.absent, k.checkins, k.on_time, r.ratings, r.satisfied, f.charged, f.exempted
				FROM offering o JOIN term t ON t.id = o.term_id JOIN course_category c ON c.code = o.category_code
				LEFT JOIN provider pr ON pr.id = o.provider_id
				LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE m.mark = 'PRESENT') AS present,
				    count(*) FILTER (WHERE m.mark = 'LATE') AS late, count(*) FILTER (WHERE m.mark = 'ABSENT') AS absent
				  FROM roll_call_mark m JOIN class_session cs ON cs.id = m.session_id
				  WHERE cs.offering_id = o.id AND cs.session_date BETWEEN :from AND :to) a ON TRUE
				LEFT JOIN LATERAL (SELECT count(*) AS checkins, count(*) FILTER (WHERE %s) AS on_time
				  FROM instructor_check_in c JOIN class_session cs ON cs.id = c.session_id
				  WHERE cs.offering_id = o.id AND c.session_date BETWEEN :from AND :to) k ON TRUE
				LEFT JOIN LATERAL (SELECT count(*) AS ratings, count(*) FILTER (WHERE g.overall >= 4) AS satisfied
				  FROM offering_rating g WHERE g.offering_id = o.id
				  AND coalesce(g.revised_at, g.rated_at) >= :start AND coalesce(g.revised_at, g.rated_at) < :end) r ON TRUE
				LEFT JOIN LATERAL (SELECT coalesce(sum(l.amount_fen), 0) AS charged,
				    coalesce(sum(least(l.amount_fen, l.exempt_per_lesson_fen * l.lessons)), 0) AS exempted
				  FROM billing_order_line l JOIN billing_order bo ON bo.id = l.order_id
				  WHERE l.offering_id = o.id AND l.created_at >= :start AND l.created_at < :end AND %s) f ON TRUE
				WHERE\s""".formatted(ON_TIME, ORDER_NOT_CANCELLED) + where + " ORDER BY o.name, o.id"),
				new Long[0], period);
		if (school != null) {
			spec = spec.param("school", school);
		}
		if (offering != null) {
			spec = spec.param("offering", offering);
		}
		return spec.query((rs, n) -> new OfferingFigures(rs.getLong("id"), rs.getLong("school_id"),
				rs.getString("name"), rs.getString("name_zh"), rs.getString("name_en"),
				rs.getString("legal_name"), rs.getString("term"), rs.getString("status"),
				rs.getLong("fee_per_lesson_fen"), rs.getInt("lesson_count"), rs.getInt("capacity"), rs.getLong("places"),
				rs.getLong("present"), rs.getLong("late"), rs.getLong("absent"), rs.getLong("checkins"),
				rs.getLong("on_time"), rs.getLong("ratings"), rs.getLong("satisfied"), rs.getLong("charged"),
				rs.getLong("exempted")))
			.list();
	}

	static boolean english(Locale locale) {
		return "en".equals(locale.getLanguage());
	}

	// ---- helpers ---------------------------------------------------------------------------------------------

	// Adds the query's columns 2… to the accumulator of the school in column 1, from index {@code at}.
	private void merge(Map<Long, long[]> acc, Long[] schools, Period period, String sql, int at, int columns) {
		params(jdbc.sql(sql), schools, period).query((rs, n) -> {
			long[] a = acc.computeIfAbsent(rs.getLong(1), s -> new long[18]);
			for (int i = 0; i < columns; i++) {
				a[at + i] += rs.getLong(i + 2);
			}
			return a;
		}).list();
	}

	private JdbcClient.StatementSpec params(JdbcClient.StatementSpec spec, Long[] schools, Period period) {
		return spec.param("schools", schools)
			.param("from", Date.valueOf(period.from()))
			.param("to", Date.valueOf(period.to()))
			.param("start", Timestamp.from(period.from().atStartOfDay(CITY).toInstant()))
			.param("end", Timestamp.from(period.to().plusDays(1).atStartOfDay(CITY).toInstant()))
			.param("now", Timestamp.from(clock.instant()));
	}
}
