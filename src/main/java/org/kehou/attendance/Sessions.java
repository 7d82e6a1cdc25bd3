package org.kehou.attendance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.AttendanceRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.KehouUser;
import org.kehou.organisation.TermCalendar;
import org.kehou.organisation.Terms;
import org.kehou.selection.OfferingStatus;
import org.kehou.selection.OfferingView;
import org.kehou.selection.Offerings;
import org.kehou.selection.ServiceWindow;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions (课次): generated from each published offering's weekly timetable and its term's calendar
 * ({@link SessionPlan}), cancelled or rescheduled by the school, listed for the people who hold them.
 * <p>
 * Generation is idempotent: a session is identified by (offering, date, start); re-running inserts what is missing and
 * removes only <em>future</em> generated sessions the timetable no longer yields and that have neither a roll call nor
 * a cancellation or rescheduling — the past, and what people did, is never rewritten. Callers check scope with the
 * {@code sessionId} / {@code offeringId} / {@code termId} owners.
 */
@Service
public class Sessions {

	/** Longest reason for a cancellation or rescheduling. */
	public static final int REASON_MAX = 200;

	/** What one generation did. */
	public record Generated(int offerings, int inserted, int removed) {

		Generated plus(Generated other) {
			return new Generated(offerings + other.offerings, inserted + other.inserted, removed + other.removed);
		}
	}

	/** The columns {@link #view} reads; queries may add their own after them. */
	static final String COLUMNS = """
			SELECT cs.id, cs.offering_id, o.name AS offering_name, o.venue, cs.term_id, cs.school_id, cs.session_date,
			  cs.starts_at, cs.ends_at, cs.timetable_weekday, cs.status, cs.reason, cs.rescheduled_from,
			  cs.roll_taken_at IS NOT NULL AS rolled""";

	static final String FROM = " FROM class_session cs JOIN offering o ON o.id = cs.offering_id";

	static final String VIEW = COLUMNS + FROM;

	/**
	 * SQL: the place {@code p} is a confirmed place that attends the session {@code cs} — for basic care with days the
	 * family chose, on the session's timetable weekday (so a 调休 Saturday following Monday counts Monday's children).
	 */
	static final String ATTENDING_PLACE = "p.offering_id = cs.offering_id AND p.status = 'CONFIRMED' "
			+ "AND (p.days IS NULL OR cardinality(p.days) = 0 OR cs.timetable_weekday = ANY(p.days))";

	private final JdbcClient jdbc;

	private final Offerings offerings;

	private final Terms terms;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	Sessions(JdbcClient jdbc, Offerings offerings, Terms terms, AuditLog audit, ApplicationEventPublisher events,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.offerings = offerings;
		this.terms = terms;
		this.audit = audit;
		this.events = events;
		this.tx = new TransactionTemplate(transactions);
	}

	/** Now, in the city's time zone: sessions are local dates and times. */
	public static LocalDateTime now() {
		return LocalDateTime.now(Terms.CITY_ZONE);
	}

	// --- generating ------------------------------------------------------------------------------------------------

	/** (Re)generates the future sessions of one offering; a cancelled offering's future sessions are cancelled. */
	public Generated generate(long offeringId) {
		return generate(offeringId, now());
	}

	Generated generate(long offeringId, LocalDateTime now) {
		OfferingView offering = offerings.find(offeringId)
			.orElseThrow(() -> new AttendanceRefused(Reason.NOT_FOUND, "no offering " + offeringId));
		if (offering.status() == OfferingStatus.CANCELLED) {
			return new Generated(1, 0, cancelFuture(offeringId, now));
		}
		if (offering.status() != OfferingStatus.PUBLISHED) {
			return new Generated(0, 0, 0);
		}
		return generate(offering, calendar(offering.termId()), now);
	}

	/** (Re)generates the future sessions of every published offering of a term (the command for a whole term). */
	public Generated generateTerm(long termId) {
		return generateTerm(termId, now());
	}

	Generated generateTerm(long termId, LocalDateTime now) {
		TermCalendar calendar = calendar(termId);
		Generated total = new Generated(0, 0, 0);
		for (OfferingView offering : offerings.timetable(termId)) {
			if (offering.status() == OfferingStatus.PUBLISHED) {
				total = total.plus(generate(offering, calendar, now));
			}
		}
		return total;
	}

	/** Records who asked for a term's generation and what it did. */
	public Generated generateTermAudited(long termId) {
		Generated done = generateTerm(termId);
		long schoolId = terms.findTerm(termId).orElseThrow().schoolId();
		audit.record(AuditLog.Entry.of("session.generate", "term", termId)
			.in(townOf(schoolId), schoolId)
			.detail("offerings=" + done.offerings() + " inserted=" + done.inserted() + " removed=" + done.removed()));
		return done;
	}

