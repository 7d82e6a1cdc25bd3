package org.kehou.attendance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.PickupRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.organisation.Terms;
import org.kehou.people.Relation;
import org.kehou.people.StudentGuardian;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.shared.Masking;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Check-out and pickup (签退/接送). Each child may be picked up by its guardians (authorised implicitly) and by the
 * persons a guardian adds (name, relation, phone — the phone stored encrypted, hashed and masked like guardians'
 * phones); a guardian may sign a "may go home alone" permission (自行离校), and revoke it. At the end of a session
 * the teacher releases each child marked present or late to one of them, or alone under a valid permission; a release
 * to anybody else is refused and nothing is stored. Each child is released at most once per session (the primary key
 * decides): a double tap or a retry returns the first release ({@code replay}).
 * <p>
 * Callers check scope ({@code sessionId}, {@code studentId}, {@code pickupPersonId} owners); the guardian actions
 * also check that the signed-in guardian is the child's. Every change is audited ({@code pickupperson.add},
 * {@code pickupperson.remove}, {@code gohomealone.sign}, {@code gohomealone.revoke}, {@code release.child}; a refused
 * release is audited as denied).
 */
@Service
public class Pickups {

	public static final int NAME_MAX = 50;

	/** Most active authorised persons per child. */
	public static final int PERSONS_MAX = 10;

	/**
	 * An authorised pickup person (接送人).
	 *
	 * @param removedAt null while active
	 */
	public record Person(long id, long studentId, String name, PickupRelation relation, String phoneMasked,
			LocalDateTime addedAt, @Nullable LocalDateTime removedAt) {
	}

	/** A valid "may go home alone" permission: who signed which statement, when. */
	public record Permission(long id, long guardianId, String guardianName, String statement, LocalDateTime signedAt) {
	}

	/** What a guardian sees and manages for one child. */
	public record ChildPickup(long studentId, String studentName, List<StudentGuardian> guardians, List<Person> persons,
			@Nullable Permission goHomeAlone) {
	}

	/**
	 * One way a child may leave: to a guardian ({@code id} the guardian's), to an authorised person ({@code id} the
	 * person's) or alone ({@code id} null).
	 *
	 * @param relation a {@link Relation} name for a guardian, a {@link PickupRelation} name for a person, null alone
	 */
	public record Option(HandOver to, @Nullable Long id, @Nullable String name, @Nullable String relation,
			@Nullable String phoneMasked) {
	}

	/**
	 * A hand-over.
	 *
	 * @param toName the guardian's or person's name; null when the child went home alone
	 * @param releasedAt the hand-over time (city time)
	 * @param replay this request found the child released already, to the same person: nothing changed
	 */
	public record Release(long sessionId, long studentId, HandOver to, @Nullable Long guardianId,
			@Nullable Long personId, @Nullable String toName, @Nullable String toPhoneMasked,
			@Nullable String releasedBy, LocalDateTime releasedAt, boolean replay) {
	}

	/** A child present in the session, with the ways it may leave and its release once done. */
	public record BoardEntry(long studentId, String name, String initial, String className, Mark mark,
			List<Option> options, @Nullable Release release) {
	}

	private static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

	private static final String RELEASE = """
			SELECT r.session_id, r.student_id, r.handed_to, r.guardian_id, r.person_id, r.released_at,
			  COALESCE(g.name, p.name) AS to_name, COALESCE(g.phone_masked, p.phone_masked) AS to_phone,
			  u.display_name AS released_by
			FROM pickup_release r
			LEFT JOIN guardian g ON g.id = r.guardian_id
			LEFT JOIN pickup_person p ON p.id = r.person_id
			LEFT JOIN app_user u ON u.id = r.released_by
			""";

	private static final String PERSON = """
			SELECT id, student_id, name, relation, phone_masked, added_at, removed_at FROM pickup_person
			""";

	private static final String PERMISSION = """
			SELECT a.id, a.student_id, a.signed_by_guardian, g.name, a.statement, a.signed_at
			FROM go_home_alone a JOIN guardian g ON g.id = a.signed_by_guardian
			WHERE a.revoked_at IS NULL AND EXISTS (SELECT 1 FROM student_guardian sg
			  WHERE sg.student_id = a.student_id AND sg.guardian_id = a.signed_by_guardian)
			""";

