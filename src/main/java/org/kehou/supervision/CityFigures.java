package org.kehou.supervision;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The supervision dashboards' figures, read ONLY from the read models that ingestion projects
 * ({@link ReadModelProjection}) — never from {@code sup_record}. Every query is grouped by school code over the
 * per school (and per day) aggregates; towns and the city are sums of their schools, except the distinct providers
 * and instructors, counted once over the unit. Which schools make a unit comes from organisation (the caller).
 * Schools are given by code; {@code null} codes means every school of the city.
 */
@Service
public class CityFigures implements DisposableBean {

	/** A period: offerings overlapping it, marks, check-ins, ratings, complaints and money inside it. */
	public record Period(LocalDate from, LocalDate to) {

		public Period {
			if (to.isBefore(from)) {
				throw new IllegalArgumentException("to before from");
			}
		}
	}

	/** Confirmed places of one category. */
	public record CategoryPlaces(String categoryCode, long places) {
	}

	/** Attendance marks of one day. */
	public record DayAttendance(LocalDate day, long attended, long marked) {

		public @Nullable Double rate() {
			return UnitFigures.percent(attended, marked);
		}
	}

	/** An offering's row and figures (the school level's table and the offering level). */
	public record OfferingFigures(long platformId, String offeringId, String schoolCode, String title,
			String categoryCode, @Nullable String providerCode, String term, String status, long priceFen, int capacity,
			int instructors, long places, long present, long late, long absent, long onLeave, long checkins,
			long onTime, long ratings, long satisfied, long exemptedFen, long collectedFen, long refundedFen) {

		public @Nullable Double fill() {
			return UnitFigures.percent(places, capacity);
		}

		public @Nullable Double attendance() {
			return UnitFigures.percent(present + late, present + late + absent);
		}

		public @Nullable Double punctuality() {
			return UnitFigures.percent(onTime, checkins);
		}

		public @Nullable Double satisfaction() {
			return UnitFigures.percent(satisfied, ratings);
		}
	}

	private static final String ACTIVE_OFFERING = "o.status <> 'cancelled' AND o.start_date <= :to AND o.end_date >= :from";

	private final JdbcClient jdbc;

	private final Clock clock;

	/**
	 * Threads of the figures' own pool on which the queries of one page view would run side by side; 1 = none, every
	 * query in the caller's thread (parallel showed no clear gain on 2 shared cores).
	 */
	static final int PARALLEL = 1;

	private final @Nullable ExecutorService parallel;

