package org.kehou.reporting;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.exchange.ExchangeRecord;
import org.kehou.exchange.Pseudonyms;
import org.kehou.exchange.RecordType;
import org.kehou.identity.PersonalDataCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The current state of outbox records, one set-based query per record type, in the standard's shape. A record whose
 * source row is gone (or no longer reportable: a place never confirmed, a session no longer cancelled, a student
 * without an ID number, e.g. anonymised) becomes a {@code delete}. Students travel only as pseudonyms
 * ({@link Pseudonyms} of the ID number, decrypted with {@link PersonalDataCipher} in memory); no name, no number.
 */
@Component
class RecordSnapshots {

	static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> REASONS = Set.of("weather", "instructor-absent", "school-event", "holiday",
			"other");

	// One record to send (or to park when it fails the schema), with the school's platform for the filter.
	record Snapshot(OutboxKey key, ExchangeRecord record, @Nullable String platformCode) {
	}

	// A record whose state cannot be put into the standard (e.g. an invalid ID number): parked with the reason.
	record Unreportable(OutboxKey key, long version, String reason) {
	}

	record Result(List<Snapshot> snapshots, List<Unreportable> unreportable) {
	}

	private final JdbcClient jdbc;

	private final PersonalDataCipher cipher;

	private final Pseudonyms pseudonyms;