	private final JdbcClient jdbc;

	private final RollCalls rollCalls;

	private final Students students;

	private final PersonalDataCipher cipher;

	private final AuditLog audit;

	private final MessageSource messages;

	private final TransactionTemplate tx;

	Pickups(JdbcClient jdbc, RollCalls rollCalls, Students students, PersonalDataCipher cipher, AuditLog audit,
			MessageSource messages, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.rollCalls = rollCalls;
		this.students = students;
		this.cipher = cipher;
		this.audit = audit;
		this.messages = messages;
		this.tx = new TransactionTemplate(transactions);
	}

	// --- the guardian's side -----------------------------------------------------------------------------------------

	/** The child's guardians, active authorised persons and valid go-home-alone permission. */
	public ChildPickup ofChild(long studentId) {
		StudentView student = student(studentId);
		return new ChildPickup(studentId, student.name(), guardiansOf(List.of(studentId)).getOrDefault(studentId, List.of()),
				jdbc.sql(PERSON + " WHERE student_id = :s AND removed_at IS NULL ORDER BY added_at, id")
					.param("s", studentId)
					.query(Pickups::person)
					.list(),
				permissionsOf(List.of(studentId)).get(studentId));
	}

	/** The statement a guardian signs for the child to go home alone (Chinese: the text that is stored). */
	public String statement(long studentId, Locale locale) {
		return messages.getMessage("pickup.alone.statement", new Object[] { student(studentId).name() }, locale);
	}

	/**
	 * Adds an authorised person for the child (the signed-in guardian must be one of the child's).
	 *
	 * @throws IllegalArgumentException for a missing or too long name, no relation, or not a mainland mobile number
	 * @throws PickupRefused {@code PERSON_EXISTS} for a phone already authorised (or a guardian's),
	 * {@code TOO_MANY_PERSONS} beyond {@value #PERSONS_MAX}
	 */
	public Person addPerson(long studentId, @Nullable String name, @Nullable PickupRelation relation,
			@Nullable String phone) {
		String trimmed = name == null ? "" : name.strip();
		if (trimmed.isEmpty() || trimmed.length() > NAME_MAX) {
			throw new IllegalArgumentException("name must be 1–" + NAME_MAX + " characters");
		}
		if (relation == null) {
			throw new IllegalArgumentException("relation is required");
		}
		if (phone == null || !Masking.isMobile(phone)) {
			throw new IllegalArgumentException("phone must be a mainland mobile number (11 digits, 1[3-9]…)");
		}
		long guardian = actingGuardian(studentId);
		StudentView student = student(studentId);
		byte[] hash = cipher.phoneHash(phone);
		return Objects.requireNonNull(tx.execute(status -> {
			boolean guardianPhone = jdbc.sql("""
					SELECT EXISTS (SELECT 1 FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
					  WHERE sg.student_id = :s AND g.phone_hash = :h)""")
				.param("s", studentId)
				.param("h", hash)
				.query(Boolean.class)
				.single();
			if (guardianPhone) {
				throw new PickupRefused(Reason.PERSON_EXISTS, "this phone is a guardian's: guardians may pick up anyway");
			}
			int active = jdbc.sql("SELECT count(*) FROM pickup_person WHERE student_id = :s AND removed_at IS NULL")
				.param("s", studentId)
				.query(Integer.class)
				.single();
			if (active >= PERSONS_MAX) {
				throw new PickupRefused(Reason.TOO_MANY_PERSONS, "at most " + PERSONS_MAX + " authorised persons");
			}
			Long id = jdbc.sql("""
					INSERT INTO pickup_person (student_id, name, relation, phone_enc, phone_hash, phone_masked, added_by_guardian)
					VALUES (:s, :n, :r, :e, :h, :m, :g)
					ON CONFLICT (student_id, phone_hash) WHERE removed_at IS NULL DO NOTHING RETURNING id""")
				.param("s", studentId)
				.param("n", trimmed)
				.param("r", relation.name())
				.param("e", cipher.encrypt(Masking.normalisePhone(phone)))
				.param("h", hash)
				.param("m", Masking.phone(phone))
				.param("g", guardian)
				.query(Long.class)
				.optional()
				.orElseThrow(() -> new PickupRefused(Reason.PERSON_EXISTS, "this phone is authorised already"));
			audit.record(AuditLog.Entry.of("pickupperson.add", "pickup_person", id)
				.in(townOf(student.schoolId()), student.schoolId())
				.detail("student=" + studentId + " relation=" + relation));
			return jdbc.sql(PERSON + " WHERE id = :id").param("id", id).query(Pickups::person).single();
		}));
	}