	CityFigures(JdbcClient jdbc, ObjectProvider<Clock> clock) {
		AtomicInteger threads = new AtomicInteger();
		this.parallel = PARALLEL <= 1 ? null : Executors.newFixedThreadPool(PARALLEL, r -> {
			Thread t = new Thread(r, "city-figures-" + threads.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		this.jdbc = jdbc;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** Today in the city (for default periods). */
	public LocalDate today() {
		return LocalDate.ofInstant(clock.instant(), org.kehou.organisation.Terms.CITY_ZONE);
	}

	/**
	 * Figures per school code (only schools with something reported appear; {@code schools} is 1 for each). The
	 * providers and instructors of a school are its own distinct ones.
	 */
	public Map<String, UnitFigures> bySchool(@Nullable Collection<String> codes, Period period) {
		return join(bySchoolAsync(codes, period));
	}

	/** {@link #bySchool} with its independent queries started in parallel ({@link #parallel}). */
	private CompletableFuture<Map<String, UnitFigures>> bySchoolAsync(@Nullable Collection<String> codes,
			Period period) {
		List<Query> queries = new ArrayList<>();
		String o = condition(codes, "o.school_code");
		String plain = condition(codes, "school_code");
		queries.add(new Query("SELECT school_code, sum(students) FROM sup_student_school WHERE " + plain
				+ " GROUP BY school_code", (f, rs) -> f.with(0, rs[0])));
		queries.add(new Query("SELECT o.school_code, count(*), count(DISTINCT o.provider_code),"
				+ " (SELECT count(DISTINCT (x.platform_id, i)) FROM sup_offering x, unnest(x.instructors) i"
				+ "  WHERE x.school_code = o.school_code AND x.status <> 'cancelled' AND x.start_date <= :to"
				+ "  AND x.end_date >= :from)"
				+ " FROM sup_offering o WHERE " + ACTIVE_OFFERING + " AND " + o + " GROUP BY o.school_code",
				(f, rs) -> f.with(1, rs[0]).with(2, rs[1]).with(3, rs[2])));
		queries.add(new Query("SELECT o.school_code, sum(t.confirmed) FROM sup_place_offering t"
				+ " JOIN sup_offering o ON o.platform_id = t.platform_id AND o.record_id = t.offering_id"
				+ " WHERE " + ACTIVE_OFFERING + " AND " + o + " GROUP BY o.school_code", (f, rs) -> f.with(5, rs[0])));
		queries.add(new Query("SELECT school_code, sum(participants) FROM sup_participant_school WHERE " + plain
				+ " GROUP BY school_code", (f, rs) -> f.with(4, rs[0])));
		queries.add(new Query("SELECT school_code, sum(present), sum(late), sum(absent), sum(on_leave)"
				+ " FROM sup_attendance_school_day WHERE day BETWEEN :from AND :to AND " + plain
				+ " GROUP BY school_code", (f, rs) -> f.with(6, rs[0]).with(7, rs[1]).with(8, rs[2]).with(9, rs[3])));
		queries.add(new Query("SELECT school_code, sum(checkins), sum(on_time) FROM sup_checkin_day"
				+ " WHERE day BETWEEN :from AND :to AND " + plain + " GROUP BY school_code",
				(f, rs) -> f.with(10, rs[0]).with(11, rs[1])));
		queries.add(new Query("SELECT school_code, sum(ratings), sum(satisfied) FROM sup_rating_day"
				+ " WHERE day BETWEEN :from AND :to AND " + plain + " GROUP BY school_code",
				(f, rs) -> f.with(12, rs[0]).with(13, rs[1])));
		queries.add(new Query("SELECT school_code,"
				+ " count(*) FILTER (WHERE (received_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN :from AND :to),"
				+ " count(*) FILTER (WHERE status IN ('received', 'in-progress', 'escalated') AND due_at < :now)"
				+ " FROM sup_complaint WHERE " + plain + " GROUP BY school_code",
				(f, rs) -> f.with(14, rs[0]).with(15, rs[1])));
		queries.add(new Query("SELECT school_code, sum(amount_fen) FROM sup_payment_day"
				+ " WHERE day BETWEEN :from AND :to AND " + plain + " GROUP BY school_code",
				(f, rs) -> f.with(16, rs[0])));
		queries.add(new Query("SELECT school_code, sum(exempted_fen) FROM sup_order_day"
				+ " WHERE day BETWEEN :from AND :to AND " + plain
				+ " GROUP BY school_code", (f, rs) -> f.with(17, rs[0])));
		queries.add(new Query("SELECT school_code, sum(amount_fen) FROM sup_refund_day"
				+ " WHERE day BETWEEN :from AND :to AND " + plain + " GROUP BY school_code",
				(f, rs) -> f.with(18, rs[0])));
		List<CompletableFuture<List<Merged>>> results = new ArrayList<>();
		for (Query q : queries) {
			results.add(async(() -> run(q, codes, period)));
		}
		return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
			Map<String, Acc> out = new HashMap<>();
			for (int i = 0; i < queries.size(); i++) {
				for (Merged m : results.get(i).join()) {
					queries.get(i).into().apply(out.computeIfAbsent(m.code(), c -> new Acc()), m.values());
				}
			}
			Map<String, UnitFigures> figures = new HashMap<>();
			out.forEach((code, f) -> figures.put(code, f.figures()));
			return figures;
		});
	}

	/** The sum over the given schools ({@code schools} = their number), with distinct providers and instructors. */
	public UnitFigures total(Collection<String> codes, Map<String, UnitFigures> bySchool, Period period) {
		return total(codes, bySchool, codes.isEmpty() ? new long[2] : active(codes, period));
	}

	private static UnitFigures total(Collection<String> codes, Map<String, UnitFigures> bySchool, long[] active) {
		UnitFigures sum = new UnitFigures(codes.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
		for (String code : codes) {
			UnitFigures f = bySchool.get(code);
			if (f != null) {
				sum = sum.plus(f.withSchools(0));
			}
		}
		return codes.isEmpty() ? sum : sum.withActive((int) active[0], (int) active[1]);
	}

	/** Distinct providers and instructors of the schools' offerings in the period. */
	private long[] active(Collection<String> codes, Period period) {
		return jdbc.sql("SELECT count(DISTINCT o.provider_code), (SELECT count(DISTINCT (x.platform_id, i))"
				+ " FROM sup_offering x, unnest(x.instructors) i WHERE x.school_code = ANY(:codes)"
				+ " AND x.status <> 'cancelled' AND x.start_date <= :to AND x.end_date >= :from)"
				+ " FROM sup_offering o WHERE " + ACTIVE_OFFERING + " AND o.school_code = ANY(:codes)")
			.param("codes", codes.toArray(String[]::new))
			.param("from", Date.valueOf(period.from()))
			.param("to", Date.valueOf(period.to()))
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
	}

	/**
	 * Everything a city, town or school level shows: per school, the unit's total, places by category and attendance
	 * by day. The queries are independent; they run one after the other in the caller's thread, or side by side on
	 * the figures' pool if {@link #PARALLEL} is raised (each query on its own pooled connection).
	 *
	 * @param filter the schools to read ({@code null}: every school of the city)
	 * @param codes the unit's schools (for the total)
	 */
	public Level level(@Nullable Collection<String> filter, Collection<String> codes, Period period) {
		CompletableFuture<Map<String, UnitFigures>> bySchool = bySchoolAsync(filter, period);
		CompletableFuture<long[]> active = codes.isEmpty() ? CompletableFuture.completedFuture(new long[2])
				: async(() -> active(codes, period));
		CompletableFuture<List<CategoryPlaces>> categories = async(() -> placesByCategory(filter, period));
		CompletableFuture<List<DayAttendance>> days = async(() -> attendanceByDay(filter, period));
		Map<String, UnitFigures> schools = join(bySchool);
		return new Level(schools, total(codes, schools, join(active)), join(categories), join(days));
	}

	/** A level's figures ({@link #level}). */
	public record Level(Map<String, UnitFigures> bySchool, UnitFigures total, List<CategoryPlaces> categories,
			List<DayAttendance> days) {
	}

	/** Confirmed places by category in offerings of the period, most first. */
	public List<CategoryPlaces> placesByCategory(@Nullable Collection<String> codes, Period period) {
		return params(jdbc.sql("SELECT o.category_code, sum(t.confirmed) FROM sup_place_offering t"
				+ " JOIN sup_offering o ON o.platform_id = t.platform_id AND o.record_id = t.offering_id"
				+ " WHERE " + ACTIVE_OFFERING + " AND " + condition(codes, "o.school_code")
				+ " GROUP BY o.category_code HAVING sum(t.confirmed) > 0 ORDER BY sum(t.confirmed) DESC, o.category_code"),
				codes, period)
			.query((rs, i) -> new CategoryPlaces(rs.getString(1), rs.getLong(2)))
			.list();
	}

	/** Attendance per day of the period (days with marks only). */
	public List<DayAttendance> attendanceByDay(@Nullable Collection<String> codes, Period period) {
		return params(jdbc.sql("SELECT day, sum(present + late), sum(present + late + absent)"
				+ " FROM sup_attendance_school_day WHERE day BETWEEN :from AND :to AND "
				+ condition(codes, "school_code") + " GROUP BY day ORDER BY day"), codes, period)
			.query((rs, i) -> new DayAttendance(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3)))
			.list();
	}

	/** The offerings of a school in the period with their figures, by title. */
	public List<OfferingFigures> offeringsOf(String schoolCode, Period period) {
		return offerings("o.school_code = :school AND " + ACTIVE_OFFERING, schoolCode, null, null, period);
	}

	/** One offering of a platform (whatever the period; its figures within the period). */
	public Optional<OfferingFigures> offering(long platformId, String offeringId, Period period) {
		return offerings("o.platform_id = :platform AND o.record_id = :offering", null, platformId, offeringId, period)
			.stream()
			.findFirst();
	}

	/** Attendance per day of one offering. */
	public List<DayAttendance> attendanceByDay(long platformId, String offeringId, Period period) {
		return jdbc.sql("SELECT day, sum(present + late), sum(present + late + absent) FROM sup_attendance_day"
				+ " WHERE platform_id = :platform AND offering_id = :offering AND day BETWEEN :from AND :to"
				+ " GROUP BY day ORDER BY day")
			.param("platform", platformId)
			.param("offering", offeringId)
			.param("from", Date.valueOf(period.from()))
			.param("to", Date.valueOf(period.to()))
			.query((rs, i) -> new DayAttendance(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3)))
			.list();
	}

	private List<OfferingFigures> offerings(String where, @Nullable String school, @Nullable Long platform,
			@Nullable String offering, Period period) {
		var spec = jdbc.sql("""
				SELECT o.platform_id, o.record_id, o.school_code, o.title, o.category_code, o.provider_code, o.term,
				  o.status, o.price_fen, o.capacity, cardinality(o.instructors) AS instructors,
				  (SELECT coalesce(sum(t.confirmed), 0) FROM sup_place_offering t WHERE t.platform_id = o.platform_id
				    AND t.school_code = o.school_code AND t.offering_id = o.record_id) AS places,
				  a.present, a.late, a.absent, a.on_leave,
				  (SELECT count(*) FROM sup_checkin c WHERE c.platform_id = o.platform_id AND c.offering_id = o.record_id
				    AND c.day BETWEEN :from AND :to) AS checkins,
				  (SELECT count(*) FROM sup_checkin c WHERE c.platform_id = o.platform_id AND c.offering_id = o.record_id
				    AND c.day BETWEEN :from AND :to AND c.on_time) AS on_time,
				  r.ratings, r.satisfied,
				  (SELECT coalesce(sum(x.exempted_fen), 0) FROM sup_order x WHERE x.platform_id = o.platform_id
				    AND x.offering_id = o.record_id AND x.status <> 'cancelled' AND x.created_on BETWEEN :from AND :to)
				    AS exempted,
				  (SELECT coalesce(sum(y.amount_fen), 0) FROM sup_payment y JOIN sup_order x
				    ON x.platform_id = y.platform_id AND x.record_id = y.order_id
				    WHERE x.platform_id = o.platform_id AND x.offering_id = o.record_id
				    AND y.paid_on BETWEEN :from AND :to) AS collected,
				  (SELECT coalesce(sum(y.amount_fen), 0) FROM sup_refund y JOIN sup_order x
				    ON x.platform_id = y.platform_id AND x.record_id = y.order_id
				    WHERE x.platform_id = o.platform_id AND x.offering_id = o.record_id
				    AND y.refunded_on BETWEEN :from AND :to) AS refunded
				FROM sup_offering o
				LEFT JOIN LATERAL (SELECT coalesce(sum(d.present), 0) AS present, coalesce(sum(d.late), 0) AS late,
				    coalesce(sum(d.absent), 0) AS absent, coalesce(sum(d.on_leave), 0) AS on_leave
				  FROM sup_attendance_day d WHERE d.platform_id = o.platform_id AND d.school_code = o.school_code
				    AND d.offering_id = o.record_id AND d.day BETWEEN :from AND :to) a ON true
				LEFT JOIN LATERAL (SELECT count(*) AS ratings, count(*) FILTER (WHERE g.overall >= 4) AS satisfied
				  FROM sup_rating g WHERE g.school_code = o.school_code AND g.platform_id = o.platform_id
				    AND g.offering_id = o.record_id AND g.rated_on BETWEEN :from AND :to) r ON true
				WHERE\s""" + where + " ORDER BY o.title, o.platform_id, o.record_id")
			.param("from", Date.valueOf(period.from()))
			.param("to", Date.valueOf(period.to()));
		if (school != null) {
			spec = spec.param("school", school);
		}
		if (platform != null && offering != null) {
			spec = spec.param("platform", platform).param("offering", offering);
		}
		return spec.query((rs, i) -> new OfferingFigures(rs.getLong("platform_id"), rs.getString("record_id"),
				rs.getString("school_code"), rs.getString("title"), rs.getString("category_code"),
				rs.getString("provider_code"), rs.getString("term"), rs.getString("status"), rs.getLong("price_fen"),
				rs.getInt("capacity"), rs.getInt("instructors"), rs.getLong("places"), rs.getLong("present"),
				rs.getLong("late"), rs.getLong("absent"), rs.getLong("on_leave"), rs.getLong("checkins"),
				rs.getLong("on_time"), rs.getLong("ratings"), rs.getLong("satisfied"), rs.getLong("exempted"),
				rs.getLong("collected"), rs.getLong("refunded")))
			.list();
	}

	// ---- helpers ---------------------------------------------------------------------------------------------

	private static String condition(@Nullable Collection<String> codes, String column) {
		return codes == null ? "TRUE" : column + " = ANY(:codes)";
	}

	private JdbcClient.StatementSpec params(JdbcClient.StatementSpec spec, @Nullable Collection<String> codes,
			Period period) {
		spec = spec.param("from", Date.valueOf(period.from())).param("to", Date.valueOf(period.to()));
		return codes == null ? spec : spec.param("codes", codes.toArray(String[]::new));
	}

	/** Mutable per school accumulator of the 19 figures after {@code schools}. */
	private static final class Acc {

		final long[] v = new long[19];

		Acc with(int index, long value) {
			v[index] = value;
			return this;
		}

		UnitFigures figures() {
			return new UnitFigures(1, v[1] > 0 ? 1 : 0, (int) v[1], v[0], v[4], v[5], (int) v[2], (int) v[3], v[6],
					v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18]);
		}
	}

