package org.kehou.attendance;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.AttendanceRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Roll call (点名): who should be in a session — the children holding a confirmed place in its offering (on the
 * session's weekday for basic care with chosen days), minus those with approved leave — and their marks.
 * <p>
 * Saving is idempotent: each submission carries a request key; the session's row is locked, the key recorded, and a
 * key already recorded (a network retry, or two identical sends at once) changes nothing. A roll call can be taken
 * and corrected on the session's day only (city time); every correction of a mark is audited
 * ({@code rollcall.correct}). A child newly marked absent raises {@link ChildMarkedAbsent}. Callers check scope with
 * the {@code sessionId} owner.
 */
@Service
public class RollCalls {

	/** Longest request key a client may send. */
	public static final int REQUEST_KEY_MAX = 64;

	/**
	 * One child on the roll.
	 *
	 * @param initial the first character of the name, for the avatar
	 * @param guardianPhone the primary guardian's phone, masked (as stored; never decrypted here)
	 * @param mark null until marked
	 */
	public record RosterEntry(long studentId, String name, String initial, String className,
			@Nullable String guardianPhone, @Nullable Mark mark) {
	}

	/**
	 * What a save did.
	 *
	 * @param replay the request key had been saved before: nothing changed
	 * @param corrected marks that changed from an earlier value
	 */
	public record Saved(boolean replay, int present, int late, int absent, int corrected) {
	}

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	RollCalls(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.events = events;
		this.tx = new TransactionTemplate(transactions);
	}

	/** The session's roll: class, then name. */
	public List<RosterEntry> roster(long sessionId) {
		return jdbc.sql("""
				SELECT s.id, s.name, c.name AS class_name, m.mark,
				  (SELECT g.phone_masked FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
				   WHERE sg.student_id = s.id ORDER BY sg.is_primary DESC, g.id LIMIT 1) AS guardian_phone
				FROM class_session cs
				JOIN place p ON %s
				JOIN student s ON s.id = p.student_id
				JOIN school_class c ON c.id = s.class_id
				LEFT JOIN roll_call_mark m ON m.session_id = cs.id AND m.student_id = s.id
				WHERE cs.id = :id AND NOT EXISTS (SELECT 1 FROM leave_session ls JOIN leave_request l ON l.id = ls.leave_id
				  WHERE ls.session_id = cs.id AND ls.student_id = s.id AND ls.live AND l.status = 'APPROVED')
				ORDER BY c.name, s.name, s.id""".formatted(Sessions.ATTENDING_PLACE))
			.param("id", sessionId)
			.query((rs, i) -> {
				String name = rs.getString("name");
				String mark = rs.getString("mark");
				return new RosterEntry(rs.getLong("id"), name, name.isEmpty() ? "?" : name.substring(0, 1),
						rs.getString("class_name"), rs.getString("guardian_phone"), mark == null ? null : Mark.valueOf(mark));
			})
			.list();
	}

	/**
	 * Saves marks for the session's roll.
	 *
	 * @param allPresent every child on the roll not in {@code marks} is marked present ("all present", then the
	 * exceptions); otherwise only the given children change
	 * @throws IllegalArgumentException without a request key, or for a child not on the roll
	 * @throws AttendanceRefused when the session is not held today or not scheduled
	 */
	public Saved save(long sessionId, @Nullable String requestKey, boolean allPresent, Map<Long, Mark> marks) {
		return save(sessionId, requestKey, allPresent, marks, Sessions.now());
	}

	Saved save(long sessionId, @Nullable String requestKey, boolean allPresent, Map<Long, Mark> marks,
			LocalDateTime now) {
		if (requestKey == null || requestKey.isBlank() || requestKey.length() > REQUEST_KEY_MAX) {
			throw new IllegalArgumentException("a request key of 1–" + REQUEST_KEY_MAX + " characters is required");
		}
		Long by = CurrentUser.find().map(KehouUser::id).orElse(null);
		return Objects.requireNonNull(tx.execute(status -> {
			record Session(long offering, long school, @Nullable Long town, LocalDate date, LocalTime starts,
					SessionStatus status) {
			}
			Session s = jdbc.sql("""
					SELECT cs.offering_id, cs.school_id, sc.town_id, cs.session_date, cs.starts_at, cs.status
					FROM class_session cs JOIN school sc ON sc.id = cs.school_id WHERE cs.id = :id FOR UPDATE OF cs""")
				.param("id", sessionId)
				.query((rs, i) -> new Session(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class),
						rs.getObject(4, LocalDate.class), rs.getObject(5, LocalTime.class),
						SessionStatus.valueOf(rs.getString(6))))
				.optional()
				.orElseThrow(() -> new AttendanceRefused(Reason.NOT_FOUND, "no session " + sessionId));
			int fresh = jdbc.sql("""
					INSERT INTO roll_call_request (session_id, request_key, saved_by) VALUES (:id, :k, :by)
					ON CONFLICT DO NOTHING""")
				.param("id", sessionId)
				.param("k", requestKey)
				.param("by", by)
				.update();
			if (fresh == 0) {
				return new Saved(true, 0, 0, 0, 0);
			}
			if (s.status() != SessionStatus.SCHEDULED) {
				throw new AttendanceRefused(Reason.NOT_SCHEDULED, "session " + sessionId + " is " + s.status());
			}
			if (!s.date().equals(now.toLocalDate())) {
				throw new AttendanceRefused(Reason.NOT_TODAY,
						"the roll of " + s.date() + " can be taken and corrected on that day only");
			}
			Map<Long, @Nullable Mark> before = new HashMap<>();
			roster(sessionId).forEach(e -> before.put(e.studentId(), e.mark()));
			Map<Long, Mark> target = new LinkedHashMap<>();
			if (allPresent) {
				before.keySet().forEach(id -> target.put(id, Mark.PRESENT));
			}
			marks.forEach((student, mark) -> {
				if (!before.containsKey(student)) {
					throw new IllegalArgumentException("child " + student + " is not on the roll of session " + sessionId);
				}
				target.put(student, Objects.requireNonNull(mark, "mark"));
			});
			int present = 0;
			int late = 0;
			int absent = 0;
			List<String> corrections = new ArrayList<>();
			for (Map.Entry<Long, Mark> e : target.entrySet()) {
				Mark old = before.get(e.getKey());
				Mark mark = e.getValue();
				switch (mark) {
					case PRESENT -> present++;
					case LATE -> late++;
					case ABSENT -> absent++;
				}
				if (old == mark) {
					continue;
				}
				jdbc.sql("""
						INSERT INTO roll_call_mark (session_id, student_id, mark, marked_by) VALUES (:id, :s, :m, :by)
						ON CONFLICT (session_id, student_id) DO UPDATE SET mark = excluded.mark,
						  marked_by = excluded.marked_by, marked_at = now()""")
					.param("id", sessionId)
					.param("s", e.getKey())
					.param("m", mark.name())
					.param("by", by)
					.update();
				if (old != null) {
					corrections.add(e.getKey() + ":" + old + "→" + mark);
				}
				if (mark == Mark.ABSENT) {
					events.publishEvent(new ChildMarkedAbsent(sessionId, s.offering(), s.school(), e.getKey(), s.date(),
							s.starts()));
				}
			}
			boolean first = jdbc.sql("""
					UPDATE class_session SET roll_taken_at = now(), updated_at = now() WHERE id = :id AND roll_taken_at IS NULL""")
				.param("id", sessionId)
				.update() == 1;
			if (first) {
				audit.record(AuditLog.Entry.of("rollcall.take", "class_session", sessionId)
					.in(s.town(), s.school())
					.detail("present=" + present + " late=" + late + " absent=" + absent));
			}
			if (!corrections.isEmpty()) {
				audit.record(AuditLog.Entry.of("rollcall.correct", "class_session", sessionId)
					.in(s.town(), s.school())
					.detail(String.join(", ", corrections)));
			}
			return new Saved(false, present, late, absent, corrections.size());
		}));
	}
}