	/** The person, active or removed (for the scope check's sake nothing else). */
	public Optional<Person> person(long personId) {
		return jdbc.sql(PERSON + " WHERE id = :id").param("id", personId).query(Pickups::person).optional();
	}

	/**
	 * Removes an authorised person (soft: past releases keep naming them). Removing a removed person changes nothing.
	 *
	 * @throws PickupRefused {@code NOT_FOUND} for an unknown person, {@code NOT_A_GUARDIAN} when the signed-in user is
	 * not a guardian of the person's child
	 */
	public Person removePerson(long personId) {
		Person person = person(personId)
			.orElseThrow(() -> new PickupRefused(Reason.NOT_FOUND, "no authorised person " + personId));
		long guardian = actingGuardian(person.studentId());
		if (person.removedAt() != null) {
			return person;
		}
		return Objects.requireNonNull(tx.execute(status -> {
			int removed = jdbc.sql("""
					UPDATE pickup_person SET removed_at = now(), removed_by_guardian = :g
					WHERE id = :id AND removed_at IS NULL""")
				.param("id", personId)
				.param("g", guardian)
				.update();
			if (removed == 1) {
				long school = student(person.studentId()).schoolId();
				audit.record(AuditLog.Entry.of("pickupperson.remove", "pickup_person", personId)
					.in(townOf(school), school)
					.detail("student=" + person.studentId()));
			}
			return person(personId).orElseThrow();
		}));
	}

	/**
	 * The signed-in guardian signs the go-home-alone permission after reading the statement.
	 *
	 * @param confirmed the guardian ticked that they read and accept the statement
	 * @throws IllegalArgumentException without the confirmation
	 * @throws PickupRefused {@code SIGNED_ALREADY} while a valid permission exists
	 */
	public Permission signGoHomeAlone(long studentId, boolean confirmed) {
		if (!confirmed) {
			throw new IllegalArgumentException("the statement must be confirmed");
		}
		long guardian = actingGuardian(studentId);
		StudentView student = student(studentId);
		String statement = statement(studentId, CHINESE);
		return Objects.requireNonNull(tx.execute(status -> {
			Long id = jdbc.sql("""
					INSERT INTO go_home_alone (student_id, statement, signed_by_guardian) VALUES (:s, :t, :g)
					ON CONFLICT (student_id) WHERE revoked_at IS NULL DO NOTHING RETURNING id""")
				.param("s", studentId)
				.param("t", statement)
				.param("g", guardian)
				.query(Long.class)
				.optional()
				.orElseThrow(() -> new PickupRefused(Reason.SIGNED_ALREADY, "a permission is in force already"));
			audit.record(AuditLog.Entry.of("gohomealone.sign", "go_home_alone", id)
				.in(townOf(student.schoolId()), student.schoolId())
				.detail("student=" + studentId));
			return Objects.requireNonNull(permissionsOf(List.of(studentId)).get(studentId));
		}));
	}

	/**
	 * Revokes the child's go-home-alone permission (any guardian of the child may).
	 *
	 * @throws PickupRefused {@code NOT_SIGNED} when none is in force
	 */
	public void revokeGoHomeAlone(long studentId) {
		long guardian = actingGuardian(studentId);
		StudentView student = student(studentId);
		tx.executeWithoutResult(status -> {
			List<Long> revoked = jdbc.sql("""
					UPDATE go_home_alone SET revoked_at = now(), revoked_by_guardian = :g
					WHERE student_id = :s AND revoked_at IS NULL RETURNING id""")
				.param("s", studentId)
				.param("g", guardian)
				.query(Long.class)
				.list();
			if (revoked.isEmpty()) {
				throw new PickupRefused(Reason.NOT_SIGNED, "no permission in force");
			}
			audit.record(AuditLog.Entry.of("gohomealone.revoke", "go_home_alone", revoked.get(0))
				.in(townOf(student.schoolId()), student.schoolId())
				.detail("student=" + studentId));
		});
	}

	// --- the teacher's side ------------------------------------------------------------------------------------------