	/** One grouped query per school code and how its values go into the accumulator. */
	private record Query(String sql, BiFunction<Acc, long[], Acc> into) {
	}

	/** One row of a {@link Query}: the school code and the values after it. */
	private record Merged(String code, long[] values) {
	}

	private List<Merged> run(Query query, @Nullable Collection<String> codes, Period period) {
		var spec = params(jdbc.sql(query.sql()), codes, period).param("now", Timestamp.from(clock.instant()));
		List<Merged> rows = new ArrayList<>();
		spec.query(rs -> {
			int n = rs.getMetaData().getColumnCount() - 1;
			long[] values = new long[n];
			for (int i = 0; i < n; i++) {
				values[i] = rs.getLong(i + 2);
			}
			rows.add(new Merged(rs.getString(1), values));
		});
		return rows;
	}

	/**
	 * Runs a query of a level: in the caller's thread, or on the figures' pool when {@link #PARALLEL} is above 1 (the
	 * A/B runs on the shared 2-core machine were inconclusive, see docs/supervision-dashboards.md; one thread keeps
	 * a page view to one connection).
	 */
	private <T> CompletableFuture<T> async(Supplier<T> query) {
		if (parallel == null) {
			try {
				return CompletableFuture.completedFuture(query.get());
			}
			catch (RuntimeException e) {
				return CompletableFuture.failedFuture(e);
			}
		}
		return CompletableFuture.supplyAsync(query, parallel);
	}

	private static <T> T join(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException e) {
			if (e.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw e;
		}
	}

	@Override
	public void destroy() {
		if (parallel != null) {
			parallel.shutdown();
		}
	}
}

