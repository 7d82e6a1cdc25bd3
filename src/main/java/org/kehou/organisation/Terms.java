package org.kehou.organisation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schools' terms (学期) and their calendars. A closed term is read-only; the calendar's own rules are kept by
 * {@link TermCalendar}.
 */
@Service
@Transactional(readOnly = true)
public class Terms {

	/** The city's time zone: "today" for a school. */
	public static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");

	private static final String SELECT_TERM = """
			SELECT id, school_id, name, school_year, semester, starts_on, ends_on, status FROM term
			""";

	private record DayRow(LocalDate day, DayKind kind, @Nullable Integer followsWeekday, @Nullable String note) {

		CalendarDay toDay() {
			return new CalendarDay(day, kind, followsWeekday == null ? null : DayOfWeek.of(followsWeekday), note);
		}
	}

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	Terms(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.events = events;
	}

	public Optional<TermView> findTerm(long termId) {
		return jdbc.sql(SELECT_TERM + " WHERE id = :id").param("id", termId).query(TermView.class).optional();
	}

	/** The terms of a school, latest first. */
	public List<TermView> termsOf(long schoolId) {
		return jdbc.sql(SELECT_TERM + " WHERE school_id = :school ORDER BY starts_on DESC")
			.param("school", schoolId)
			.query(TermView.class)
			.list();
	}

	/** The school's term (not closed) that contains {@code date}; the latest to start if terms overlap. */
	public Optional<TermView> currentTerm(long schoolId, LocalDate date) {
		return jdbc.sql(SELECT_TERM + """
				 WHERE school_id = :school AND status <> 'CLOSED' AND :date BETWEEN starts_on AND ends_on
				ORDER BY starts_on DESC, id DESC LIMIT 1""")
			.param("school", schoolId)
			.param("date", date)
			.query(TermView.class)
			.optional();
	}

	/** The school's term that contains today (in the city's time zone). */
	public Optional<TermView> currentTerm(long schoolId) {
		return currentTerm(schoolId, LocalDate.now(CITY_ZONE));
	}

	/** The calendar of a term with all its exceptions. */
	public Optional<TermCalendar> calendar(long termId) {
		return findTerm(termId).map(this::calendarOf);
	}

	private TermCalendar calendarOf(TermView term) {
		List<CalendarDay> days = jdbc.sql("""
				SELECT day, kind, follows_weekday, note FROM term_day WHERE term_id = :term ORDER BY day""")
			.param("term", term.id())
			.query(DayRow.class)
			.stream()
			.map(DayRow::toDay)
			.toList();
		return new TermCalendar(term.startsOn(), term.endsOn(), days);
	}