	/** The children marked present or late in the session, each with the ways it may leave and its release. */
	public List<BoardEntry> board(long sessionId) {
		List<RollCalls.RosterEntry> present = rollCalls.roster(sessionId)
			.stream()
			.filter(e -> e.mark() != null && e.mark().attended())
			.toList();
		if (present.isEmpty()) {
			return List.of();
		}
		List<Long> ids = present.stream().map(RollCalls.RosterEntry::studentId).toList();
		Map<Long, List<StudentGuardian>> guardians = guardiansOf(ids);
		Map<Long, List<Person>> persons = new HashMap<>();
		jdbc.sql(PERSON + " WHERE student_id IN (:ids) AND removed_at IS NULL ORDER BY added_at, id")
			.param("ids", ids)
			.query(Pickups::person)
			.list()
			.forEach(p -> persons.computeIfAbsent(p.studentId(), k -> new ArrayList<>()).add(p));
		Map<Long, Permission> permissions = permissionsOf(ids);
		Map<Long, Release> releases = new HashMap<>();
		jdbc.sql(RELEASE + " WHERE r.session_id = :s")
			.param("s", sessionId)
			.query(Pickups::release)
			.list()
			.forEach(r -> releases.put(r.studentId(), r));
		List<BoardEntry> board = new ArrayList<>(present.size());
		for (RollCalls.RosterEntry e : present) {
			List<Option> options = new ArrayList<>();
			guardians.getOrDefault(e.studentId(), List.of())
				.forEach(g -> options.add(new Option(HandOver.GUARDIAN, g.guardianId(), g.name(), g.relation().name(),
						g.phoneMasked())));
			persons.getOrDefault(e.studentId(), List.of())
				.forEach(p -> options.add(new Option(HandOver.PERSON, p.id(), p.name(), p.relation().name(),
						p.phoneMasked())));
			if (permissions.containsKey(e.studentId())) {
				options.add(new Option(HandOver.ALONE, null, null, null, null));
			}
			board.add(new BoardEntry(e.studentId(), e.name(), e.initial(), e.className(), Objects.requireNonNull(e.mark()),
					options, releases.get(e.studentId())));
		}
		return board;
	}

	/** The child's release in the session, if done. */
	public Optional<Release> releaseOf(long sessionId, long studentId) {
		return jdbc.sql(RELEASE + " WHERE r.session_id = :s AND r.student_id = :c")
			.param("s", sessionId)
			.param("c", studentId)
			.query(Pickups::release)
			.optional();
	}

	/**
	 * Releases a child at the end of the session: on the session's day from its start, a child marked present or
	 * late, to one of its guardians ({@code id} the guardian's), to one of its active authorised persons ({@code id}
	 * the person's) or alone under a valid permission ({@code id} ignored). Anything else is refused and nothing is
	 * stored. The same release again (a double tap, a retry, two at once) returns the first with {@code replay}.
	 *
	 * @throws PickupRefused why not
	 */
	public Release release(long sessionId, long studentId, @Nullable HandOver to, @Nullable Long id) {
		return release(sessionId, studentId, to, id, Sessions.now());
	}