	RecordSnapshots(JdbcClient jdbc, PersonalDataCipher cipher, Pseudonyms pseudonyms) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.pseudonyms = pseudonyms;
	}

	/** The wire id of an outbox key. */
	static String wireId(String type, String sourceKey) {
		return switch (type) {
			case "class" -> "c-" + sourceKey;
			case "student" -> "s-" + sourceKey;
			case "place" -> "p-" + sourceKey;
			case "attendance" -> "a-" + sourceKey.replace(':', '-');
			case "session-cancelled" -> "cs-" + sourceKey;
			case "checkin" -> "ci-" + sourceKey.replace(':', '-');
			default -> throw new IllegalArgumentException("Not a reported record type: " + type);
		};
	}

	/** Snapshots of the records (key → version). */
	Result of(Map<OutboxKey, Long> versions) {
		Map<String, Map<OutboxKey, Long>> byType = new HashMap<>();
		versions.forEach((k, v) -> byType.computeIfAbsent(k.type(), t -> new HashMap<>()).put(k, v));
		Batch batch = new Batch(versions);
		byType.forEach((type, keys) -> {
			switch (type) {
				case "class" -> classes(keys.keySet(), batch);
				case "student" -> students(keys.keySet(), batch);
				case "place" -> places(keys.keySet(), batch);
				case "attendance" -> marks(keys.keySet(), batch);
				case "session-cancelled" -> cancellations(keys.keySet(), batch);
				case "checkin" -> checkIns(keys.keySet(), batch);
				default -> keys.forEach((k, v) -> batch.unreportable.add(
						new Unreportable(k, v, "record type " + type + " is not reported by this platform")));
			}
		});
		// what no query found is gone: a delete
		versions.forEach((k, v) -> {
			if (!batch.seen.contains(k)) {
				batch.snapshots.add(new Snapshot(k,
						ExchangeRecord.delete(RecordType.ofWire(k.type()).orElseThrow(), wireId(k.type(), k.sourceKey()), v),
						null));
			}
		});
		return new Result(batch.snapshots, batch.unreportable);
	}

	private final class Batch {

		final Map<OutboxKey, Long> versions;

		final Set<OutboxKey> seen = new java.util.HashSet<>();

		final List<Snapshot> snapshots = new ArrayList<>();

		final List<Unreportable> unreportable = new ArrayList<>();

		final Map<Long, @Nullable String> pseudonymOf = new HashMap<>();

		Batch(Map<OutboxKey, Long> versions) {
			this.versions = versions;
		}

		void upsert(OutboxKey key, ObjectNode data, @Nullable String platform) {
			seen.add(key);
			snapshots.add(new Snapshot(key, ExchangeRecord.upsert(RecordType.ofWire(key.type()).orElseThrow(),
					wireId(key.type(), key.sourceKey()), versions.get(key), data), platform));
		}

		// The student's pseudonym; null when the student has no ID number (then the record is a delete).
		@Nullable
		String pseudonym(OutboxKey key, long student, byte @Nullable [] idNumberEnc) {
			if (idNumberEnc == null) {
				return null;
			}
			if (pseudonymOf.containsKey(student)) {
				return pseudonymOf.get(student);
			}
			try {
				String p = pseudonyms.of(cipher.decrypt(idNumberEnc));
				pseudonymOf.put(student, p);
				return p;
			}
			catch (IllegalArgumentException e) {
				seen.add(key);
				unreportable.add(new Unreportable(key, versions.get(key),
						"student " + student + ": the stored ID number is not a valid resident identity number"));
				return null;
			}
		}
	}

	private static ObjectNode data(String schoolCode) {
		ObjectNode data = JSON.createObjectNode();
		data.put("schoolCode", schoolCode);
		return data;
	}

	private static String time(Timestamp ts) {
		return OffsetDateTime.ofInstant(ts.toInstant(), CITY).truncatedTo(ChronoUnit.SECONDS).format(TIME);
	}

	private static Long[] ids(Collection<OutboxKey> keys) {
		return keys.stream().map(k -> Long.valueOf(k.sourceKey())).toArray(Long[]::new);
	}

	private void classes(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT c.id, sc.code AS school_code, sp.code AS platform_code, g.level, c.name, c.homeroom_staff_id,
				  (SELECT count(*) FROM student s WHERE s.class_id = c.id AND s.status = 'ACTIVE') AS students
				FROM school_class c JOIN school sc ON sc.id = c.school_id JOIN grade g ON g.id = c.grade_id
				LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE c.id = ANY(CAST(:ids AS BIGINT[]))""")
			.param("ids", ids(keys))
			.query((rs, n) -> {
				OutboxKey key = new OutboxKey("class", Long.toString(rs.getLong("id")));
				ObjectNode d = data(rs.getString("school_code"));
				d.put("grade", rs.getInt("level"));
				String name = rs.getString("name");
				d.put("name", name.length() > 40 ? name.substring(0, 40) : name);
				long head = rs.getLong("homeroom_staff_id");
				if (!rs.wasNull()) {
					d.put("headTeacherId", "t-" + head);
				}
				d.put("studentCount", rs.getInt("students"));
				d.put("active", true);
				batch.upsert(key, d, rs.getString("platform_code"));
				return key;
			})
			.list();
	}

	private void students(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT s.id, sc.code AS school_code, sp.code AS platform_code, g.level, s.class_id, s.gender, s.status,
				  s.id_number_enc,
				  EXISTS (SELECT 1 FROM student_hardship h WHERE h.student_id = s.id AND h.evidence_status = 'APPROVED')
				    AS hardship
				FROM student s JOIN school sc ON sc.id = s.school_id JOIN school_class c ON c.id = s.class_id
				JOIN grade g ON g.id = c.grade_id LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE s.id = ANY(CAST(:ids AS BIGINT[]))""")
			.param("ids", ids(keys))
			.query((rs, n) -> {
				long id = rs.getLong("id");
				OutboxKey key = new OutboxKey("student", Long.toString(id));
				String pseudonym = batch.pseudonym(key, id, rs.getBytes("id_number_enc"));
				if (pseudonym != null) {
					ObjectNode d = data(rs.getString("school_code"));
					d.put("studentPseudonym", pseudonym);
					d.put("grade", rs.getInt("level"));
					d.put("classId", "c-" + rs.getLong("class_id"));
					d.put("gender", "M".equals(rs.getString("gender")) ? "male" : "female");
					d.put("hardship", rs.getBoolean("hardship"));
					d.put("active", "ACTIVE".equals(rs.getString("status")));
					batch.upsert(key, d, rs.getString("platform_code"));
				}
				return key;
			})
			.list();
	}

	private void places(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT p.id, sc.code AS school_code, sp.code AS platform_code, p.offering_id, p.status, p.confirmed_at,
				  p.ended_at, p.student_id, st.id_number_enc
				FROM place p JOIN offering o ON o.id = p.offering_id JOIN school sc ON sc.id = o.school_id
				JOIN student st ON st.id = p.student_id LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE p.id = ANY(CAST(:ids AS BIGINT[])) AND p.confirmed_at IS NOT NULL""")
			.param("ids", ids(keys))
			.query((rs, n) -> {
				OutboxKey key = new OutboxKey("place", Long.toString(rs.getLong("id")));
				String pseudonym = batch.pseudonym(key, rs.getLong("student_id"), rs.getBytes("id_number_enc"));
				if (pseudonym != null) {
					ObjectNode d = data(rs.getString("school_code"));
					d.put("offeringId", "o-" + rs.getLong("offering_id"));
					d.put("studentPseudonym", pseudonym);
					String status = rs.getString("status");
					d.put("status", switch (status) {
						case "CONFIRMED" -> "confirmed";
						case "DROPPED", "REMOVED" -> "withdrawn";
						default -> "cancelled";
					});
					d.put("confirmedAt", time(rs.getTimestamp("confirmed_at")));
					Timestamp ended = rs.getTimestamp("ended_at");
					if (ended != null && !"CONFIRMED".equals(status)) {
						d.put("endedAt", time(ended));
					}
					if ("DROPPED".equals(status)) {
						d.put("withdrawalReason", "guardian");
					}
					else if ("REMOVED".equals(status)) {
						d.put("withdrawalReason", "school");
					}
					batch.upsert(key, d, rs.getString("platform_code"));
				}
				return key;
			})
			.list();
	}

	private void marks(Set<OutboxKey> keys, Batch batch) {
		List<Long> sessions = new ArrayList<>();
		List<Long> students = new ArrayList<>();
		for (OutboxKey k : keys) {
			String[] parts = k.sourceKey().split(":");
			sessions.add(Long.valueOf(parts[0]));
			students.add(Long.valueOf(parts[1]));
		}
		jdbc.sql("""
				SELECT m.session_id, m.student_id, sc.code AS school_code, sp.code AS platform_code, cs.offering_id,
				  cs.session_date, m.mark, m.marked_at, st.id_number_enc
				FROM unnest(CAST(:sessions AS BIGINT[]), CAST(:students AS BIGINT[])) AS k(session_id, student_id)
				JOIN roll_call_mark m ON m.session_id = k.session_id AND m.student_id = k.student_id
				JOIN class_session cs ON cs.id = m.session_id JOIN school sc ON sc.id = cs.school_id
				JOIN student st ON st.id = m.student_id LEFT JOIN service_platform sp ON sp.id = sc.platform_id""")
			.param("sessions", sessions.toArray(Long[]::new))
			.param("students", students.toArray(Long[]::new))
			.query((rs, n) -> {
				long session = rs.getLong("session_id");
				long student = rs.getLong("student_id");
				OutboxKey key = new OutboxKey("attendance", session + ":" + student);
				String pseudonym = batch.pseudonym(key, student, rs.getBytes("id_number_enc"));
				if (pseudonym != null) {
					ObjectNode d = data(rs.getString("school_code"));
					d.put("offeringId", "o-" + rs.getLong("offering_id"));
					d.put("sessionId", "cs-" + session);
					d.put("date", rs.getObject("session_date", LocalDate.class).toString());
					d.put("studentPseudonym", pseudonym);
					d.put("status", rs.getString("mark").toLowerCase(java.util.Locale.ROOT));
					d.put("markedAt", time(rs.getTimestamp("marked_at")));
					batch.upsert(key, d, rs.getString("platform_code"));
				}
				return key;
			})
			.list();
	}

	private void cancellations(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT cs.id, sc.code AS school_code, sp.code AS platform_code, cs.offering_id, cs.session_date,
				  cs.reason, cs.updated_at
				FROM class_session cs JOIN school sc ON sc.id = cs.school_id
				LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE cs.id = ANY(CAST(:ids AS BIGINT[])) AND cs.status = 'CANCELLED'""")
			.param("ids", ids(keys))
			.query((rs, n) -> {
				OutboxKey key = new OutboxKey("session-cancelled", Long.toString(rs.getLong("id")));
				ObjectNode d = data(rs.getString("school_code"));
				d.put("offeringId", "o-" + rs.getLong("offering_id"));
				d.put("sessionId", "cs-" + rs.getLong("id"));
				d.put("date", rs.getObject("session_date", LocalDate.class).toString());
				String reason = rs.getString("reason");
				d.put("reason", reason != null && REASONS.contains(reason) ? reason : "other");
				d.put("cancelledAt", time(rs.getTimestamp("updated_at")));
				batch.upsert(key, d, rs.getString("platform_code"));
				return key;
			})
			.list();
	}

	private void checkIns(Set<OutboxKey> keys, Batch batch) {
		List<Long> sessions = new ArrayList<>();
		List<Long> instructors = new ArrayList<>();
		for (OutboxKey k : keys) {
			String[] parts = k.sourceKey().split(":");
			sessions.add(Long.valueOf(parts[0]));
			instructors.add(Long.valueOf(parts[1]));
		}
		jdbc.sql("""
				SELECT c.session_id, c.instructor_id, sc.code AS school_code, sp.code AS platform_code, cs.offering_id,
				  cs.session_date, cs.starts_at, cs.ends_at, c.checked_in_at, c.checked_out_at,
				  (SELECT count(*) FROM place p WHERE p.offering_id = cs.offering_id AND p.status = 'CONFIRMED')
				    AS expected
				FROM unnest(CAST(:sessions AS BIGINT[]), CAST(:instructors AS BIGINT[])) AS k(session_id, instructor_id)
				JOIN instructor_check_in c ON c.session_id = k.session_id AND c.instructor_id = k.instructor_id
				JOIN class_session cs ON cs.id = c.session_id JOIN school sc ON sc.id = cs.school_id
				LEFT JOIN service_platform sp ON sp.id = sc.platform_id""")
			.param("sessions", sessions.toArray(Long[]::new))
			.param("instructors", instructors.toArray(Long[]::new))
			.query((rs, n) -> {
				long session = rs.getLong("session_id");
				OutboxKey key = new OutboxKey("checkin", session + ":" + rs.getLong("instructor_id"));
				LocalDate date = rs.getObject("session_date", LocalDate.class);
				java.time.ZonedDateTime start = date.atTime(rs.getObject("starts_at", java.time.LocalTime.class))
					.atZone(CITY);
				java.time.ZonedDateTime end = date.atTime(rs.getObject("ends_at", java.time.LocalTime.class))
					.atZone(CITY);
				Timestamp at = rs.getTimestamp("checked_in_at");
				long late = Math.max(0, java.time.Duration.between(start.toInstant(), at.toInstant()).toMinutes());
				ObjectNode d = data(rs.getString("school_code"));
				d.put("offeringId", "o-" + rs.getLong("offering_id"));
				d.put("sessionId", "cs-" + session);
				d.put("instructorId", "i-" + rs.getLong("instructor_id"));
				d.put("date", date.toString());
				d.put("scheduledStart", start.truncatedTo(ChronoUnit.SECONDS).format(TIME));
				d.put("scheduledEnd", end.truncatedTo(ChronoUnit.SECONDS).format(TIME));
				d.put("at", time(at));
				d.put("onTime", late == 0);
				d.put("minutesLate", late);
				Timestamp out = rs.getTimestamp("checked_out_at");
				if (out != null) {
					d.put("checkedOutAt", time(out));
				}
				d.put("expectedStudents", rs.getInt("expected"));
				batch.upsert(key, d, rs.getString("platform_code"));
				return key;
			})
			.list();
	}
}
