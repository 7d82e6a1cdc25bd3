package org.kehou.supervision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Projects the records a batch has just stored (accepted upserts and tombstones) into the typed read models the
 * dashboards read ({@code sup_offering}, {@code sup_place}, … and the attendance and check-in aggregates), inside
 * the batch's transaction: one set-based statement per record type and batch, reading the new state back from
 * {@code sup_record} by primary key. Attendance and check-ins are kept as aggregates by delta: one statement reads
 * the record's previous projected row (its old status), writes the new one (or deletes it for a tombstone) and adds
 * new minus old to the per day counters — atomic increments under row locks, so concurrent batches never lose a
 * change. A record's previous row cannot change under us: the batch holds the {@code sup_record} row lock of every
 * record it projects until it commits. Aggregate rows are written in key order (no deadlocks between batches).
 */
@Component
class ReadModelProjection {

	/** Dates of the city (Asia/Shanghai) from an RFC 3339 time with offset. */
	private static String cityDate(String field) {
		return "((r.data->>'" + field + "')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date";
	}

	/** A plain one row per record projection: table, then column → expression over {@code r.data}. */
	private record Plain(String table, Map<String, String> columns) {
	}

	private static final Map<String, Plain> PLAIN = new LinkedHashMap<>();

	static {
		PLAIN.put("offering", new Plain("sup_offering", columns("school_code", "r.data->>'schoolCode'", "term",
				"r.data->>'term'", "title", "left(r.data->>'title', 200)", "category_code", "r.data->>'categoryCode'",
				"provider_code", "r.data->>'providerCode'", "price_fen", "(r.data->>'priceFen')::bigint", "capacity",
				"(r.data->>'capacity')::int", "status", "r.data->>'status'", "start_date", "(r.data->>'startDate')::date",
				"end_date", "(r.data->>'endDate')::date", "instructors",
				"ARRAY(SELECT i->>'instructorId' FROM jsonb_array_elements(r.data->'instructors') i)")));
		PLAIN.put("place", new Plain("sup_place", columns("school_code", "r.data->>'schoolCode'", "offering_id",
				"r.data->>'offeringId'", "student", "r.data->>'studentPseudonym'", "status", "r.data->>'status'")));
		PLAIN.put("student", new Plain("sup_student", columns("school_code", "r.data->>'schoolCode'", "student",
				"r.data->>'studentPseudonym'", "grade", "(r.data->>'grade')::int", "hardship",
				"(r.data->>'hardship')::boolean", "active", "(r.data->>'active')::boolean")));
		PLAIN.put("rating", new Plain("sup_rating", columns("school_code", "r.data->>'schoolCode'", "offering_id",
				"r.data->>'offeringId'", "overall", "(r.data->'scores'->>'overall')::int", "rated_on",
				cityDate("ratedAt"))));
		PLAIN.put("complaint", new Plain("sup_complaint", columns("school_code", "r.data->>'schoolCode'",
				"subject_id", "r.data->>'subjectId'", "status", "r.data->>'status'", "received_at",
				"(r.data->>'receivedAt')::timestamptz", "due_at", "(r.data->>'dueAt')::timestamptz")));
		PLAIN.put("order", new Plain("sup_order", columns("school_code", "r.data->>'schoolCode'", "offering_id",
				"r.data->>'offeringId'", "price_fen", "(r.data->>'priceFen')::bigint", "exempted_fen",
				"(r.data->>'exemptedFen')::bigint", "due_fen", "(r.data->>'dueFen')::bigint", "status",
				"r.data->>'status'", "created_on", cityDate("createdAt"))));
		PLAIN.put("payment", new Plain("sup_payment", columns("school_code", "r.data->>'schoolCode'", "order_id",
				"r.data->>'orderId'", "amount_fen", "(r.data->>'amountFen')::bigint", "paid_on", cityDate("paidAt"))));
		PLAIN.put("refund", new Plain("sup_refund", columns("school_code", "r.data->>'schoolCode'", "order_id",
				"r.data->>'orderId'", "amount_fen", "(r.data->>'amountFen')::bigint", "refunded_on",
				cityDate("refundedAt"))));
	}