	/**
	 * Plans a new term for a school.
	 *
	 * @throws IllegalArgumentException for an unknown school
	 * @throws IllegalStateException when the school already has that semester or a term overlapping the dates
	 */
	@Transactional
	public TermView create(long schoolId, NewTerm term) {
		// Lock the school: terms of one school are created one at a time, so the overlap check holds.
		jdbc.sql("SELECT id FROM school WHERE id = :id FOR UPDATE")
			.param("id", schoolId)
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("unknown school " + schoolId));
		long overlapping = jdbc.sql("""
				SELECT count(*) FROM term WHERE school_id = :school AND starts_on <= :ends AND ends_on >= :starts""")
			.param("school", schoolId)
			.param("starts", term.startsOn())
			.param("ends", term.endsOn())
			.query(Long.class)
			.single();
		if (overlapping > 0) {
			throw new IllegalStateException("the school already has a term between " + term.startsOn() + " and "
					+ term.endsOn());
		}
		long id;
		try {
			id = jdbc.sql("""
					INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on)
					VALUES (:school, :name, :year, :semester, :starts, :ends) RETURNING id""")
				.param("school", schoolId)
				.param("name", term.name())
				.param("year", term.schoolYear())
				.param("semester", term.semester())
				.param("starts", term.startsOn())
				.param("ends", term.endsOn())
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			throw new IllegalStateException(
					"the school already has semester " + term.semester() + " of " + term.schoolYear());
		}
		audit.record(AuditLog.Entry.of("term.create", "term", id)
			.in(townOf(schoolId), schoolId)
			.detail(term.schoolYear() + "/" + term.semester() + " " + term.startsOn() + "–" + term.endsOn()));
		return findTerm(id).orElseThrow();
	}

	/**
	 * Adds an exception to a term calendar, replacing one already recorded for that day.
	 *
	 * @throws IllegalArgumentException for an unknown term or a day the calendar refuses
	 * @throws IllegalStateException when the term is closed
	 */
	@Transactional
	public TermCalendar setDay(long termId, CalendarDay day) {
		TermView term = lockOpenTerm(termId);
		TermCalendar calendar = calendarOf(term).with(day);
		jdbc.sql("""
				INSERT INTO term_day (term_id, day, kind, follows_weekday, note)
				VALUES (:term, :day, :kind, :follows, :note)
				ON CONFLICT (term_id, day) DO UPDATE
				SET kind = EXCLUDED.kind, follows_weekday = EXCLUDED.follows_weekday, note = EXCLUDED.note""")
			.param("term", termId)
			.param("day", day.date())
			.param("kind", day.kind().name())
			.param("follows", day.follows() == null ? null : day.follows().getValue())
			.param("note", day.note())
			.update();
		recordChange(term, "term.set-day", day.date(),
				day.kind() + (day.follows() == null ? "" : " follows " + day.follows()));
		return calendar;
	}

	/**
	 * Removes the exception of {@code date}: the day becomes a regular day again.
	 *
	 * @return false when the calendar had no exception that day
	 * @throws IllegalStateException when the term is closed
	 */
	@Transactional
	public boolean removeDay(long termId, LocalDate date) {
		TermView term = lockOpenTerm(termId);
		int removed = jdbc.sql("DELETE FROM term_day WHERE term_id = :term AND day = :day")
			.param("term", termId)
			.param("day", date)
			.update();
		if (removed == 0) {
			return false;
		}
		recordChange(term, "term.remove-day", date, null);
		return true;
	}

	/**
	 * Opens a planned term (selection and service may start).
	 *
	 * @throws IllegalStateException unless the term is planned
	 */
	@Transactional
	public TermView open(long termId) {
		return transition(lock(termId), TermStatus.OPEN, "term.open");
	}

	/**
	 * Closes a term: its calendar becomes read-only.
	 *
	 * @throws IllegalStateException when the term is already closed
	 */
	@Transactional
	public TermView close(long termId) {
		TermView closed = transition(lock(termId), TermStatus.CLOSED, "term.close");
		events.publishEvent(new TermClosed(termId, closed.schoolId()));
		return closed;
	}

	private TermView transition(TermView term, TermStatus to, String action) {
		if (!term.status().canBecome(to)) {
			throw new IllegalStateException("term " + term.id() + " is " + term.status() + " and cannot become " + to);
		}
		jdbc.sql("""
				UPDATE term SET status = :to, closed_at = CASE WHEN :to = 'CLOSED' THEN now() END WHERE id = :id""")
			.param("to", to.name())
			.param("id", term.id())
			.update();
		audit.record(AuditLog.Entry.of(action, "term", term.id())
			.in(townOf(term.schoolId()), term.schoolId())
			.detail(term.status() + " -> " + to));
		return findTerm(term.id()).orElseThrow();
	}

	private TermView lock(long termId) {
		return jdbc.sql(SELECT_TERM + " WHERE id = :id FOR UPDATE")
			.param("id", termId)
			.query(TermView.class)
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("unknown term " + termId));
	}

	private TermView lockOpenTerm(long termId) {
		TermView term = lock(termId);
		if (!term.status().calendarEditable()) {
			throw new IllegalStateException("term " + termId + " is closed; its calendar can no longer change");
		}
		return term;
	}

	private void recordChange(TermView term, String action, LocalDate date, @Nullable String detail) {
		audit.record(AuditLog.Entry.of(action, "term", term.id())
			.in(townOf(term.schoolId()), term.schoolId())
			.detail(detail == null ? date.toString() : date + " " + detail));
		events.publishEvent(new TermCalendarChanged(term.id(), term.schoolId(), date));
	}

	private @Nullable Long townOf(long schoolId) {
		List<@Nullable Long> town = jdbc.sql("SELECT town_id FROM school WHERE id = :id")
			.param("id", schoolId)
			.query(Long.class)
			.list();
		return town.isEmpty() ? null : town.get(0);
	}
}
