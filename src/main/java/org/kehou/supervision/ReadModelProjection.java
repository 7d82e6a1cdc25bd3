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
 * dashboards read, inside the batch's transaction: ONE set-based statement per record type and batch, reading the
 * new state back from {@code sup_record} by primary key. Every statement is a chain of CTEs over one snapshot:
 * {@code old} reads the records' previous projected rows, {@code up}/{@code gone} write the new rows (or delete
 * them for tombstones), and each aggregate gets {@code new − old} added per key ({@code INSERT … ON CONFLICT DO
 * UPDATE SET x = x + delta}, rows in key order). Atomic increments under row locks, so concurrent batches never lose
 * a change; a record's previous row cannot change under us, because the batch holds the record's {@code sup_record}
 * row lock (taken by the upsert) until it commits. Each aggregate table is written by one record type only, so two
 * batches lock them in the same order (by type, then key) and do not deadlock.
 */
@Component
class ReadModelProjection {

	/** An aggregate: its table, key columns (→ expression over the projected row) and summed columns. */
	private record Aggregate(String table, Map<String, String> keys, Map<String, String> sums) {
	}

	/** A record type's projection: its row table and columns (→ expression over {@code r.data}), aggregates. */
	private record Projection(String table, Map<String, String> columns, List<Aggregate> aggregates, String extra) {
	}

	private static final Map<String, String> SQL = new LinkedHashMap<>();