	private Generated generate(OfferingView offering, TermCalendar calendar, LocalDateTime now) {
		List<SessionPlan.Planned> plan = SessionPlan.of(calendar, offering.slots(), now.toLocalDate())
			.stream()
			.filter(p -> LocalDateTime.of(p.date(), p.starts()).isAfter(now))
			.toList();
		String[] dates = plan.stream().map(p -> p.date().toString()).toArray(String[]::new);
		String[] starts = plan.stream().map(p -> p.starts().toString()).toArray(String[]::new);
		String[] ends = plan.stream().map(p -> p.ends().toString()).toArray(String[]::new);
		Integer[] weekdays = plan.stream().map(SessionPlan.Planned::weekday).toArray(Integer[]::new);
		return Objects.requireNonNull(tx.execute(status -> {
			int removed = jdbc.sql("""
					DELETE FROM class_session cs WHERE cs.offering_id = :o AND cs.status = 'SCHEDULED'
					  AND cs.rescheduled_from IS NULL AND cs.roll_taken_at IS NULL
					  AND (cs.session_date > :d OR (cs.session_date = :d AND cs.starts_at > :t))
					  AND (cs.session_date, cs.starts_at, cs.ends_at) NOT IN (
					    SELECT * FROM unnest(CAST(:dates AS DATE[]), CAST(:starts AS TIME[]), CAST(:ends AS TIME[])))
					  AND NOT EXISTS (SELECT 1 FROM roll_call_request r WHERE r.session_id = cs.id)""")
				.param("o", offering.id())
				.param("d", now.toLocalDate())
				.param("t", now.toLocalTime())
				.param("dates", dates)
				.param("starts", starts)
				.param("ends", ends)
				.update();
			int inserted = jdbc.sql("""
					INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at,
					  timetable_weekday)
					SELECT :o, :term, :school, d, s, e, w FROM unnest(CAST(:dates AS DATE[]), CAST(:starts AS TIME[]),
					  CAST(:ends AS TIME[]), CAST(:weekdays AS SMALLINT[])) AS x(d, s, e, w)
					ON CONFLICT (offering_id, session_date, starts_at) DO NOTHING""")
				.param("o", offering.id())
				.param("term", offering.termId())
				.param("school", offering.schoolId())
				.param("dates", dates)
				.param("starts", starts)
				.param("ends", ends)
				.param("weekdays", weekdays)
				.update();
			return new Generated(1, inserted, removed);
		}));
	}

	private int cancelFuture(long offeringId, LocalDateTime now) {
		return jdbc.sql("""
				UPDATE class_session SET status = 'CANCELLED', reason = 'offering cancelled', updated_at = now()
				WHERE offering_id = :o AND status = 'SCHEDULED' AND roll_taken_at IS NULL
				  AND (session_date > :d OR (session_date = :d AND starts_at > :t))""")
			.param("o", offeringId)
			.param("d", now.toLocalDate())
			.param("t", now.toLocalTime())
			.update();
	}

	private TermCalendar calendar(long termId) {
		return terms.calendar(termId).orElseThrow(() -> new AttendanceRefused(Reason.NOT_FOUND, "no term " + termId));
	}

	// --- cancelling and rescheduling --------------------------------------------------------------------------------

	/**
	 * Cancels one session that has not been rolled (it is then not held and not charged).
	 *
	 * @throws IllegalArgumentException without a reason
	 * @throws AttendanceRefused when it is not scheduled or already rolled
	 */
	public SessionView cancel(long sessionId, @Nullable String reason) {
		String why = reason(reason);
		return Objects.requireNonNull(tx.execute(status -> {
			Locked s = lockChangeable(sessionId);
			jdbc.sql("UPDATE class_session SET status = 'CANCELLED', reason = :r, updated_at = now() WHERE id = :id")
				.param("r", why)
				.param("id", sessionId)
				.update();
			audit.record(AuditLog.Entry.of("session.cancel", "class_session", sessionId)
				.in(s.town(), s.school())
				.detail(s.date() + " " + s.starts() + ": " + why));
			events.publishEvent(new SessionCancelled(sessionId, s.offering(), s.school(), s.date(), s.starts(), why));
			return find(sessionId).orElseThrow();
		}));
	}

	/**
	 * Moves one session that has not been rolled to another date and time: a service day of the term, inside the
	 * school's daily service window, still to come. Its live leave moves with it.
	 *
	 * @throws IllegalArgumentException for missing or inverted times, or no reason
	 * @throws AttendanceRefused why not
	 */
	public SessionView reschedule(long sessionId, @Nullable LocalDate date, @Nullable LocalTime starts,
			@Nullable LocalTime ends, @Nullable String reason) {
		return reschedule(sessionId, date, starts, ends, reason, now());
	}

