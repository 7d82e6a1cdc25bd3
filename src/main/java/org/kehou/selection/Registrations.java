package org.kehou.selection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.people.Consents;
import org.kehou.people.Guardians;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.selection.RegistrationRefused.Reason;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registration (报名) for a term's after-school service: a guardian registers a child (voluntary, confirmed),
 * withdraws while registration is open, registers again; the school approves or declines when its term settings
 * ask for approval. One row per child and term, kept unique by the database, so a double tap or a retry never
 * creates a second registration. Every change is audited and published as {@link RegistrationChanged}.
 * <p>
 * Callers check scope with the {@code studentId}/{@code termId} owners; this service trusts the ids it is given,
 * except a term that comes with a student (it must be a term of the child's school).
 */
@Service
@Transactional(readOnly = true)
public class Registrations {

	/** Longest remark a guardian may leave (special needs and pickup are later issues). */
	public static final int REMARK_MAX = 200;

	/** Longest reason for a decline. */
	public static final int REASON_MAX = 500;

	private static final String COLUMNS = """
			r.id, r.student_id, r.term_id, r.school_id, r.status, r.remark, r.registered_by, r.registered_at,
			r.decided_at, r.decline_reason, r.withdrawn_at, r.updated_at""";

	private static final String LIST_FROM = """
			FROM student s JOIN school_class c ON c.id = s.class_id JOIN grade g ON g.id = c.grade_id
			LEFT JOIN registration r ON r.student_id = s.id AND r.term_id = :term
			LEFT JOIN guardian gu ON gu.id = r.registered_by
			WHERE s.school_id = :school AND (s.status = 'ACTIVE' OR r.id IS NOT NULL)
			  AND (CAST(:status AS VARCHAR) IS NULL OR (CAST(:status AS VARCHAR) = 'NONE' AND r.id IS NULL)
			       OR r.status = CAST(:status AS VARCHAR))
			  AND (CAST(:grade AS BIGINT) IS NULL OR c.grade_id = CAST(:grade AS BIGINT))
			  AND (CAST(:class AS BIGINT) IS NULL OR s.class_id = CAST(:class AS BIGINT))
			""";

	/** What a guardian's request did: the registration afterwards, and whether anything changed. */
	public record Outcome(Registration registration, boolean changed) {
	}

	private record Context(TermView term, @Nullable Long townId) {
		long schoolId() {
			return term.schoolId();
		}
	}

	private final JdbcClient jdbc;

	private final Terms terms;

	private final Schools schools;

	private final Students students;

	private final Guardians guardians;

	private final Consents consents;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	Registrations(JdbcClient jdbc, Terms terms, Schools schools, Students students, Guardians guardians,
			Consents consents, AuditLog audit, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.terms = terms;
		this.schools = schools;
		this.students = students;
		this.guardians = guardians;
		this.consents = consents;
		this.audit = audit;
		this.events = events;
	}

	/** Today in the city. */
	public static LocalDate today() {
		return LocalDate.now(Terms.CITY_ZONE);
	}

	// --- the module API for the selection rounds ------------------------------------------------------------------

	/** Whether the child's registration for the term is done (REGISTERED; pending, withdrawn or declined are not). */
	public boolean isRegistered(long studentId, long termId) {
		return jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM registration WHERE student_id = :s AND term_id = :t AND status = 'REGISTERED')""")
			.param("s", studentId)
			.param("t", termId)
			.query(Boolean.class)
			.single();
	}

	public Optional<Registration> find(long studentId, long termId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM registration r WHERE r.student_id = :s AND r.term_id = :t")
			.param("s", studentId)
			.param("t", termId)
			.query(Registrations::registration)
			.optional();
	}

	/** The child's registrations, latest term first. */
	public List<Registration> ofStudent(long studentId) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM registration r JOIN term t ON t.id = r.term_id WHERE r.student_id = :s
				ORDER BY t.starts_on DESC, r.id DESC""")
			.param("s", studentId)
			.query(Registrations::registration)
			.list();
	}

	// --- settings --------------------------------------------------------------------------------------------------

	/** The term's settings in force: its own choices, the school's default for approval. */
	public RegistrationSettings settings(long termId) {
		return jdbc.sql("""
				SELECT t.id, s.needs_approval AS term_value, coalesce(ss.needs_approval, FALSE) AS school_value,
				  s.opens_on, s.closes_on
				FROM term t LEFT JOIN registration_settings s ON s.term_id = t.id
				LEFT JOIN registration_school_settings ss ON ss.school_id = t.school_id
				WHERE t.id = :t""")
			.param("t", termId)
			.query((rs, i) -> RegistrationSettings.of(rs.getLong("id"), rs.getObject("term_value", Boolean.class),
					rs.getBoolean("school_value"), rs.getObject("opens_on", LocalDate.class),
					rs.getObject("closes_on", LocalDate.class)))
			.optional()
			.orElseThrow(() -> new RegistrationRefused(Reason.UNKNOWN_TERM, "unknown term " + termId));
	}

	/** The school's default for "registrations need the school's approval" (off unless set). */
	public boolean schoolNeedsApproval(long schoolId) {
		return jdbc.sql("SELECT needs_approval FROM registration_school_settings WHERE school_id = :s")
			.param("s", schoolId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** Sets the school's default for its terms (a term's own choice still wins). */
	@Transactional
	public boolean updateSchoolDefault(long schoolId, boolean needsApproval) {
		Long town = schools.findSchool(schoolId)
			.orElseThrow(() -> new IllegalArgumentException("unknown school " + schoolId))
			.townId();
		jdbc.sql("""
				INSERT INTO registration_school_settings (school_id, needs_approval, updated_by) VALUES (:s, :a, :u)
				ON CONFLICT (school_id) DO UPDATE SET needs_approval = EXCLUDED.needs_approval,
				  updated_by = EXCLUDED.updated_by, updated_at = now()""")
			.param("s", schoolId)
			.param("a", needsApproval)
			.param("u", actorId())
			.update();
		audit.record(AuditLog.Entry.of("registration.settings", "school", schoolId)
			.in(town, schoolId)
			.detail("school default needsApproval=" + needsApproval));
		return needsApproval;
	}

	/**
	 * Sets whether the term's registrations need the school's approval ({@code null} = follow the school's
	 * default) and the registration window. Pending registrations stay pending when approval is turned off (the
	 * school still decides them).
	 */
	@Transactional
	public RegistrationSettings updateSettings(long termId, @Nullable Boolean needsApproval, @Nullable LocalDate opensOn,
			@Nullable LocalDate closesOn) {
		Context ctx = context(termId);
		if (ctx.term().isClosed()) {
			throw new RegistrationRefused(Reason.TERM_CLOSED, "term " + termId + " is closed");
		}
		RegistrationSettings.of(termId, needsApproval, false, opensOn, closesOn); // refuses a wrong window order
		jdbc.sql("""
				INSERT INTO registration_settings (term_id, needs_approval, opens_on, closes_on, updated_by)
				VALUES (:t, :a, :o, :c, :u)
				ON CONFLICT (term_id) DO UPDATE SET needs_approval = EXCLUDED.needs_approval,
				  opens_on = EXCLUDED.opens_on, closes_on = EXCLUDED.closes_on, updated_by = EXCLUDED.updated_by,
				  updated_at = now()""")
			.param("t", termId)
			.param("a", needsApproval)
			.param("o", opensOn)
			.param("c", closesOn)
			.param("u", actorId())
			.update();
		audit.record(AuditLog.Entry.of("registration.settings", "term", termId)
			.in(ctx.townId(), ctx.schoolId())
			.detail("needsApproval=" + (needsApproval == null ? "school default" : needsApproval) + " opensOn="
					+ opensOn + " closesOn=" + closesOn));
		return settings(termId);
	}

	// --- guardians -------------------------------------------------------------------------------------------------

	/**
	 * A guardian registers the child for the term. Idempotent: when the child is already registered (or pending)
	 * the existing registration comes back unchanged; after a withdrawal or a decline the same row is registered
	 * again.
	 *
	 * @param confirmVoluntary the guardian ticked that participation is voluntary and read what it includes
	 * @throws RegistrationRefused when a rule refuses (the reason says which)
	 */
	@Transactional
	public Outcome register(long guardianId, long studentId, long termId, boolean confirmVoluntary,
			@Nullable String remark) {
		StudentView student = guardianChild(guardianId, studentId);
		Context ctx = termOfChild(termId, student);
		if (!confirmVoluntary) {
			throw new RegistrationRefused(Reason.NOT_CONFIRMED, "the guardian must confirm the voluntary participation");
		}
		if (!student.active()) {
			throw new RegistrationRefused(Reason.STUDENT_LEFT, "student " + studentId + " has left the school");
		}
		if (!consents.hasAccepted(studentId)) {
			throw new RegistrationRefused(Reason.NO_CONSENT, "no accepted privacy notice for student " + studentId);
		}
		RegistrationSettings settings = requireOpen(ctx);
		String note = remark == null || remark.isBlank() ? null : remark.strip();
		if (note != null && note.length() > REMARK_MAX) {
			throw new IllegalArgumentException("remark longer than " + REMARK_MAX + " characters");
		}
		RegistrationStatus status = settings.needsApproval() ? RegistrationStatus.PENDING : RegistrationStatus.REGISTERED;
		Optional<Long> changed = jdbc.sql("""
				INSERT INTO registration (student_id, term_id, school_id, status, remark, registered_by)
				VALUES (:s, :t, :school, :status, :remark, :g)
				ON CONFLICT ON CONSTRAINT registration_once DO UPDATE SET status = EXCLUDED.status,
				  remark = EXCLUDED.remark, registered_by = EXCLUDED.registered_by, registered_at = now(),
				  decided_by = NULL, decided_at = NULL, decline_reason = NULL, withdrawn_at = NULL, updated_at = now()
				WHERE registration.status IN ('WITHDRAWN', 'DECLINED')
				RETURNING id""")
			.param("s", studentId)
			.param("t", termId)
			.param("school", ctx.schoolId())
			.param("status", status.name())
			.param("remark", note)
			.param("g", guardianId)
			.query(Long.class)
			.optional();
		Registration registration = find(studentId, termId).orElseThrow();
		if (changed.isEmpty()) {
			return new Outcome(registration, false);
		}
		audit.record(AuditLog.Entry.of("registration.register", "registration", registration.id())
			.in(ctx.townId(), ctx.schoolId())
			.detail("student " + studentId + " term " + termId + " " + status));
		events.publishEvent(changed(registration, RegistrationChanged.Change.REGISTERED));
		return new Outcome(registration, true);
	}

	/**
	 * A guardian withdraws the child's registration (pending or registered) while registration is open.
	 * Idempotent: an already withdrawn registration comes back unchanged.
	 *
	 * @throws RegistrationRefused NOT_REGISTERED when there is nothing to withdraw, WINDOW_CLOSED/TERM_CLOSED
	 */
	@Transactional
	public Outcome withdraw(long guardianId, long studentId, long termId) {
		StudentView student = guardianChild(guardianId, studentId);
		Context ctx = termOfChild(termId, student);
		requireOpen(ctx);
		Optional<Long> changed = jdbc.sql("""
				UPDATE registration SET status = 'WITHDRAWN', withdrawn_at = now(), updated_at = now()
				WHERE student_id = :s AND term_id = :t AND status IN ('PENDING', 'REGISTERED') RETURNING id""")
			.param("s", studentId)
			.param("t", termId)
			.query(Long.class)
			.optional();
		Optional<Registration> registration = find(studentId, termId);
		if (changed.isEmpty()) {
			if (registration.isPresent() && registration.get().status() == RegistrationStatus.WITHDRAWN) {
				return new Outcome(registration.get(), false);
			}
			throw new RegistrationRefused(Reason.NOT_REGISTERED,
					"student " + studentId + " is not registered for term " + termId);
		}
		Registration r = registration.orElseThrow();
		audit.record(AuditLog.Entry.of("registration.withdraw", "registration", r.id())
			.in(ctx.townId(), ctx.schoolId())
			.detail("student " + studentId + " term " + termId));
		events.publishEvent(changed(r, RegistrationChanged.Change.WITHDRAWN));
		return new Outcome(r, true);
	}

	// --- the school ------------------------------------------------------------------------------------------------

	/**
	 * Approves pending registrations of the term (others among {@code ids}, and ids of other terms, are left alone).
	 *
	 * @return the registrations approved now
	 */
	@Transactional
	public List<Registration> approve(long termId, Collection<Long> ids) {
		Context ctx = context(termId);
		requireTermOpen(ctx);
		List<Registration> approved = jdbc.sql("""
				UPDATE registration r SET status = 'REGISTERED', decided_by = :u, decided_at = now(), updated_at = now()
				WHERE r.term_id = :t AND r.id = ANY(CAST(:ids AS BIGINT[])) AND r.status = 'PENDING'
				""" + " RETURNING " + COLUMNS)
			.param("t", termId)
			.param("ids", ids.toArray(Long[]::new))
			.param("u", actorId())
			.query(Registrations::registration)
			.list();
		for (Registration r : approved) {
			audit.record(AuditLog.Entry.of("registration.approve", "registration", r.id())
				.in(ctx.townId(), ctx.schoolId())
				.detail("student " + r.studentId() + " term " + termId));
			events.publishEvent(changed(r, RegistrationChanged.Change.APPROVED));
		}
		return approved;
	}

	/**
	 * Declines pending registrations of the term, with a reason the guardian sees.
	 *
	 * @throws RegistrationRefused REASON_REQUIRED without a reason
	 * @return the registrations declined now
	 */
	@Transactional
	public List<Registration> decline(long termId, Collection<Long> ids, @Nullable String reason) {
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty()) {
			throw new RegistrationRefused(Reason.REASON_REQUIRED, "a decline needs a reason");
		}
		if (why.length() > REASON_MAX) {
			throw new IllegalArgumentException("reason longer than " + REASON_MAX + " characters");
		}
		Context ctx = context(termId);
		requireTermOpen(ctx);
		List<Registration> declined = jdbc.sql("""
				UPDATE registration r SET status = 'DECLINED', decline_reason = :why, decided_by = :u,
				  decided_at = now(), updated_at = now()
				WHERE r.term_id = :t AND r.id = ANY(CAST(:ids AS BIGINT[])) AND r.status = 'PENDING'
				""" + " RETURNING " + COLUMNS)
			.param("t", termId)
			.param("ids", ids.toArray(Long[]::new))
			.param("why", why)
			.param("u", actorId())
			.query(Registrations::registration)
			.list();
		for (Registration r : declined) {
			audit.record(AuditLog.Entry.of("registration.decline", "registration", r.id())
				.in(ctx.townId(), ctx.schoolId())
				.detail("student " + r.studentId() + " term " + termId + ": " + why));
			events.publishEvent(changed(r, RegistrationChanged.Change.DECLINED));
		}
		return declined;
	}

	/** The term's school's students with their registration, filtered, by grade, class and student number. */
	public Page<RegistrationView> list(long termId, RegistrationFilter filter, Pageable pageable) {
		Context ctx = context(termId);
		long total = bind(jdbc.sql("SELECT count(*) " + LIST_FROM), ctx, filter).query(Long.class).single();
		if (total == 0) {
			return Page.empty(pageable);
		}
		List<RegistrationView> rows = bind(jdbc.sql(LIST_SELECT + LIST_FROM + LIST_ORDER + " LIMIT :limit OFFSET :offset"),
				ctx, filter)
			.param("limit", pageable.getPageSize())
			.param("offset", pageable.getOffset())
			.query(Registrations::view)
			.list();
		return new PageImpl<>(rows, pageable, total);
	}

	/** The whole filtered list (for the export). */
	public List<RegistrationView> listAll(long termId, RegistrationFilter filter) {
		Context ctx = context(termId);
		return bind(jdbc.sql(LIST_SELECT + LIST_FROM + LIST_ORDER), ctx, filter).query(Registrations::view).list();
	}

	/** Audits an export of the term's registration list (names and masked phones of the school's students). */
	@Transactional
	public void recordExport(long termId, int rows) {
		Context ctx = context(termId);
		audit.record(AuditLog.Entry.of("registration.export", "term", termId)
			.in(ctx.townId(), ctx.schoolId())
			.detail(rows + " rows, masked"));
	}

	/** The ids of the term's pending registrations (for "approve all pending"). */
	public List<Long> pendingIds(long termId) {
		return jdbc.sql("SELECT id FROM registration WHERE term_id = :t AND status = 'PENDING' ORDER BY id")
			.param("t", termId)
			.query(Long.class)
			.list();
	}

	public RegistrationCounts counts(long termId) {
		Context ctx = context(termId);
		return jdbc.sql("""
				SELECT count(*) FILTER (WHERE s.status = 'ACTIVE') AS students,
				  count(r.id) FILTER (WHERE r.status = 'REGISTERED') AS registered,
				  count(r.id) FILTER (WHERE r.status = 'PENDING') AS pending,
				  count(r.id) FILTER (WHERE r.status = 'WITHDRAWN') AS withdrawn,
				  count(r.id) FILTER (WHERE r.status = 'DECLINED') AS declined,
				  count(*) FILTER (WHERE s.status = 'ACTIVE' AND r.id IS NULL) AS not_registered
				FROM student s LEFT JOIN registration r ON r.student_id = s.id AND r.term_id = :term
				WHERE s.school_id = :school""")
			.param("term", termId)
			.param("school", ctx.schoolId())
			.query((rs, i) -> new RegistrationCounts(rs.getLong("students"), rs.getLong("registered"),
					rs.getLong("pending"), rs.getLong("withdrawn"), rs.getLong("declined"), rs.getLong("not_registered")))
			.single();
	}

	/** The term, or {@link Reason#UNKNOWN_TERM}. */
	public TermView term(long termId) {
		return context(termId).term();
	}

	// --- helpers ---------------------------------------------------------------------------------------------------

	private static final String LIST_SELECT = """
			SELECT s.id AS student_id, s.student_no, s.name AS student_name, g.id AS grade_id, g.level AS grade_level,
			  g.name AS grade_name, c.id AS class_id, c.name AS class_name, r.id AS registration_id, r.status,
			  r.remark, r.registered_at, r.decided_at, r.decline_reason, gu.phone_masked
			""";

	private static final String LIST_ORDER = " ORDER BY g.level, c.name, s.student_no, s.id";

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Context ctx, RegistrationFilter filter) {
		return spec.param("term", ctx.term().id())
			.param("school", ctx.schoolId())
			.param("status", filter.status())
			.param("grade", filter.gradeId())
			.param("class", filter.classId());
	}

	private StudentView guardianChild(long guardianId, long studentId) {
		if (!guardians.isGuardianOf(guardianId, studentId)) {
			throw new IllegalArgumentException("guardian " + guardianId + " is not a guardian of student " + studentId);
		}
		return students.find(studentId).orElseThrow(() -> new IllegalArgumentException("unknown student " + studentId));
	}

	private Context termOfChild(long termId, StudentView student) {
		Context ctx = context(termId);
		if (ctx.schoolId() != student.schoolId()) {
			throw new RegistrationRefused(Reason.TERM_OF_ANOTHER_SCHOOL,
					"term " + termId + " is not a term of the child's school");
		}
		return ctx;
	}

	private RegistrationSettings requireOpen(Context ctx) {
		requireTermOpen(ctx);
		RegistrationSettings settings = settings(ctx.term().id());
		if (!settings.isOpenOn(today())) {
			throw new RegistrationRefused(Reason.WINDOW_CLOSED,
					"registration for term " + ctx.term().id() + " is not open today");
		}
		return settings;
	}

	private static void requireTermOpen(Context ctx) {
		if (ctx.term().isClosed()) {
			throw new RegistrationRefused(Reason.TERM_CLOSED, "term " + ctx.term().id() + " is closed");
		}
	}

	private Context context(long termId) {
		TermView term = terms.findTerm(termId)
			.orElseThrow(() -> new RegistrationRefused(Reason.UNKNOWN_TERM, "unknown term " + termId));
		Long town = schools.findSchool(term.schoolId()).map(s -> s.townId()).orElse(null);
		return new Context(term, town);
	}

	private static @Nullable Long actorId() {
		return CurrentUser.find().map(KehouUser::id).orElse(null);
	}

	private static RegistrationChanged changed(Registration r, RegistrationChanged.Change change) {
		return new RegistrationChanged(r.id(), r.studentId(), r.termId(), r.schoolId(), change, r.status());
	}

	private static Registration registration(ResultSet rs, int row) throws SQLException {
		return new Registration(rs.getLong("id"), rs.getLong("student_id"), rs.getLong("term_id"),
				rs.getLong("school_id"), RegistrationStatus.valueOf(rs.getString("status")), rs.getString("remark"),
				rs.getObject("registered_by", Long.class), instant(rs.getTimestamp("registered_at")),
				instantOrNull(rs.getTimestamp("decided_at")), rs.getString("decline_reason"),
				instantOrNull(rs.getTimestamp("withdrawn_at")), instant(rs.getTimestamp("updated_at")));
	}

	private static RegistrationView view(ResultSet rs, int row) throws SQLException {
		String status = rs.getString("status");
		return new RegistrationView(rs.getLong("student_id"), rs.getString("student_no"), rs.getString("student_name"),
				rs.getLong("grade_id"), rs.getInt("grade_level"), rs.getString("grade_name"), rs.getLong("class_id"),
				rs.getString("class_name"), rs.getObject("registration_id", Long.class),
				status == null ? null : RegistrationStatus.valueOf(status), rs.getString("remark"),
				instantOrNull(rs.getTimestamp("registered_at")), instantOrNull(rs.getTimestamp("decided_at")),
				rs.getString("decline_reason"), rs.getString("phone_masked"));
	}

	private static Instant instant(Timestamp t) {
		return t.toInstant();
	}

	private static @Nullable Instant instantOrNull(@Nullable Timestamp t) {
		return t == null ? null : t.toInstant();
	}
}