	static {
		String school = "r.data->>'schoolCode'";
		add("offering", new Projection("sup_offering", map("school_code", school, "term", "r.data->>'term'", "title",
				"left(r.data->>'title', 200)", "category_code", "r.data->>'categoryCode'", "provider_code",
				"r.data->>'providerCode'", "price_fen", "(r.data->>'priceFen')::bigint", "capacity",
				"(r.data->>'capacity')::int", "status", "r.data->>'status'", "start_date", "(r.data->>'startDate')::date",
				"end_date", "(r.data->>'endDate')::date", "instructors",
				"ARRAY(SELECT i->>'instructorId' FROM jsonb_array_elements(r.data->'instructors') i)"), List.of(), ""));
		add("place", new Projection("sup_place", map("school_code", school, "offering_id", "r.data->>'offeringId'",
				"student", "r.data->>'studentPseudonym'", "status", "r.data->>'status'"),
				List.of(new Aggregate("sup_place_offering", map("school_code", "school_code", "offering_id", "offering_id"),
						map("confirmed", "CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END"))),
				"""
						,
						ds AS (SELECT school_code AS school, student, sum(s) AS delta FROM x WHERE status = 'confirmed'
						  GROUP BY school_code, student HAVING sum(s) <> 0),
						pp AS (INSERT INTO sup_participant AS t (platform_id, school_code, student, places)
						  SELECT :p, school, student, delta FROM ds ORDER BY school, student
						  ON CONFLICT (platform_id, school_code, student) DO UPDATE SET places = t.places + EXCLUDED.places
						  RETURNING t.school_code, t.student, t.places),
						tr AS (SELECT pp.school_code AS school, sum(CASE WHEN pp.places > 0 AND pp.places - ds.delta <= 0 THEN 1
						    WHEN pp.places <= 0 AND pp.places - ds.delta > 0 THEN -1 ELSE 0 END) AS delta
						  FROM pp JOIN ds ON ds.school = pp.school_code AND ds.student = pp.student GROUP BY pp.school_code),
						ps AS (INSERT INTO sup_participant_school AS a (platform_id, school_code, participants)
						  SELECT :p, school, delta FROM tr WHERE delta <> 0 ORDER BY school
						  ON CONFLICT (platform_id, school_code) DO UPDATE SET participants = a.participants + EXCLUDED.participants)"""));
		add("student", new Projection("sup_student", map("school_code", school, "student",
				"r.data->>'studentPseudonym'", "grade", "(r.data->>'grade')::int", "hardship",
				"(r.data->>'hardship')::boolean", "active", "(r.data->>'active')::boolean"),
				List.of(new Aggregate("sup_student_school", map("school_code", "school_code"),
						map("students", "CASE WHEN active THEN 1 ELSE 0 END"))), ""));
		add("attendance", new Projection("sup_attendance_mark", map("school_code", school, "offering_id",
				"r.data->>'offeringId'", "day", "(r.data->>'date')::date", "status", "r.data->>'status'"),
				List.of(new Aggregate("sup_attendance_day",
						map("school_code", "school_code", "offering_id", "offering_id", "day", "day"), marks()),
						new Aggregate("sup_attendance_school_day", map("school_code", "school_code", "day", "day"),
								marks())), ""));
		add("checkin", new Projection("sup_checkin", map("school_code", school, "offering_id", "r.data->>'offeringId'",
				"instructor_id", "r.data->>'instructorId'", "day", "(r.data->>'date')::date", "on_time",
				"(r.data->>'onTime')::boolean"),
				List.of(new Aggregate("sup_checkin_day", map("school_code", "school_code", "day", "day"),
						map("checkins", "1", "on_time", "CASE WHEN on_time THEN 1 ELSE 0 END"))), ""));
		add("rating", new Projection("sup_rating", map("school_code", school, "offering_id", "r.data->>'offeringId'",
				"overall", "(r.data->'scores'->>'overall')::int", "rated_on", cityDate("ratedAt")),
				List.of(new Aggregate("sup_rating_day", map("school_code", "school_code", "day", "rated_on"),
						map("ratings", "1", "satisfied", "CASE WHEN overall >= 4 THEN 1 ELSE 0 END"))), ""));
		add("complaint", new Projection("sup_complaint", map("school_code", school, "subject_id",
				"r.data->>'subjectId'", "status", "r.data->>'status'", "received_at",
				"(r.data->>'receivedAt')::timestamptz", "due_at", "(r.data->>'dueAt')::timestamptz"), List.of(), ""));
		add("order", new Projection("sup_order", map("school_code", school, "offering_id", "r.data->>'offeringId'",
				"price_fen", "(r.data->>'priceFen')::bigint", "exempted_fen", "(r.data->>'exemptedFen')::bigint",
				"due_fen", "(r.data->>'dueFen')::bigint", "status", "r.data->>'status'", "created_on",
				cityDate("createdAt")),
				List.of(new Aggregate("sup_order_day", map("school_code", "school_code", "day", "created_on"),
						map("exempted_fen", "CASE WHEN status <> 'cancelled' THEN exempted_fen ELSE 0 END"))), ""));
		add("policy-read", new Projection("sup_policy_read", map("policy_id", "r.data->>'policyId'", "school_code", school,
				"audience", "r.data->>'audience'", "audience_count", "(r.data->>'audienceCount')::int", "read_count",
				"(r.data->>'readCount')::int", "as_of", "(r.data->>'asOf')::timestamptz"), List.of(), ""));
		add("payment", new Projection("sup_payment", map("school_code", school, "order_id", "r.data->>'orderId'",
				"amount_fen", "(r.data->>'amountFen')::bigint", "paid_on", cityDate("paidAt")),
				List.of(new Aggregate("sup_payment_day", map("school_code", "school_code", "day", "paid_on"),
						map("amount_fen", "amount_fen"))), ""));
		add("refund", new Projection("sup_refund", map("school_code", school, "order_id", "r.data->>'orderId'",
				"amount_fen", "(r.data->>'amountFen')::bigint", "refunded_on", cityDate("refundedAt")),
				List.of(new Aggregate("sup_refund_day", map("school_code", "school_code", "day", "refunded_on"),
						map("amount_fen", "amount_fen"))), ""));
	}

	private static Map<String, String> marks() {
		return map("present", "CASE WHEN status = 'present' THEN 1 ELSE 0 END", "late",
				"CASE WHEN status = 'late' THEN 1 ELSE 0 END", "absent", "CASE WHEN status = 'absent' THEN 1 ELSE 0 END",
				"on_leave", "CASE WHEN status = 'leave' THEN 1 ELSE 0 END");
	}