	SessionView reschedule(long sessionId, @Nullable LocalDate date, @Nullable LocalTime starts,
			@Nullable LocalTime ends, @Nullable String reason, LocalDateTime now) {
		if (date == null || starts == null || ends == null) {
			throw new IllegalArgumentException("date, starts and ends are required");
		}
		if (!ends.isAfter(starts)) {
			throw new IllegalArgumentException("a session must end after it starts");
		}
		String why = reason(reason);
		return Objects.requireNonNull(tx.execute(status -> {
			Locked s = lockChangeable(sessionId);
			if (!LocalDateTime.of(date, starts).isAfter(now)) {
				throw new AttendanceRefused(Reason.IN_THE_PAST, "the new time " + date + " " + starts + " has passed");
			}
			if (!calendar(s.term()).isServiceDay(date)) {
				throw new AttendanceRefused(Reason.NOT_A_SERVICE_DAY, date + " is not a service day of the term");
			}
			ServiceWindow window = offerings.window(s.term());
			if (starts.isBefore(window.starts()) || ends.isAfter(window.ends())) {
				throw new AttendanceRefused(Reason.OUTSIDE_WINDOW,
						starts + "–" + ends + " lies outside the service window " + window.starts() + "–" + window.ends());
			}
			refuseClash(sessionId, s, date, starts, ends);
			Long moved = jdbc.sql("""
					INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at,
					  timetable_weekday, reason, rescheduled_from)
					SELECT offering_id, term_id, school_id, :d, :a, :b, timetable_weekday, :r, id FROM class_session
					WHERE id = :id
					ON CONFLICT (offering_id, session_date, starts_at) DO NOTHING RETURNING id""")
				.param("d", date)
				.param("a", starts)
				.param("b", ends)
				.param("r", why)
				.param("id", sessionId)
				.query(Long.class)
				.optional()
				.orElseThrow(() -> new AttendanceRefused(Reason.TAKEN,
						"the offering already meets on " + date + " at " + starts));
			jdbc.sql("UPDATE class_session SET status = 'RESCHEDULED', reason = :r, updated_at = now() WHERE id = :id")
				.param("r", why)
				.param("id", sessionId)
				.update();
			jdbc.sql("UPDATE leave_session SET session_id = :n WHERE session_id = :id AND live")
				.param("n", moved)
				.param("id", sessionId)
				.update();
			audit.record(AuditLog.Entry.of("session.reschedule", "class_session", sessionId)
				.in(s.town(), s.school())
				.detail(s.date() + " " + s.starts() + " → " + date + " " + starts + "–" + ends + ": " + why));
			events.publishEvent(new SessionRescheduled(sessionId, moved, s.offering(), s.school(), s.date(), s.starts(),
					date, starts, ends));
			return find(moved).orElseThrow();
		}));
	}

