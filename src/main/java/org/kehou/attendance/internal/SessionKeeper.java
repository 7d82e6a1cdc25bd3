package org.kehou.attendance.internal;

import java.time.LocalDateTime;
import java.util.List;

import org.kehou.attendance.AttendanceProperties;
import org.kehou.attendance.RollCallOverdue;
import org.kehou.attendance.Sessions;
import org.kehou.organisation.TermCalendarChanged;
import org.kehou.selection.OfferingCancelled;
import org.kehou.selection.OfferingPublished;
import org.kehou.selection.OfferingRevised;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps sessions in step with offerings and calendars (a published, revised or cancelled offering; a changed term
 * calendar regenerates the term's future sessions) and, every minute, raises {@link RollCallOverdue} for today's held
 * sessions whose roll has not been taken {@code kehou.attendance.roll-overdue-minutes} after their start. The flag is set
 * by one conditional update, so with several nodes each session's alert is raised exactly once.
 */
@Component
class SessionKeeper {

	private static final Logger log = LoggerFactory.getLogger(SessionKeeper.class);

	private final Sessions sessions;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final AttendanceProperties properties;

	private final TransactionTemplate tx;

	SessionKeeper(Sessions sessions, JdbcClient jdbc, ApplicationEventPublisher events, AttendanceProperties properties,
			PlatformTransactionManager transactions) {
		this.tx = new TransactionTemplate(transactions);
		this.sessions = sessions;
		this.jdbc = jdbc;
		this.events = events;
		this.properties = properties;
	}

	@ApplicationModuleListener
	void on(OfferingPublished event) {
		sessions.generate(event.offeringId());
	}

	@ApplicationModuleListener
	void on(OfferingRevised event) {
		sessions.generate(event.offeringId());
	}

	@ApplicationModuleListener
	void on(OfferingCancelled event) {
		sessions.generate(event.offeringId());
	}

	@ApplicationModuleListener
	void on(TermCalendarChanged event) {
		sessions.generateTerm(event.termId());
	}

	@Scheduled(fixedDelayString = "${kehou.attendance.overdue-sweep:PT1M}", initialDelayString = "PT1M")
	void sweep() {
		int raised = raiseOverdue(Sessions.now());
		if (raised > 0) {
			log.info("Roll-call sweep: {} sessions overdue", raised);
		}
	}

	/**
	 * Flags and announces the overdue sessions of the day {@code roll-overdue-minutes} ago (today; never earlier days,
	 * whose unrolled sessions are history, not alerts); returns how many this call raised.
	 */
	int raiseOverdue(LocalDateTime now) {
		int minutes = properties.rollOverdueMinutes();
		LocalDateTime threshold = now.minusMinutes(minutes);
		return java.util.Objects.requireNonNull(tx.execute(status -> {
		List<RollCallOverdue> overdue = jdbc.sql("""
				UPDATE class_session SET overdue_alerted_at = now()
				WHERE session_date = :d AND starts_at <= :limit AND status = 'SCHEDULED' AND roll_taken_at IS NULL
				  AND overdue_alerted_at IS NULL
				RETURNING id, offering_id, school_id, session_date, starts_at""")
			.param("d", threshold.toLocalDate())
			.param("limit", threshold.toLocalTime())
			.query((rs, i) -> new RollCallOverdue(rs.getLong(1), rs.getLong(2), rs.getLong(3),
					rs.getObject(4, java.time.LocalDate.class), rs.getObject(5, java.time.LocalTime.class), minutes))
			.list();
		overdue.forEach(events::publishEvent);
		return overdue.size();
		}));
	}
}