	/** Dates of the city (Asia/Shanghai) from an RFC 3339 time with offset. */
	private static String cityDate(String field) {
		return "((r.data->>'" + field + "')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date";
	}

	private static Map<String, String> map(String... pairs) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}

	private static void add(String type, Projection p) {
		String names = String.join(", ", p.columns().keySet());
		List<String> exprs = new ArrayList<>();
		p.columns().forEach((c, e) -> exprs.add(e + " AS " + c));
		StringBuilder sql = new StringBuilder("WITH r AS (SELECT record_id, deleted, data FROM sup_record\n"
				+ "  WHERE platform_id = :p AND type = :type AND record_id = ANY(:ids)),\n");
		sql.append("n AS (SELECT r.record_id, ").append(String.join(", ", exprs)).append(" FROM r WHERE NOT r.deleted),\n");
		sql.append("old AS (SELECT t.record_id, ")
			.append(String.join(", ", p.columns().keySet().stream().map(c -> "t." + c).toList()))
			.append(" FROM ").append(p.table()).append(" t JOIN r ON t.platform_id = :p AND t.record_id = r.record_id),\n");
		sql.append("up AS (INSERT INTO ").append(p.table()).append(" (platform_id, record_id, ").append(names)
			.append(")\n  SELECT :p, record_id, ").append(names).append(" FROM n ORDER BY record_id\n")
			.append("  ON CONFLICT (platform_id, record_id) DO UPDATE SET ")
			.append(String.join(", ", p.columns().keySet().stream().map(c -> c + " = EXCLUDED." + c).toList()))
			.append("),\n");
		sql.append("gone AS (DELETE FROM ").append(p.table())
			.append(" t USING r WHERE r.deleted AND t.platform_id = :p AND t.record_id = r.record_id),\n");
		sql.append("x AS (SELECT *, 1 AS s FROM n UNION ALL SELECT *, -1 AS s FROM old)");
		int i = 0;
		for (Aggregate a : p.aggregates()) {
			List<String> keys = new ArrayList<>(a.keys().keySet());
			List<String> sums = new ArrayList<>(a.sums().keySet());
			List<String> select = new ArrayList<>();
			a.keys().forEach((k, e) -> select.add(e + " AS " + k));
			a.sums().forEach((k, e) -> select.add("sum(s * (" + e + ")) AS " + k));
			List<String> ordinals = new ArrayList<>();
			for (int k = 1; k <= keys.size(); k++) {
				ordinals.add(String.valueOf(k));
			}
			sql.append(",\na").append(i++).append(" AS (INSERT INTO ").append(a.table()).append(" AS a (platform_id, ")
				.append(String.join(", ", keys)).append(", ").append(String.join(", ", sums)).append(")\n  SELECT :p, ")
				.append(String.join(", ", keys)).append(", ").append(String.join(", ", sums))
				.append(" FROM (SELECT ").append(String.join(", ", select)).append(" FROM x GROUP BY ")
				.append(String.join(", ", ordinals)).append(") d\n  WHERE ")
				.append(String.join(" OR ", sums.stream().map(s -> s + " <> 0").toList()))
				.append(" ORDER BY ").append(String.join(", ", keys))
				.append("\n  ON CONFLICT (platform_id, ").append(String.join(", ", keys)).append(") DO UPDATE SET ")
				.append(String.join(", ", sums.stream().map(s -> s + " = a." + s + " + EXCLUDED." + s).toList()))
				.append(")");
		}
		sql.append(p.extra());
		sql.append("\nSELECT count(*) FROM r");
		SQL.put(type, sql.toString());
	}

	private final JdbcClient jdbc;

	ReadModelProjection(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The record types with a read model. */
	static Set<String> types() {
		return SQL.keySet();
	}

	/** The statement projecting one type (for the documentation and tests). */
	static String sql(String type) {
		return SQL.get(type);
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
			.query(Long.class)
			.single());
	}
}
