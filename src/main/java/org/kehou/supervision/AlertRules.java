package org.kehou.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Evaluates the alert rules ({@link AlertRule}) over the read models that ingestion projects ({@code sup_offering},
 * {@code sup_place_offering}, {@code sup_checkin}, {@code sup_rating_day} ...), the records themselves
 * ({@code sup_record}, for fields the read models do not hold) and the city's current down records
 * ({@code sup_down_record}: whitelist, caps, schools' required end of service). One statement per rule, set-based
 * over the whole city: the rule's query finds the subjects, an {@code INSERT ... ON CONFLICT} on the partial unique
 * index of open alerts raises each once (or refreshes its evidence), and the same statement clears the rule's open
 * alerts whose condition is gone (an assigned alert stays for its assignee, marked). Each statement commits on its
 * own, so sweeps on several nodes at once raise nothing twice.
 */
@Service
public class AlertRules {

	static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");

	/** Offerings that run now: open or running and not ended, with their record's data. */
	private static final String ACTIVE = """
			active AS (
			  SELECT o.platform_id, o.record_id, o.school_code, o.title, o.category_code, o.provider_code, o.price_fen,
			         o.capacity, r.data, o.platform_id || '/offering/' || o.record_id AS rid
			  FROM sup_offering o
			  JOIN sup_record r ON r.platform_id = o.platform_id AND r.type = 'offering' AND r.record_id = o.record_id
			  WHERE o.status IN ('open', 'running') AND o.end_date >= :today)""";

	private static final String MONEY = "'¥' || to_char(%s / 100.0, 'FM999999999990.00')";

	/** Each rule's query: subject, school_code, provider_code, platform_id, args (text[]), record_ids (text[]). */
	private static final Map<AlertRule, String> FIND = new EnumMap<>(AlertRule.class);

	static {
		FIND.put(AlertRule.PROVIDER_NOT_ADMITTED, """
				whitelist AS (
				  SELECT DISTINCT ON (data->>'providerCode') data->>'providerCode' AS code, data->>'status' AS status,
				         (data->>'validUntil')::date AS valid_until, record_id
				  FROM sup_down_record WHERE record_type = 'provider' AND NOT deleted AND data IS NOT NULL
				  ORDER BY data->>'providerCode', version DESC),
				found AS (
				  SELECT a.provider_code AS subject, NULL::varchar AS school_code, a.provider_code, NULL::bigint AS platform_id,
				         ARRAY[a.provider_code,
				               CASE WHEN max(w.code) IS NULL THEN 'unlisted'
				                    WHEN max(w.status) = 'admitted' THEN 'expired' ELSE max(w.status) END,
				               count(*)::text, string_agg(DISTINCT a.school_code, '、')] AS args,
				         array_agg(a.rid ORDER BY a.rid) AS record_ids
				  FROM active a LEFT JOIN whitelist w ON w.code = a.provider_code
				  WHERE a.provider_code IS NOT NULL
				    AND (w.code IS NULL OR w.status <> 'admitted' OR w.valid_until < :today)
				  GROUP BY a.provider_code)""");
		FIND.put(AlertRule.INSTRUCTOR_DOCUMENTS, """
				found AS (
				  SELECT DISTINCT ON (a.platform_id, a.record_id, i->>'instructorId')
				         a.platform_id || ':' || a.record_id || ':' || (i->>'instructorId') AS subject, a.school_code,
				         coalesce(i->>'providerCode', a.provider_code) AS provider_code, a.platform_id,
				         ARRAY[a.title, i->>'instructorId', coalesce(i->>'documentsValidUntil', '—')] AS args,
				         ARRAY[a.rid] AS record_ids
				  FROM active a CROSS JOIN LATERAL jsonb_array_elements(a.data->'instructors') i
				  WHERE (i->>'documentsValid')::boolean IS FALSE OR (i->>'documentsValidUntil')::date < :today
				  ORDER BY a.platform_id, a.record_id, i->>'instructorId')""");
		FIND.put(AlertRule.FEE_ABOVE_CAP, """
				caps AS (
				  SELECT record_id, version, data->>'categoryCode' AS category, data->>'townCode' AS town_code,
				         data->>'unit' AS unit, (data->>'capFen')::bigint AS cap_fen
				  FROM sup_down_record
				  WHERE record_type = 'cap' AND NOT deleted AND data IS NOT NULL
				    AND (data->>'validFrom')::date <= :today AND coalesce((data->>'validUntil')::date, :today) >= :today),
				in_force AS (
				  SELECT DISTINCT ON (a.platform_id, a.record_id) a.*, c.record_id AS cap_id, c.unit, c.cap_fen,
				         CASE WHEN c.unit = 'term' THEN c.cap_fen
				              ELSE c.cap_fen * (a.data->>'sessionCount')::bigint END AS limit_fen
				  FROM active a
				  LEFT JOIN school s ON s.code = a.school_code
				  LEFT JOIN town t ON t.id = s.town_id
				  JOIN caps c ON c.category = a.category_code AND (c.town_code IS NULL OR c.town_code = t.code)
				  WHERE c.unit = 'term' OR (c.unit = 'session' AND a.data->>'sessionCount' IS NOT NULL)
				  ORDER BY a.platform_id, a.record_id, (c.town_code IS NULL), c.unit = 'term' DESC, c.version DESC),
				found AS (
				  SELECT platform_id || ':' || record_id AS subject, school_code, provider_code, platform_id,
				         ARRAY[title, %1$s, %2$s, category_code] AS args,
				         ARRAY[rid, 'down/cap/' || cap_id] AS record_ids
				  FROM in_force WHERE price_fen > limit_fen)"""
			.formatted(MONEY.formatted("price_fen"), MONEY.formatted("limit_fen")));
		FIND.put(AlertRule.OVER_CAPACITY, """
				found AS (
				  SELECT a.platform_id || ':' || a.record_id AS subject, a.school_code, a.provider_code, a.platform_id,
				         ARRAY[a.title, p.confirmed::text, a.capacity::text] AS args, ARRAY[a.rid] AS record_ids
				  FROM active a
				  JOIN (SELECT platform_id, school_code, offering_id, sum(confirmed) AS confirmed FROM sup_place_offering
				        GROUP BY 1, 2, 3) p
				    ON p.platform_id = a.platform_id AND p.school_code = a.school_code AND p.offering_id = a.record_id
				  WHERE p.confirmed > a.capacity)""");
		FIND.put(AlertRule.ROLL_CALL_MISSING, """
				found AS (
				  SELECT DISTINCT ON (c.platform_id, c.offering_id, c.day)
				         c.platform_id || ':' || c.offering_id || ':' || c.day AS subject, c.school_code,
				         o.provider_code, c.platform_id,
				         ARRAY[coalesce(o.title, c.offering_id), c.day::text, r.data->>'expectedStudents'] AS args,
				         ARRAY[c.platform_id || '/checkin/' || c.record_id] AS record_ids
				  FROM sup_checkin c
				  JOIN sup_record r ON r.platform_id = c.platform_id AND r.type = 'checkin' AND r.record_id = c.record_id
				  LEFT JOIN sup_offering o ON o.platform_id = c.platform_id AND o.record_id = c.offering_id
				  WHERE c.day >= :lookback AND (r.data->>'expectedStudents')::int > 0
				    AND (r.data->>'scheduledEnd')::timestamptz < :rollCallDue
				    AND NOT EXISTS (SELECT 1 FROM sup_attendance_day d
				                    WHERE d.platform_id = c.platform_id AND d.school_code = c.school_code
				                      AND d.offering_id = c.offering_id AND d.day = c.day
				                      AND d.present + d.late + d.absent + d.on_leave > 0)
				  ORDER BY c.platform_id, c.offering_id, c.day, c.record_id)""");
		FIND.put(AlertRule.SERVICE_ENDS_EARLY, """
				required AS (
				  SELECT DISTINCT ON (data->>'schoolCode') data->>'schoolCode' AS school_code, record_id,
				         (data->>'serviceEndsNoEarlierThan')::time AS ends
				  FROM sup_down_record
				  WHERE record_type = 'school' AND NOT deleted AND data->>'serviceEndsNoEarlierThan' IS NOT NULL
				  ORDER BY data->>'schoolCode', version DESC),
				slots AS (
				  SELECT a.school_code, (sl->>'dayOfWeek')::int AS dow, (sl->>'end')::time AS slot_end, a.rid
				  FROM active a CROSS JOIN LATERAL jsonb_array_elements(a.data->'weeklySlots') sl
				  WHERE a.school_code IN (SELECT school_code FROM required)),
				early AS (
				  SELECT s.school_code, s.dow, max(s.slot_end) AS last_end, q.ends, q.record_id
				  FROM slots s JOIN required q ON q.school_code = s.school_code
				  GROUP BY s.school_code, s.dow, q.ends, q.record_id HAVING max(s.slot_end) < q.ends),
				found AS (
				  SELECT e.school_code AS subject, e.school_code, NULL::varchar AS provider_code, NULL::bigint AS platform_id,
				         ARRAY[string_agg(e.dow || ' ' || to_char(e.last_end, 'HH24:MI'), '，' ORDER BY e.dow),
				               to_char(min(e.ends), 'HH24:MI')] AS args,
				         (SELECT array_agg(DISTINCT s.rid ORDER BY s.rid) FROM slots s
				          WHERE s.school_code = e.school_code AND s.dow IN (SELECT dow FROM early x WHERE x.school_code = e.school_code))
				           || ('down/school/' || min(e.record_id)) AS record_ids
				  FROM early e GROUP BY e.school_code)""");
		FIND.put(AlertRule.LOW_SATISFACTION, """
				found AS (
				  SELECT d.school_code AS subject, d.school_code, NULL::varchar AS provider_code, NULL::bigint AS platform_id,
				         ARRAY[round(100.0 * sum(d.satisfied) / sum(d.ratings), 1)::text, sum(d.ratings)::text,
				               CAST(:satisfactionBelow AS text)] AS args,
				         coalesce((SELECT array_agg(x.rid) FROM (
				                     SELECT g.platform_id || '/rating/' || g.record_id AS rid FROM sup_rating g
				                     WHERE g.school_code = d.school_code AND g.overall < 4 AND g.rated_on BETWEEN :ratedFrom AND :today
				                     ORDER BY g.rated_on DESC, g.record_id LIMIT 20) x), '{}') AS record_ids
				  FROM sup_rating_day d WHERE d.day BETWEEN :ratedFrom AND :today
				  GROUP BY d.school_code
				  HAVING sum(d.ratings) >= :minRatings AND 100.0 * sum(d.satisfied) < :satisfactionBelow * sum(d.ratings))""");
		FIND.put(AlertRule.COMPLAINT_OVERDUE, """
				found AS (
				  SELECT c.platform_id || ':' || c.record_id AS subject, c.school_code, NULL::varchar AS provider_code,
				         c.platform_id,
				         ARRAY[c.record_id, to_char(c.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), c.status] AS args,
				         ARRAY[c.platform_id || '/complaint/' || c.record_id] AS record_ids
				  FROM sup_complaint c
				  WHERE c.status IN ('received', 'in-progress', 'escalated') AND c.due_at < :now)""");
		FIND.put(AlertRule.PLATFORM_SILENT, """
				found AS (
				  SELECT p.id::text AS subject, NULL::varchar AS school_code, NULL::varchar AS provider_code, p.id AS platform_id,
				         ARRAY[p.name, coalesce(to_char(c.last_contact_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), '—')] AS args,
				         '{}'::text[] AS record_ids
				  FROM service_platform p
				  JOIN (SELECT platform_id, min(issued_at) AS first_issued FROM sup_credential
				        WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now) GROUP BY platform_id) k
				    ON k.platform_id = p.id
				  LEFT JOIN sup_platform_contact c ON c.platform_id = p.id
				  WHERE coalesce(c.last_contact_at, k.first_issued) < :silentSince)""");
		FIND.put(AlertRule.FORCED_PARTICIPATION, """
				students AS (SELECT school_code, sum(students) AS n FROM sup_student_school GROUP BY school_code),
				participants AS (SELECT school_code, sum(participants) AS n FROM sup_participant_school GROUP BY school_code),
				found AS (
				  SELECT s.school_code AS subject, s.school_code, NULL::varchar AS provider_code, NULL::bigint AS platform_id,
				         ARRAY[s.n::text, p.n::text] AS args, '{}'::text[] AS record_ids
				  FROM students s JOIN participants p ON p.school_code = s.school_code
				  WHERE s.n >= :forcedMinStudents AND p.n >= s.n
				    AND NOT EXISTS (SELECT 1 FROM sup_place x WHERE x.school_code = s.school_code
				                    AND x.status IN ('withdrawn', 'cancelled')))""");
	}

	private static final String RAISE = """
			WITH %s,
			%s,
			raised AS (
			  INSERT INTO sup_alert AS a (rule, subject, severity, status, school_code, school_id, town_id, provider_code,
			                              platform_id, args, record_ids, raised_at, seen_at)
			  SELECT :rule, f.subject, :severity, 'OPEN', f.school_code, s.id, s.town_id, f.provider_code, f.platform_id,
			         f.args, f.record_ids, :now, :now
			  FROM found f LEFT JOIN school s ON s.code = f.school_code
			  ORDER BY f.subject
			  ON CONFLICT (rule, subject) WHERE status IN ('OPEN', 'ASSIGNED')
			  DO UPDATE SET args = EXCLUDED.args, record_ids = EXCLUDED.record_ids, seen_at = EXCLUDED.seen_at,
			                condition_cleared_at = NULL
			  RETURNING a.id, (xmax = 0) AS inserted),
			cleared AS (
			  UPDATE sup_alert c
			  SET status = CASE WHEN c.status = 'OPEN' THEN 'CLEARED' ELSE c.status END,
			      closed_at = CASE WHEN c.status = 'OPEN' THEN :now ELSE c.closed_at END,
			      condition_cleared_at = coalesce(c.condition_cleared_at, :now)
			  WHERE c.rule = :rule AND c.status IN ('OPEN', 'ASSIGNED') AND c.condition_cleared_at IS NULL
			    AND c.id NOT IN (SELECT id FROM raised)
			  RETURNING c.id)
			SELECT (SELECT count(*) FROM raised WHERE inserted) AS raised, (SELECT count(*) FROM raised) AS seen,
			       (SELECT count(*) FROM cleared) AS cleared""";

	private final JdbcClient jdbc;

	private final AlertProperties properties;

	AlertRules(JdbcClient jdbc, AlertProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/** What one sweep did per rule: new alerts, alerts whose condition still holds (new included), cleared ones. */
	public record Outcome(long raised, long seen, long cleared) {
	}

	/** Evaluates every rule as of {@code now}; each rule commits on its own. */
	public Map<AlertRule, Outcome> sweep(Instant now) {
		Map<AlertRule, Outcome> outcomes = new EnumMap<>(AlertRule.class);
		for (AlertRule rule : AlertRule.values()) {
			outcomes.put(rule, evaluate(rule, now));
		}
		return outcomes;
	}

	/** Evaluates one rule as of {@code now}. */
	public Outcome evaluate(AlertRule rule, Instant now) {
		LocalDate today = LocalDate.ofInstant(now, CITY_ZONE);
		String sql = RAISE.formatted(ACTIVE, FIND.get(rule));
		return jdbc.sql(sql)
			.param("rule", rule.name())
			.param("severity", rule.severity().name())
			.param("now", java.sql.Timestamp.from(now))
			.param("today", today)
			.param("lookback", today.minusDays(properties.rollCallLookback().toDays()))
			.param("rollCallDue", java.sql.Timestamp.from(now.minus(properties.rollCallGrace())))
			.param("ratedFrom", today.minusDays(properties.satisfactionWindow().toDays()))
			.param("minRatings", properties.minRatings())
			.param("satisfactionBelow", properties.satisfactionBelow())
			.param("silentSince", java.sql.Timestamp.from(now.minus(properties.silence())))
			.param("forcedMinStudents", properties.forcedMinStudents())
			.query((rs, n) -> new Outcome(rs.getLong("raised"), rs.getLong("seen"), rs.getLong("cleared")))
			.single();
	}
}