	Release release(long sessionId, long studentId, @Nullable HandOver to, @Nullable Long id, LocalDateTime now) {
		if (to == null) {
			throw new IllegalArgumentException("to (GUARDIAN, PERSON or ALONE) is required");
		}
		if (to != HandOver.ALONE && id == null) {
			throw new IllegalArgumentException("the id of the " + (to == HandOver.GUARDIAN ? "guardian" : "person")
					+ " is required");
		}
		Long by = CurrentUser.find().map(KehouUser::id).orElse(null);
		record Session(long school, @Nullable Long town, LocalDate date, LocalTime starts, SessionStatus status) {
		}
		Session s = jdbc.sql("""
				SELECT cs.school_id, sc.town_id, cs.session_date, cs.starts_at, cs.status
				FROM class_session cs JOIN school sc ON sc.id = cs.school_id WHERE cs.id = :id""")
			.param("id", sessionId)
			.query((rs, i) -> new Session(rs.getLong(1), rs.getObject(2, Long.class), rs.getObject(3, LocalDate.class),
					rs.getObject(4, LocalTime.class), SessionStatus.valueOf(rs.getString(5))))
			.optional()
			.orElseThrow(() -> new PickupRefused(Reason.NOT_FOUND, "no session " + sessionId));
		try {
			return Objects.requireNonNull(tx.execute(status -> {
				if (s.status() != SessionStatus.SCHEDULED) {
					throw new PickupRefused(Reason.NOT_SCHEDULED, "session " + sessionId + " is " + s.status());
				}
				if (!s.date().equals(now.toLocalDate())) {
					throw new PickupRefused(Reason.NOT_TODAY, "children are released on the session's day only");
				}
				if (now.toLocalTime().isBefore(s.starts())) {
					throw new PickupRefused(Reason.NOT_STARTED, "the session starts at " + s.starts());
				}
				// not locked: a roll call holds the session FOR UPDATE while writing marks, and this release's insert takes
				// a key-share lock on the session (foreign key) — locking the mark first could deadlock with it
				String mark = jdbc.sql("SELECT mark FROM roll_call_mark WHERE session_id = :s AND student_id = :c")
					.param("s", sessionId)
					.param("c", studentId)
					.query(String.class)
					.optional()
					.orElse(null);
				if (mark == null || !Mark.valueOf(mark).attended()) {
					throw new PickupRefused(Reason.NOT_PRESENT,
							"child " + studentId + " is not marked present in session " + sessionId);
				}
				// the authorisation, its row locked (FOR SHARE) so a removal or revocation waits for this release
				Long guardian = null;
				Long person = null;
				Long permission = null;
				switch (to) {
					case GUARDIAN -> guardian = jdbc.sql("""
							SELECT guardian_id FROM student_guardian WHERE student_id = :c AND guardian_id = :g FOR SHARE""")
						.param("c", studentId)
						.param("g", id)
						.query(Long.class)
						.optional()
						.orElseThrow(() -> new PickupRefused(Reason.UNAUTHORISED,
								"guardian " + id + " is not a guardian of child " + studentId));
					case PERSON -> person = jdbc.sql("""
							SELECT id FROM pickup_person WHERE id = :p AND student_id = :c AND removed_at IS NULL FOR SHARE""")
						.param("c", studentId)
						.param("p", id)
						.query(Long.class)
						.optional()
						.orElseThrow(() -> new PickupRefused(Reason.UNAUTHORISED,
								"person " + id + " is not authorised for child " + studentId));
					case ALONE -> permission = jdbc.sql("""
							SELECT a.id FROM go_home_alone a WHERE a.student_id = :c AND a.revoked_at IS NULL
							  AND EXISTS (SELECT 1 FROM student_guardian sg
							    WHERE sg.student_id = a.student_id AND sg.guardian_id = a.signed_by_guardian)
							FOR SHARE""")
						.param("c", studentId)
						.query(Long.class)
						.optional()
						.orElseThrow(() -> new PickupRefused(Reason.NOT_PERMITTED_ALONE,
								"child " + studentId + " has no valid permission to go home alone"));
				}
				int fresh = jdbc.sql("""
						INSERT INTO pickup_release (session_id, student_id, handed_to, guardian_id, person_id, permission_id,
						  released_by) VALUES (:s, :c, :to, :g, :p, :a, :by)
						ON CONFLICT (session_id, student_id) DO NOTHING""")
					.param("s", sessionId)
					.param("c", studentId)
					.param("to", to.name())
					.param("g", guardian)
					.param("p", person)
					.param("a", permission)
					.param("by", by)
					.update();
				Release done = releaseOf(sessionId, studentId).orElseThrow();
				if (fresh == 0) {
					if (done.to() != to || !Objects.equals(done.guardianId(), guardian)
							|| !Objects.equals(done.personId(), person)) {
						throw new PickupRefused(Reason.RELEASED_ALREADY,
								"child " + studentId + " was released at " + done.releasedAt().toLocalTime());
					}
					return replay(done);
				}
				audit.record(AuditLog.Entry.of("release.child", "class_session", sessionId)
					.in(s.town(), s.school())
					.detail("student=" + studentId + " to=" + to + (id == null || to == HandOver.ALONE ? "" : ":" + id)));
				return done;
			}));
		}
		catch (PickupRefused e) {
			if (e.reason() == Reason.UNAUTHORISED || e.reason() == Reason.NOT_PERMITTED_ALONE) {
				// the refusal is part of the record: who tried to hand the child to whom
				tx.executeWithoutResult(status -> audit.record(AuditLog.Entry.of("release.child", "class_session", sessionId)
					.in(s.town(), s.school())
					.detail("student=" + studentId + " to=" + to + (id == null ? "" : ":" + id) + " " + e.reason())
					.outcome(AuditLog.Outcome.DENIED)));
			}
			throw e;
		}
	}

