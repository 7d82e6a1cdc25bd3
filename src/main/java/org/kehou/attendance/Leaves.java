package org.kehou.attendance;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.AttendanceRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leave (请假): a guardian asks leave for one or more sessions of a child that have not started yet, with a reason. A
 * school decides whether a teacher approves leave ({@link #needsApproval(long)}, default no: approved at once). Approved
 * leave takes the child off those sessions' roll and is what billing reads to skip the charge. One live (pending or
 * approved) leave per child and session: the database refuses a second. Callers check scope with the
 * {@code studentId} / {@code leaveId} owners.
 */
@Service
public class Leaves {

	public static final int REASON_MAX = 200;

	public static final int MAX_SESSIONS = 60;

	private static final String VIEW = """
			SELECT l.id, l.student_id, s.name AS student_name, l.school_id, l.status, l.reason, l.requested_at,
			  l.decided_at, l.decision_note
			FROM leave_request l JOIN student s ON s.id = l.student_id""";

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	private final ApplicationEventPublisher events;

	Leaves(JdbcClient jdbc, AuditLog audit, PlatformTransactionManager transactions, ApplicationEventPublisher events) {
		this.events = events;
		this.jdbc = jdbc;
		this.audit = audit;
		this.tx = new TransactionTemplate(transactions);
	}

	/**
	 * A guardian asks leave for sessions of the child. A retry with the same request key returns the first request.
	 *
	 * @throws IllegalArgumentException without sessions or reason
	 * @throws AttendanceRefused a session is not the child's, not scheduled, has started, or already has live leave
	 */
	public LeaveView request(long studentId, List<Long> sessionIds, @Nullable String reason,
			@Nullable String requestKey) {
		return request(studentId, sessionIds, reason, requestKey, Sessions.now());
	}

	LeaveView request(long studentId, List<Long> sessionIds, @Nullable String reason, @Nullable String requestKey,
			LocalDateTime now) {
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty() || why.length() > REASON_MAX) {
			throw new IllegalArgumentException("a reason of 1–" + REASON_MAX + " characters is required");
		}
		Set<Long> ids = new LinkedHashSet<>(sessionIds);
		if (ids.isEmpty() || ids.size() > MAX_SESSIONS) {
			throw new IllegalArgumentException("between 1 and " + MAX_SESSIONS + " sessions are required");
		}
		if (requestKey != null && requestKey.length() > RollCalls.REQUEST_KEY_MAX) {
			throw new IllegalArgumentException("request key longer than " + RollCalls.REQUEST_KEY_MAX);
		}
		if (requestKey != null && !requestKey.isBlank()) {
			Optional<Long> earlier = jdbc.sql("SELECT id FROM leave_request WHERE student_id = :s AND request_key = :k")
				.param("s", studentId)
				.param("k", requestKey)
				.query(Long.class)
				.optional();
			if (earlier.isPresent()) {
				return find(earlier.get()).orElseThrow();
			}
		}
		Long by = CurrentUser.find().map(KehouUser::id).orElse(null);
		try {
			long id = Objects.requireNonNull(tx.execute(status -> {
				record Target(long id, long school, SessionStatus status, LocalDateTime starts, boolean enrolled) {
				}
				List<Target> targets = jdbc.sql("""
						SELECT cs.id, cs.school_id, cs.status, cs.session_date + cs.starts_at AS starts,
						  EXISTS (SELECT 1 FROM place p WHERE p.student_id = :s AND %s) AS enrolled
						FROM class_session cs WHERE cs.id = ANY(CAST(:ids AS BIGINT[])) ORDER BY cs.id""".formatted(Sessions.ATTENDING_PLACE))
					.param("s", studentId)
					.param("ids", ids.toArray(Long[]::new))
					.query((rs, i) -> new Target(rs.getLong(1), rs.getLong(2), SessionStatus.valueOf(rs.getString(3)),
							rs.getTimestamp(4).toLocalDateTime(), rs.getBoolean(5)))
					.list();
				if (targets.size() != ids.size() || targets.stream().anyMatch(t -> !t.enrolled())) {
					throw new AttendanceRefused(Reason.NOT_ENROLLED, "a session is not one of child " + studentId + "'s");
				}
				for (Target t : targets) {
					if (t.status() != SessionStatus.SCHEDULED) {
						throw new AttendanceRefused(Reason.NOT_SCHEDULED, "session " + t.id() + " is " + t.status());
					}
					if (!t.starts().isAfter(now)) {
						throw new AttendanceRefused(Reason.STARTED, "session " + t.id() + " has started");
					}
				}
				long school = targets.get(0).school();
				boolean approval = needsApproval(school);
				long leave = jdbc.sql("""
						INSERT INTO leave_request (student_id, school_id, reason, status, request_key, requested_by,
						  decided_at)
						VALUES (:s, :school, :r, :status, :k, :by, CASE WHEN :auto THEN now() END) RETURNING id""")
					.param("s", studentId)
					.param("school", school)
					.param("r", why)
					.param("status", approval ? LeaveStatus.PENDING.name() : LeaveStatus.APPROVED.name())
					.param("k", requestKey == null || requestKey.isBlank() ? null : requestKey)
					.param("by", by)
					.param("auto", !approval)
					.query(Long.class)
					.single();
				jdbc.sql("""
						INSERT INTO leave_session (leave_id, session_id, student_id)
						SELECT :l, unnest(CAST(:ids AS BIGINT[])), :s""")
					.param("l", leave)
					.param("ids", ids.toArray(Long[]::new))
					.param("s", studentId)
					.update();
				audit.record(AuditLog.Entry.of("leave.request", "leave_request", leave)
					.in(townOf(school), school)
					.detail("student " + studentId + ", sessions " + ids + (approval ? "" : ", approved at once")));
				if (!approval) {
					events.publishEvent(new LeaveGranted(leave, studentId, school, List.copyOf(ids)));
				}
				return leave;
			}));
			return find(id).orElseThrow();
		}
		catch (DuplicateKeyException e) {
			throw new AttendanceRefused(Reason.ON_LEAVE_ALREADY, "the child already has leave for one of the sessions");
		}
	}

	/** A teacher (or the school admin) approves a pending request. */
	public LeaveView approve(long leaveId) {
		return decide(leaveId, LeaveStatus.APPROVED, null);
	}

	/** A teacher (or the school admin) refuses a pending request; the child stays on the roll. */
	public LeaveView reject(long leaveId, @Nullable String note) {
		return decide(leaveId, LeaveStatus.REJECTED, note);
	}

	private LeaveView decide(long leaveId, LeaveStatus decision, @Nullable String note) {
		String n = note == null || note.isBlank() ? null : note.strip();
		if (n != null && n.length() > REASON_MAX) {
			throw new IllegalArgumentException("note longer than " + REASON_MAX);
		}
		Long by = CurrentUser.find().map(KehouUser::id).orElse(null);
		tx.executeWithoutResult(status -> {
			Long school = jdbc.sql("""
					UPDATE leave_request SET status = :d, decided_by = :by, decided_at = now(), decision_note = :n
					WHERE id = :id AND status = 'PENDING' RETURNING school_id""")
				.param("d", decision.name())
				.param("by", by)
				.param("n", n)
				.param("id", leaveId)
				.query(Long.class)
				.optional()
				.orElseThrow(() -> new AttendanceRefused(Reason.NOT_PENDING, "leave " + leaveId + " is not pending"));
			if (decision == LeaveStatus.REJECTED) {
				jdbc.sql("UPDATE leave_session SET live = FALSE WHERE leave_id = :id").param("id", leaveId).update();
			}
			else {
				record Granted(long student, long session) {
				}
				List<Granted> granted = jdbc.sql("SELECT student_id, session_id FROM leave_session WHERE leave_id = :id ORDER BY session_id")
					.param("id", leaveId)
					.query((rs, i) -> new Granted(rs.getLong(1), rs.getLong(2)))
					.list();
				if (!granted.isEmpty()) {
					events.publishEvent(new LeaveGranted(leaveId, granted.get(0).student(), school,
							granted.stream().map(Granted::session).toList()));
				}
			}
			audit.record(AuditLog.Entry.of(decision == LeaveStatus.APPROVED ? "leave.approve" : "leave.reject",
					"leave_request", leaveId).in(townOf(school), school).detail(n));
		});
		return find(leaveId).orElseThrow();
	}

	// --- settings --------------------------------------------------------------------------------------------------

	/** Whether the school's leave waits for a teacher's approval (default: no, approved at once). */
	public boolean needsApproval(long schoolId) {
		return jdbc.sql("SELECT leave_needs_approval FROM attendance_school_settings WHERE school_id = :s")
			.param("s", schoolId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	public void setNeedsApproval(long schoolId, boolean needsApproval) {
		Long by = CurrentUser.find().map(KehouUser::id).orElse(null);
		tx.executeWithoutResult(status -> {
			jdbc.sql("""
					INSERT INTO attendance_school_settings (school_id, leave_needs_approval, updated_by)
					VALUES (:s, :v, :by) ON CONFLICT (school_id) DO UPDATE SET leave_needs_approval = excluded.leave_needs_approval,
					  updated_by = excluded.updated_by, updated_at = now()""")
				.param("s", schoolId)
				.param("v", needsApproval)
				.param("by", by)
				.update();
			audit.record(AuditLog.Entry.of("leave.settings", "school", schoolId)
				.in(townOf(schoolId), schoolId)
				.detail("needs approval: " + needsApproval));
		});
	}

	// --- reading ---------------------------------------------------------------------------------------------------

	public Optional<LeaveView> find(long leaveId) {
		return jdbc.sql(VIEW + " WHERE l.id = :id").param("id", leaveId).query(this::row).optional().map(this::withSessions);
	}

	/** The child's leave requests, newest first. */
	public List<LeaveView> ofStudent(long studentId) {
		return jdbc.sql(VIEW + " WHERE l.student_id = :s ORDER BY l.requested_at DESC, l.id DESC LIMIT 100")
			.param("s", studentId)
			.query(this::row)
			.list()
			.stream()
			.map(this::withSessions)
			.toList();
	}

	/**
	 * Pending requests the user may decide: a teacher's for the offerings they teach, the whole school's for its
	 * administrator; nothing for the others.
	 */
	public List<LeaveView> pendingFor(KehouUser user) {
		String where = switch (user.role()) {
			case TEACHER -> """
					 AND EXISTS (SELECT 1 FROM leave_session ls JOIN class_session cs ON cs.id = ls.session_id
					   JOIN offering_teacher t ON t.offering_id = cs.offering_id WHERE ls.leave_id = l.id AND t.staff_id = :a)""";
			case SCHOOL_ADMIN -> " AND l.school_id = :a";
			default -> null;
		};
		Long anchor = user.role() == org.kehou.identity.Role.TEACHER ? user.staffId() : user.scope().schoolId();
		if (where == null || anchor == null) {
			return List.of();
		}
		return jdbc.sql(VIEW + " WHERE l.status = 'PENDING'" + where + " ORDER BY l.requested_at, l.id LIMIT 100")
			.param("a", anchor)
			.query(this::row)
			.list()
			.stream()
			.map(this::withSessions)
			.toList();
	}

	/** The child's scheduled sessions from now until {@code until}, for which leave may still be asked. */
	public List<SessionView> upcoming(long studentId, LocalDate until) {
		LocalDateTime now = Sessions.now();
		return jdbc.sql(Sessions.VIEW + """
				 JOIN place p ON p.student_id = :s AND %s
				WHERE cs.status = 'SCHEDULED' AND cs.session_date + cs.starts_at > :now AND cs.session_date <= :until
				  AND NOT EXISTS (SELECT 1 FROM leave_session ls WHERE ls.session_id = cs.id AND ls.student_id = :s AND ls.live)
				ORDER BY cs.session_date, cs.starts_at LIMIT 200""".formatted(Sessions.ATTENDING_PLACE))
			.param("s", studentId)
			.param("now", Timestamp.valueOf(now))
			.param("until", until)
			.query(Sessions::view)
			.list();
	}

	private record Row(long id, long studentId, String studentName, long schoolId, LeaveStatus status, String reason,
			java.time.Instant requestedAt, java.time.@Nullable Instant decidedAt, @Nullable String note) {
	}

	private Row row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		Timestamp decided = rs.getTimestamp("decided_at");
		return new Row(rs.getLong("id"), rs.getLong("student_id"), rs.getString("student_name"), rs.getLong("school_id"),
				LeaveStatus.valueOf(rs.getString("status")), rs.getString("reason"),
				rs.getTimestamp("requested_at").toInstant(), decided == null ? null : decided.toInstant(),
				rs.getString("decision_note"));
	}

	private LeaveView withSessions(Row r) {
		List<SessionView> sessions = new ArrayList<>(jdbc.sql(Sessions.VIEW
				+ " JOIN leave_session ls ON ls.session_id = cs.id WHERE ls.leave_id = :l ORDER BY cs.session_date, cs.starts_at")
			.param("l", r.id())
			.query(Sessions::view)
			.list());
		return new LeaveView(r.id(), r.studentId(), r.studentName(), r.schoolId(), r.status(), r.reason(),
				r.requestedAt(), r.decidedAt(), r.note(), sessions);
	}

	private @Nullable Long townOf(long schoolId) {
		return jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", schoolId).query(Long.class).optional()
			.orElse(null);
	}
}