	/**
	 * Refuses a new time at which the session's venue or one of its teachers is already taken by another scheduled
	 * session (any school, for a teacher). The weekly timetable is checked by selection's exclusion constraints; a
	 * moved session is a one-off, so it is checked here, under a transaction-scoped lock that serialises reschedulings
	 * (rare) so that two of them cannot both take the same room or teacher. The offering's own session at the same
	 * start is left to the insert's unique key ({@code TAKEN}).
	 */
	private void refuseClash(long sessionId, Locked s, LocalDate date, LocalTime starts, LocalTime ends) {
		jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('class_session.reschedule'))").query(Object.class).list();
		record Busy(boolean venue, boolean teacher) {
		}
		Busy busy = jdbc.sql("""
				SELECT coalesce(bool_or(venue), FALSE), coalesce(bool_or(teacher), FALSE) FROM (
				  SELECT other.school_id = :school AND EXISTS (
				      SELECT 1 FROM offering_slot a JOIN offering_slot b ON b.venue_key = a.venue_key
				      WHERE a.offering_id = :o AND b.offering_id = other.offering_id) AS venue,
				    EXISTS (SELECT 1 FROM offering_teacher t JOIN offering_teacher u ON u.teacher_key = t.teacher_key
				      WHERE t.offering_id = :o AND u.offering_id = other.offering_id) AS teacher
				  FROM class_session other
				  WHERE other.session_date = :d AND other.status = 'SCHEDULED' AND other.id <> :id
				    AND other.starts_at < :e AND other.ends_at > :a
				    AND NOT (other.offering_id = :o AND other.starts_at = :a)) x""")
			.param("o", s.offering())
			.param("school", s.school())
			.param("d", date)
			.param("a", starts)
			.param("e", ends)
			.param("id", sessionId)
			.query((rs, i) -> new Busy(rs.getBoolean(1), rs.getBoolean(2)))
			.single();
		if (busy.venue()) {
			throw new AttendanceRefused(Reason.VENUE_BUSY, "the venue is taken on " + date + " at " + starts);
		}
		if (busy.teacher()) {
			throw new AttendanceRefused(Reason.TEACHER_BUSY, "a teacher is taken on " + date + " at " + starts);
		}
	}

	private record Locked(long id, long offering, long term, long school, @Nullable Long town, LocalDate date,
			LocalTime starts) {
	}

	private Locked lockChangeable(long sessionId) {
		record Row(Locked locked, SessionStatus status, boolean rolled) {
		}
		Row row = jdbc.sql("""
				SELECT cs.id, cs.offering_id, cs.term_id, cs.school_id, s.town_id, cs.session_date, cs.starts_at,
				  cs.status, cs.roll_taken_at IS NOT NULL AS rolled
				FROM class_session cs JOIN school s ON s.id = cs.school_id WHERE cs.id = :id FOR UPDATE OF cs""")
			.param("id", sessionId)
			.query((rs, i) -> new Row(new Locked(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
					rs.getObject(5, Long.class), rs.getObject(6, LocalDate.class), rs.getObject(7, LocalTime.class)),
					SessionStatus.valueOf(rs.getString(8)), rs.getBoolean(9)))
			.optional()
			.orElseThrow(() -> new AttendanceRefused(Reason.NOT_FOUND, "no session " + sessionId));
		if (row.status() != SessionStatus.SCHEDULED) {
			throw new AttendanceRefused(Reason.NOT_SCHEDULED, "session " + sessionId + " is " + row.status());
		}
		if (row.rolled()) {
			throw new AttendanceRefused(Reason.ROLL_TAKEN, "session " + sessionId + " has a roll call");
		}
		return row.locked();
	}

	private static String reason(@Nullable String reason) {
		String r = reason == null ? "" : reason.strip();
		if (r.isEmpty() || r.length() > REASON_MAX) {
			throw new IllegalArgumentException("a reason of 1–" + REASON_MAX + " characters is required");
		}
		return r;
	}

	private @Nullable Long townOf(long schoolId) {
		return jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", schoolId).query(Long.class).optional()
			.orElse(null);
	}

	// --- reading ---------------------------------------------------------------------------------------------------

	public Optional<SessionView> find(long sessionId) {
		return jdbc.sql(VIEW + " WHERE cs.id = :id").param("id", sessionId).query(Sessions::view).optional();
	}

	/** An offering's sessions between two dates (both included), every status, in time order. */
	public List<SessionView> ofOffering(long offeringId, LocalDate from, LocalDate to) {
		return jdbc.sql(VIEW
				+ " WHERE cs.offering_id = :o AND cs.session_date BETWEEN :f AND :t ORDER BY cs.session_date, cs.starts_at")
			.param("o", offeringId)
			.param("f", from)
			.param("t", to)
			.query(Sessions::view)
			.list();
	}

	/**
	 * The sessions of a day that the user holds or oversees: a teacher's offerings (staff), an instructor's offerings
	 * (the account's linked instructor record; nothing for an instructor account not linked yet), every session of the
	 * school for its administrator and inspector; nothing for the others.
	 */
	public List<SessionView> ofDay(KehouUser user, LocalDate date) {
		String where = switch (user.role()) {
			case TEACHER -> " AND cs.offering_id IN (SELECT offering_id FROM offering_teacher WHERE staff_id = :anchor)";
			case INSTRUCTOR -> " AND cs.offering_id IN (SELECT offering_id FROM offering_teacher WHERE instructor_id = :anchor)";
			case SCHOOL_ADMIN, INSPECTOR -> " AND cs.school_id = :anchor";
			default -> null;
		};
		Long anchor = switch (user.role()) {
			case TEACHER -> user.staffId();
			case INSTRUCTOR -> user.instructorId();
			default -> user.scope().schoolId();
		};
		if (where == null || anchor == null) {
			return List.of();
		}
		return jdbc.sql(VIEW + " WHERE cs.session_date = :d" + where + " ORDER BY cs.starts_at, o.name, cs.id")
			.param("d", date)
			.param("anchor", anchor)
			.query(Sessions::view)
			.list();
	}

	static SessionView view(ResultSet rs, int row) throws SQLException {
		return new SessionView(rs.getLong("id"), rs.getLong("offering_id"), rs.getString("offering_name"),
				rs.getString("venue"), rs.getLong("term_id"), rs.getLong("school_id"),
				rs.getObject("session_date", LocalDate.class), rs.getObject("starts_at", LocalTime.class),
				rs.getObject("ends_at", LocalTime.class), rs.getInt("timetable_weekday"),
				SessionStatus.valueOf(rs.getString("status")), rs.getString("reason"),
				rs.getObject("rescheduled_from", Long.class), rs.getBoolean("rolled"));
	}
}