	// --- helpers -----------------------------------------------------------------------------------------------------

	private static Release replay(Release r) {
		return new Release(r.sessionId(), r.studentId(), r.to(), r.guardianId(), r.personId(), r.toName(),
				r.toPhoneMasked(), r.releasedBy(), r.releasedAt(), true);
	}

	/** The signed-in guardian, who must be one of the child's guardians. */
	private long actingGuardian(long studentId) {
		Long guardian = CurrentUser.find().map(u -> u.scope().guardianId()).orElse(null);
		boolean ok = guardian != null && jdbc.sql(
				"SELECT EXISTS (SELECT 1 FROM student_guardian WHERE student_id = :s AND guardian_id = :g)")
			.param("s", studentId)
			.param("g", guardian)
			.query(Boolean.class)
			.single();
		if (!ok) {
			throw new PickupRefused(Reason.NOT_A_GUARDIAN, "only a guardian of child " + studentId + " may do this");
		}
		return Objects.requireNonNull(guardian);
	}

	private StudentView student(long studentId) {
		return students.find(studentId)
			.orElseThrow(() -> new PickupRefused(Reason.NOT_FOUND, "no student " + studentId));
	}

	private @Nullable Long townOf(long schoolId) {
		return jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", schoolId).query(Long.class).optional()
			.orElse(null);
	}

	private Map<Long, List<StudentGuardian>> guardiansOf(List<Long> studentIds) {
		Map<Long, List<StudentGuardian>> byStudent = new HashMap<>();
		jdbc.sql("""
				SELECT sg.student_id, g.id, g.name, g.phone_masked, sg.relation, sg.is_primary
				FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
				WHERE sg.student_id IN (:ids) ORDER BY sg.is_primary DESC, g.id""")
			.param("ids", studentIds)
			.query((rs, i) -> Map.entry(rs.getLong(1), new StudentGuardian(rs.getLong(2), rs.getString(3),
					rs.getString(4), Relation.valueOf(rs.getString(5)), rs.getBoolean(6))))
			.list()
			.forEach(e -> byStudent.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
		return byStudent;
	}

	private Map<Long, Permission> permissionsOf(List<Long> studentIds) {
		Map<Long, Permission> byStudent = new HashMap<>();
		jdbc.sql(PERMISSION + " AND a.student_id IN (:ids)")
			.param("ids", studentIds)
			.query((rs, i) -> Map.entry(rs.getLong(2), new Permission(rs.getLong(1), rs.getLong(3), rs.getString(4),
					rs.getString(5), cityTime(rs, 6))))
			.list()
			.forEach(e -> byStudent.put(e.getKey(), e.getValue()));
		return byStudent;
	}

	private static Person person(ResultSet rs, int row) throws SQLException {
		OffsetDateTime removed = rs.getObject("removed_at", OffsetDateTime.class);
		return new Person(rs.getLong("id"), rs.getLong("student_id"), rs.getString("name"),
				PickupRelation.valueOf(rs.getString("relation")), rs.getString("phone_masked"), cityTime(rs, "added_at"),
				removed == null ? null : removed.atZoneSameInstant(Terms.CITY_ZONE).toLocalDateTime());
	}

	private static Release release(ResultSet rs, int row) throws SQLException {
		return new Release(rs.getLong("session_id"), rs.getLong("student_id"), HandOver.valueOf(rs.getString("handed_to")),
				rs.getObject("guardian_id", Long.class), rs.getObject("person_id", Long.class), rs.getString("to_name"),
				rs.getString("to_phone"), rs.getString("released_by"), cityTime(rs, "released_at"), false);
	}

	private static LocalDateTime cityTime(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).atZoneSameInstant(Terms.CITY_ZONE).toLocalDateTime();
	}

	private static LocalDateTime cityTime(ResultSet rs, int column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).atZoneSameInstant(Terms.CITY_ZONE).toLocalDateTime();
	}
}