	private static Map<String, String> columns(String... pairs) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}

	private static final String RECORDS = """
			r AS (SELECT record_id, deleted, data FROM sup_record
			  WHERE platform_id = :p AND type = :type AND record_id = ANY(:ids))""";

	private static final Map<String, String> SQL = new LinkedHashMap<>();

	static {
		PLAIN.forEach((type, plain) -> {
			String names = String.join(", ", plain.columns().keySet());
			String values = String.join(", ", plain.columns().values());
			String updates = String.join(", ",
					plain.columns().keySet().stream().map(c -> c + " = EXCLUDED." + c).toList());
			SQL.put(type, "WITH " + RECORDS + ",\n"
					+ "gone AS (DELETE FROM " + plain.table() + " t USING r WHERE r.deleted AND t.platform_id = :p"
					+ " AND t.record_id = r.record_id)\n"
					+ "INSERT INTO " + plain.table() + " (platform_id, record_id, " + names + ")\n"
					+ "SELECT :p, r.record_id, " + values + " FROM r WHERE NOT r.deleted ORDER BY r.record_id\n"
					+ "ON CONFLICT (platform_id, record_id) DO UPDATE SET " + updates);
		});
		SQL.put("attendance", "WITH " + RECORDS + """
				,
				n AS (SELECT r.record_id, r.data->>'schoolCode' AS school, r.data->>'offeringId' AS offering,
				  (r.data->>'date')::date AS day, r.data->>'status' AS status FROM r WHERE NOT r.deleted),
				old AS (SELECT m.school_code AS school, m.offering_id AS offering, m.day, m.status
				  FROM sup_attendance_mark m JOIN r ON m.platform_id = :p AND m.record_id = r.record_id),
				up AS (INSERT INTO sup_attendance_mark (platform_id, record_id, school_code, offering_id, day, status)
				  SELECT :p, record_id, school, offering, day, status FROM n ORDER BY record_id
				  ON CONFLICT (platform_id, record_id) DO UPDATE SET school_code = EXCLUDED.school_code,
				    offering_id = EXCLUDED.offering_id, day = EXCLUDED.day, status = EXCLUDED.status),
				gone AS (DELETE FROM sup_attendance_mark m USING r WHERE r.deleted AND m.platform_id = :p
				  AND m.record_id = r.record_id),
				d AS (SELECT school, offering, day,
				    coalesce(sum(s) FILTER (WHERE status = 'present'), 0) AS present,
				    coalesce(sum(s) FILTER (WHERE status = 'late'), 0) AS late,
				    coalesce(sum(s) FILTER (WHERE status = 'absent'), 0) AS absent,
				    coalesce(sum(s) FILTER (WHERE status = 'leave'), 0) AS on_leave
				  FROM (SELECT school, offering, day, status, 1 AS s FROM n
				        UNION ALL SELECT school, offering, day, status, -1 FROM old) x
				  GROUP BY school, offering, day),
				per_offering AS (INSERT INTO sup_attendance_day AS a (platform_id, school_code, offering_id, day,
				    present, late, absent, on_leave)
				  SELECT :p, school, offering, day, present, late, absent, on_leave FROM d
				  WHERE present <> 0 OR late <> 0 OR absent <> 0 OR on_leave <> 0 ORDER BY school, offering, day
				  ON CONFLICT (platform_id, school_code, offering_id, day) DO UPDATE SET present = a.present + EXCLUDED.present,
				    late = a.late + EXCLUDED.late, absent = a.absent + EXCLUDED.absent,
				    on_leave = a.on_leave + EXCLUDED.on_leave)
				INSERT INTO sup_attendance_school_day AS a (platform_id, school_code, day, present, late, absent, on_leave)
				SELECT :p, school, day, sum(present), sum(late), sum(absent), sum(on_leave) FROM d GROUP BY school, day
				HAVING sum(present) <> 0 OR sum(late) <> 0 OR sum(absent) <> 0 OR sum(on_leave) <> 0
				ORDER BY school, day
				ON CONFLICT (platform_id, school_code, day) DO UPDATE SET present = a.present + EXCLUDED.present,
				  late = a.late + EXCLUDED.late, absent = a.absent + EXCLUDED.absent,
				  on_leave = a.on_leave + EXCLUDED.on_leave""");
		SQL.put("checkin", "WITH " + RECORDS + """
				,
				n AS (SELECT r.record_id, r.data->>'schoolCode' AS school, r.data->>'offeringId' AS offering,
				  r.data->>'instructorId' AS instructor, (r.data->>'date')::date AS day,
				  (r.data->>'onTime')::boolean AS on_time FROM r WHERE NOT r.deleted),
				old AS (SELECT c.school_code AS school, c.day, c.on_time
				  FROM sup_checkin c JOIN r ON c.platform_id = :p AND c.record_id = r.record_id),
				up AS (INSERT INTO sup_checkin (platform_id, record_id, school_code, offering_id, instructor_id, day, on_time)
				  SELECT :p, record_id, school, offering, instructor, day, on_time FROM n ORDER BY record_id
				  ON CONFLICT (platform_id, record_id) DO UPDATE SET school_code = EXCLUDED.school_code,
				    offering_id = EXCLUDED.offering_id, instructor_id = EXCLUDED.instructor_id, day = EXCLUDED.day,
				    on_time = EXCLUDED.on_time),
				gone AS (DELETE FROM sup_checkin c USING r WHERE r.deleted AND c.platform_id = :p
				  AND c.record_id = r.record_id),
				d AS (SELECT school, day, sum(s) AS checkins, coalesce(sum(s) FILTER (WHERE on_time), 0) AS on_time
				  FROM (SELECT school, day, on_time, 1 AS s FROM n UNION ALL SELECT school, day, on_time, -1 FROM old) x
				  GROUP BY school, day)
				INSERT INTO sup_checkin_day AS a (platform_id, school_code, day, checkins, on_time)
				SELECT :p, school, day, checkins, on_time FROM d WHERE checkins <> 0 OR on_time <> 0 ORDER BY school, day
				ON CONFLICT (platform_id, school_code, day) DO UPDATE SET checkins = a.checkins + EXCLUDED.checkins,
				  on_time = a.on_time + EXCLUDED.on_time""");
	}

	private final JdbcClient jdbc;

	ReadModelProjection(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The record types with a read model. */
	static Set<String> types() {
		return SQL.keySet();
	}

	/**
	 * Projects the given stored records of a platform; {@code keys} are {@code type + '\u0000' + id}. Types without
	 * a read model are skipped. Call inside the transaction that stored them.
	 */
	void project(long platformId, Iterable<String> keys) {
		Map<String, List<String>> byType = new TreeMap<>();
		for (String key : keys) {
			int cut = key.indexOf('\u0000');
			String type = key.substring(0, cut);
			if (SQL.containsKey(type)) {
				byType.computeIfAbsent(type, t -> new ArrayList<>()).add(key.substring(cut + 1));
			}
		}
		byType.forEach((type, ids) -> jdbc.sql(SQL.get(type))
			.param("p", platformId)
			.param("type", type)
			.param("ids", ids.toArray(String[]::new))
			.update());
	}
}
