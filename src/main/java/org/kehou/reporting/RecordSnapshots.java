package org.kehou.reporting;

import java.sql.Timestamp;
import java.time.Clock;
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
import org.kehou.providers.Assignability;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The current state of outbox records, one set-based query per record type, in the standard's shape. A record whose
 * source row is gone (or no longer reportable: a place never confirmed, a session no longer cancelled, a student
 * without an ID number, e.g. anonymised; an offering in DRAFT; a refund not done) becomes a {@code delete}. Students
 * travel only as pseudonyms ({@link Pseudonyms} of the ID number, decrypted with {@link PersonalDataCipher} in
 * memory); no name, no number, no phone, no comment or complaint text. A value the standard has no word for parks the
 * record with the reason.
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

	private final Clock clock;

	RecordSnapshots(JdbcClient jdbc, PersonalDataCipher cipher, Pseudonyms pseudonyms, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.pseudonyms = pseudonyms;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
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
			case "offering" -> "o-" + sourceKey;
			case "teacher" -> "t-" + sourceKey;
			case "order" -> "or-" + sourceKey;
			case "payment" -> "pay-" + sourceKey;
			case "refund" -> "rf-" + sourceKey;
			case "rating" -> "r-" + sourceKey;
			case "complaint" -> "cp-" + sourceKey;
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
				case "offering" -> offerings(keys.keySet(), batch);
				case "teacher" -> teachers(keys.keySet(), batch);
				case "order" -> orders(keys.keySet(), batch);
				case "payment" -> payments(keys.keySet(), batch);
				case "refund" -> refunds(keys.keySet(), batch);
				case "rating" -> ratings(keys.keySet(), batch);
				case "complaint" -> complaints(keys.keySet(), batch);
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

		void unreportable(OutboxKey key, String reason) {
			seen.add(key);
			unreportable.add(new Unreportable(key, versions.get(key), reason));
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

	// ===== offering, teacher, order, payment, refund, rating, complaint ==========================================

	private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

	/** The standard's term, e.g. 2026-autumn: the year of its first day, spring when it starts before August. */
	static String term(LocalDate startsOn) {
		return startsOn.getYear() + (startsOn.getMonthValue() < 8 ? "-spring" : "-autumn");
	}

	private LocalDate today() {
		return LocalDate.now(clock.withZone(CITY));
	}

	private record Slot(int weekday, String start, String end) {
	}

	private record Teacher(@Nullable Long instructor, @Nullable Long staff, @Nullable String providerCode,
			boolean valid, @Nullable LocalDate validUntil) {
	}

	/**
	 * The earliest day an instructor's documents stop being valid: the certificate's end, the last day of the no
	 * criminal record certificate (a year from its issue) and the labour contract's end.
	 */
	static @Nullable LocalDate validUntil(Assignability.Documents d) {
		LocalDate until = null;
		if (d.certificateValidUntil() != null) {
			until = d.certificateValidUntil();
		}
		if (d.noCriminalRecordIssuedOn() != null) {
			LocalDate ncr = d.noCriminalRecordIssuedOn().plusYears(1).minusDays(1);
			until = until == null || ncr.isBefore(until) ? ncr : until;
		}
		if (d.labourContract() && d.contractEnd() != null) {
			until = until == null || d.contractEnd().isBefore(until) ? d.contractEnd() : until;
		}
		return until;
	}

	private void offerings(Set<OutboxKey> keys, Batch batch) {
		Long[] ids = ids(keys);
		Map<Long, List<Slot>> slots = new HashMap<>();
		jdbc.sql("""
				SELECT offering_id, weekday, starts_at, ends_at FROM offering_slot
				WHERE offering_id = ANY(CAST(:ids AS BIGINT[])) AND active ORDER BY offering_id, weekday, starts_at""")
			.param("ids", ids)
			.query((rs, n) -> slots.computeIfAbsent(rs.getLong("offering_id"), o -> new ArrayList<>())
				.add(new Slot(rs.getInt("weekday"), rs.getObject("starts_at", java.time.LocalTime.class).format(HH_MM),
						rs.getObject("ends_at", java.time.LocalTime.class).format(HH_MM))))
			.list();
		LocalDate today = today();
		Map<Long, List<Teacher>> teachers = new HashMap<>();
		jdbc.sql("""
				SELECT t.offering_id, t.instructor_id, t.staff_id, p.credit_code, i.active, i.certificate_valid_until,
				  i.no_criminal_record_on, i.labour_contract, i.contract_start, i.contract_end
				FROM offering_teacher t LEFT JOIN instructor i ON i.id = t.instructor_id
				LEFT JOIN provider p ON p.id = i.provider_id
				WHERE t.offering_id = ANY(CAST(:ids AS BIGINT[])) ORDER BY t.offering_id, t.teacher_key""")
			.param("ids", ids)
			.query((rs, n) -> {
				long instructor = rs.getLong("instructor_id");
				Teacher t;
				if (rs.wasNull()) {
					// a school's own teacher: employed by the school, no provider documents
					t = new Teacher(null, rs.getLong("staff_id"), null, true, null);
				}
				else {
					Assignability.Documents d = new Assignability.Documents(rs.getBoolean("active"),
							rs.getObject("certificate_valid_until", LocalDate.class),
							rs.getObject("no_criminal_record_on", LocalDate.class), rs.getBoolean("labour_contract"),
							rs.getObject("contract_start", LocalDate.class), rs.getObject("contract_end", LocalDate.class));
					t = new Teacher(instructor, null, rs.getString("credit_code"),
							Assignability.on(d, today).assignable(), validUntil(d));
				}
				return teachers.computeIfAbsent(rs.getLong("offering_id"), o -> new ArrayList<>()).add(t);
			})
			.list();
		jdbc.sql("""
				SELECT o.id, sc.code AS school_code, sp.code AS platform_code, o.name, o.category_code, o.status,
				  o.capacity, o.grades, o.fee_per_lesson_fen * o.lesson_count AS price, o.lesson_count, o.provider_id,
				  p.credit_code AS provider_code, t.starts_on, t.ends_on, t.status AS term_status
				FROM offering o JOIN school sc ON sc.id = o.school_id JOIN term t ON t.id = o.term_id
				LEFT JOIN provider p ON p.id = o.provider_id LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE o.id = ANY(CAST(:ids AS BIGINT[])) AND o.status <> 'DRAFT'""")
			.param("ids", ids)
			.query((rs, n) -> {
				long id = rs.getLong("id");
				OutboxKey key = new OutboxKey("offering", Long.toString(id));
				LocalDate starts = rs.getObject("starts_on", LocalDate.class);
				LocalDate ends = rs.getObject("ends_on", LocalDate.class);
				String stored = rs.getString("status");
				String status;
				if ("CANCELLED".equals(stored)) {
					status = "cancelled";
				}
				else if (!"PUBLISHED".equals(stored)) {
					batch.unreportable(key, "offering " + id + ": status " + stored + " has no value in the standard");
					return key;
				}
				else if ("CLOSED".equals(rs.getString("term_status")) || today.isAfter(ends)) {
					status = "closed";
				}
				else {
					status = today.isBefore(starts) ? "open" : "running";
				}
				ObjectNode d = data(rs.getString("school_code"));
				d.put("term", term(starts));
				d.put("title", rs.getString("name"));
				d.put("categoryCode", rs.getString("category_code"));
				rs.getLong("provider_id");
				boolean provider = !rs.wasNull();
				d.put("delivery", provider ? "provider" : "school");
				String providerCode = rs.getString("provider_code");
				if (provider && providerCode != null) {
					d.put("providerCode", providerCode);
				}
				d.put("priceFen", rs.getLong("price"));
				d.put("capacity", rs.getInt("capacity"));
				var grades = d.putArray("grades");
				new java.util.TreeSet<>(java.util.Arrays.stream((Object[]) rs.getArray("grades").getArray())
					.map(g -> ((Number) g).intValue())
					.toList()).forEach(grades::add);
				var weekly = d.putArray("weeklySlots");
				for (Slot slot : slots.getOrDefault(id, List.of())) {
					ObjectNode w = weekly.addObject();
					w.put("dayOfWeek", slot.weekday());
					w.put("start", slot.start());
					w.put("end", slot.end());
				}
				d.put("startDate", starts.toString());
				d.put("endDate", ends.toString());
				d.put("sessionCount", rs.getInt("lesson_count"));
				var instructors = d.putArray("instructors");
				for (Teacher t : teachers.getOrDefault(id, List.of())) {
					ObjectNode i = instructors.addObject();
					if (t.instructor() != null) {
						i.put("instructorId", "i-" + t.instructor());
						i.put("kind", "provider-instructor");
						if (t.providerCode() != null) {
							i.put("providerCode", t.providerCode());
						}
					}
					else {
						i.put("instructorId", "t-" + t.staff());
						i.put("kind", "school-teacher");
					}
					i.put("documentsValid", t.valid());
					if (t.validUntil() != null) {
						i.put("documentsValidUntil", t.validUntil().toString());
					}
				}
				d.put("status", status);
				batch.upsert(key, d, rs.getString("platform_code"));
				return key;
			})
			.list();
	}

	private void teachers(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT st.id, sc.code AS school_code, sp.code AS platform_code, st.roles, st.active
				FROM staff st JOIN school sc ON sc.id = st.school_id LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE st.id = ANY(CAST(:ids AS BIGINT[]))""")
			.param("ids", ids(keys))
			.query((rs, n) -> {
				OutboxKey key = new OutboxKey("teacher", Long.toString(rs.getLong("id")));
				List<String> roles = java.util.Arrays.stream((Object[]) rs.getArray("roles").getArray())
					.map(String::valueOf)
					.toList();
				ObjectNode d = data(rs.getString("school_code"));
				d.put("role", roles.contains("HOMEROOM") ? "head-teacher"
						: roles.contains("AFTER_SCHOOL_ADMIN") ? "service-coordinator"
								: roles.contains("TEACHER") ? "subject-teacher" : "other");
				d.put("active", rs.getBoolean("active"));
				batch.upsert(key, d, rs.getString("platform_code"));
				return key;
			})
			.list();
	}

	/** An order of the standard is one place: our order line (our order bundles a child's places of a term). */
	private void orders(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT l.id, sc.code AS school_code, sp.code AS platform_code, l.offering_id, l.place_id,
				  l.amount_fen, l.exempt_per_lesson_fen * l.lessons AS exempted, l.exemption_category, l.created_at,
				  bo.status, bo.paid_fen, bo.refunded_fen, bo.student_id, st.id_number_enc
				FROM billing_order_line l JOIN billing_order bo ON bo.id = l.order_id
				JOIN school sc ON sc.id = bo.school_id JOIN student st ON st.id = bo.student_id
				LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE l.id = ANY(CAST(:ids AS BIGINT[]))""")
			.param("ids", ids(keys))
			.query((rs, n) -> {
				long id = rs.getLong("id");
				OutboxKey key = new OutboxKey("order", Long.toString(id));
				long price = rs.getLong("amount_fen");
				long exempted = Math.min(price, rs.getLong("exempted"));
				long paid = rs.getLong("paid_fen");
				long refunded = rs.getLong("refunded_fen");
				String stored = rs.getString("status");
				String status = switch (stored) {
					case "UNPAID" -> exempted > 0 && exempted == price ? "exempted" : "pending";
					case "PAID" -> refunded == 0 ? "paid" : refunded >= paid ? "refunded" : "partly-refunded";
					case "CLOSED" -> refunded > 0 ? (refunded >= paid ? "refunded" : "partly-refunded") : "cancelled";
					default -> null;
				};
				if (status == null) {
					batch.unreportable(key, "order line " + id + ": order status " + stored
							+ " has no value in the standard");
					return key;
				}
				String pseudonym = batch.pseudonym(key, rs.getLong("student_id"), rs.getBytes("id_number_enc"));
				if (pseudonym != null) {
					ObjectNode d = data(rs.getString("school_code"));
					d.put("offeringId", "o-" + rs.getLong("offering_id"));
					d.put("placeId", "p-" + rs.getLong("place_id"));
					d.put("studentPseudonym", pseudonym);
					d.put("priceFen", price);
					d.put("exemptedFen", exempted);
					d.put("dueFen", "UNPAID".equals(stored) ? price - exempted : 0);
					if (exempted > 0) {
						// every exemption category of billing is a hardship category
						d.put("exemptionReason", rs.getString("exemption_category") != null ? "hardship" : "other");
					}
					d.put("status", status);
					d.put("createdAt", time(rs.getTimestamp("created_at")));
					batch.upsert(key, d, rs.getString("platform_code"));
				}
				return key;
			})
			.list();
	}

	/** The channel of a payment; null when the standard has none for it (then it is parked). */
	static @Nullable String channel(String method, @Nullable String gateway, @Nullable String offlineKind) {
		if ("OFFLINE".equals(method)) {
			return "CASH".equals(offlineKind) ? "cash" : "BANK_TRANSFER".equals(offlineKind) ? "bank-transfer" : null;
		}
		return gateway == null ? null : switch (gateway) {
			case "wechat", "wechatpay", "wechat-pay" -> "wechat";
			case "alipay" -> "alipay";
			case "unionpay" -> "unionpay";
			case "sandbox" -> "other"; // the demo's simulated gateway
			default -> null;
		};
	}

	// The order record a payment or refund of our order refers to: its first line's (our order may hold several).
	private static final String FIRST_LINE = "(SELECT min(l.id) FROM billing_order_line l WHERE l.order_id = bo.id)";

	private void payments(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT p.id, sc.code AS school_code, sp.code AS platform_code, p.method, p.gateway, p.offline_kind,
				  p.amount_fen, p.paid_at, %s AS line
				FROM billing_payment p JOIN billing_order bo ON bo.id = p.order_id JOIN school sc ON sc.id = bo.school_id
				LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE p.id = ANY(CAST(:ids AS BIGINT[]))""".formatted(FIRST_LINE))
			.param("ids", ids(keys))
			.query((rs, n) -> {
				long id = rs.getLong("id");
				OutboxKey key = new OutboxKey("payment", Long.toString(id));
				String channel = channel(rs.getString("method"), rs.getString("gateway"), rs.getString("offline_kind"));
				long line = rs.getLong("line");
				if (rs.wasNull()) {
					batch.unreportable(key, "payment " + id + ": its order has no place (order line)");
				}
				else if (channel == null) {
					batch.unreportable(key, "payment " + id + ": the channel " + rs.getString("method") + "/"
							+ rs.getString("gateway") + "/" + rs.getString("offline_kind")
							+ " has no value in the standard");
				}
				else {
					ObjectNode d = data(rs.getString("school_code"));
					d.put("orderId", "or-" + line);
					d.put("amountFen", rs.getLong("amount_fen"));
					d.put("channel", channel);
					d.put("paidAt", time(rs.getTimestamp("paid_at")));
					batch.upsert(key, d, rs.getString("platform_code"));
				}
				return key;
			})
			.list();
	}

	/** The standard's reason of a refund, from billing's reason text (see billing.Orders.reasonLabel). */
	static String refundReason(String reason) {
		if (reason.startsWith("课次取消")) {
			return "session-cancelled";
		}
		if (reason.startsWith("退课")) {
			return "withdrawal";
		}
		if (reason.startsWith("机构退出")) {
			return "offering-cancelled";
		}
		return "other";
	}

	private void refunds(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT r.id, sc.code AS school_code, sp.code AS platform_code, r.payment_id, r.amount_fen, r.reason,
				  r.done_at, %s AS line
				FROM billing_refund r JOIN billing_order bo ON bo.id = r.order_id JOIN school sc ON sc.id = bo.school_id
				LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE r.id = ANY(CAST(:ids AS BIGINT[])) AND r.status = 'DONE'""".formatted(FIRST_LINE))
			.param("ids", ids(keys))
			.query((rs, n) -> {
				long id = rs.getLong("id");
				OutboxKey key = new OutboxKey("refund", Long.toString(id));
				long line = rs.getLong("line");
				if (rs.wasNull()) {
					batch.unreportable(key, "refund " + id + ": its order has no place (order line)");
					return key;
				}
				ObjectNode d = data(rs.getString("school_code"));
				d.put("orderId", "or-" + line);
				d.put("paymentId", "pay-" + rs.getLong("payment_id"));
				d.put("amountFen", rs.getLong("amount_fen"));
				d.put("reason", refundReason(rs.getString("reason")));
				d.put("refundedAt", time(rs.getTimestamp("done_at")));
				batch.upsert(key, d, rs.getString("platform_code"));
				return key;
			})
			.list();
	}

	private void ratings(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT r.id, sc.code AS school_code, sp.code AS platform_code, r.offering_id, t.starts_on, r.overall,
				  r.teaching, r.safety, coalesce(r.revised_at, r.rated_at) AS rated_at
				FROM offering_rating r JOIN school sc ON sc.id = r.school_id JOIN term t ON t.id = r.term_id
				LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE r.id = ANY(CAST(:ids AS BIGINT[]))""")
			.param("ids", ids(keys))
			.query((rs, n) -> {
				OutboxKey key = new OutboxKey("rating", Long.toString(rs.getLong("id")));
				ObjectNode d = data(rs.getString("school_code"));
				d.put("offeringId", "o-" + rs.getLong("offering_id"));
				d.put("term", term(rs.getObject("starts_on", LocalDate.class)));
				ObjectNode scores = d.putObject("scores");
				scores.put("overall", rs.getInt("overall"));
				scores.put("teaching", rs.getInt("teaching"));
				scores.put("safety", rs.getInt("safety"));
				d.put("ratedAt", time(rs.getTimestamp("rated_at")));
				batch.upsert(key, d, rs.getString("platform_code"));
				return key;
			})
			.list();
	}

	private void complaints(Set<OutboxKey> keys, Batch batch) {
		jdbc.sql("""
				SELECT c.id, sc.code AS school_code, sp.code AS platform_code, c.subject_kind, c.offering_id,
				  c.instructor_id, p.credit_code AS provider_code, c.level, c.status, c.escalations, c.filed_at, c.due_at,
				  c.resolved_at, c.finding
				FROM complaint c JOIN school sc ON sc.id = c.school_id LEFT JOIN provider p ON p.id = c.provider_id
				LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				WHERE c.id = ANY(CAST(:ids AS BIGINT[]))""")
			.param("ids", ids(keys))
			.query((rs, n) -> {
				long id = rs.getLong("id");
				OutboxKey key = new OutboxKey("complaint", Long.toString(id));
				String kind = rs.getString("subject_kind");
				String level = rs.getString("level");
				String stored = rs.getString("status");
				String finding = rs.getString("finding");
				String subjectKind = switch (kind) {
					case "SCHOOL" -> "school";
					case "OFFERING" -> "offering";
					case "INSTRUCTOR" -> "instructor";
					case "PROVIDER" -> "provider";
					default -> null;
				};
				String status = switch (stored) {
					case "OPEN" -> rs.getInt("escalations") > 0 ? "escalated" : "received";
					case "ACCEPTED", "RESPONDED" -> "in-progress";
					case "RESOLVED" -> "resolved";
					default -> null;
				};
				String standardFinding = finding == null ? null : switch (finding) {
					case "SUBSTANTIATED" -> "upheld";
					case "PARTLY" -> "partly-upheld";
					case "NOT_SUBSTANTIATED" -> "not-upheld";
					default -> "?";
				};
				if (subjectKind == null || status == null || "?".equals(standardFinding)
						|| !Set.of("SCHOOL", "TOWN", "CITY").contains(level)) {
					batch.unreportable(key, "complaint " + id + ": subject " + kind + ", level " + level + ", status "
							+ stored + " or finding " + finding + " has no value in the standard");
					return key;
				}
				ObjectNode d = data(rs.getString("school_code"));
				d.put("subjectKind", subjectKind);
				long offering = rs.getLong("offering_id");
				boolean hasOffering = !rs.wasNull();
				long instructor = rs.getLong("instructor_id");
				boolean hasInstructor = !rs.wasNull();
				if ("INSTRUCTOR".equals(kind) && hasInstructor) {
					d.put("subjectId", "i-" + instructor);
				}
				else if ("OFFERING".equals(kind) && hasOffering) {
					d.put("subjectId", "o-" + offering);
				}
				String providerCode = rs.getString("provider_code");
				if (providerCode != null) {
					d.put("providerCode", providerCode);
				}
				d.put("level", level.toLowerCase(java.util.Locale.ROOT));
				d.put("status", status);
				d.put("receivedAt", time(rs.getTimestamp("filed_at")));
				d.put("dueAt", time(rs.getTimestamp("due_at")));
				Timestamp resolved = rs.getTimestamp("resolved_at");
				if (resolved != null && "RESOLVED".equals(stored)) {
					d.put("resolvedAt", time(resolved));
				}
				if (standardFinding != null && "RESOLVED".equals(stored)) {
					d.put("finding", standardFinding);
				}
				batch.upsert(key, d, rs.getString("platform_code"));
				return key;
			})
			.list();
	}
}
