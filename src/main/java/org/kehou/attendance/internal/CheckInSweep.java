package org.kehou.attendance.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.kehou.attendance.CheckInMissing;
import org.kehou.attendance.CheckInProperties;
import org.kehou.attendance.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every minute, raises {@link CheckInMissing} for today's held sessions taught by external instructors of whom at
 * least one has not checked in {@code kehou.attendance.check-in-missing-minutes} (default 10) after the start. The
 * alert row ({@code check_in_missing_alert}, primary key the session) is inserted with {@code ON CONFLICT DO NOTHING}
 * in the same transaction as the event publication, so with several nodes each session is reported exactly once.
 */
@Component
@EnableConfigurationProperties(CheckInProperties.class)
class CheckInSweep {

	private static final Logger log = LoggerFactory.getLogger(CheckInSweep.class);

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final CheckInProperties properties;

	private final TransactionTemplate tx;

	CheckInSweep(JdbcClient jdbc, ApplicationEventPublisher events, CheckInProperties properties,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.events = events;
		this.properties = properties;
		this.tx = new TransactionTemplate(transactions);
	}

	@Scheduled(fixedDelayString = "${kehou.attendance.check-in-sweep:PT1M}", initialDelayString = "PT1M")
	void sweep() {
		int raised = raiseMissing(Sessions.now());
		if (raised > 0) {
			log.info("Check-in sweep: {} sessions without their instructor's check-in", raised);
		}
	}

	/**
	 * Flags and announces the sessions of the day {@code check-in-missing-minutes} ago that started at least that long
	 * ago without every instructor's check-in (today only: earlier days are history); returns how many this call raised.
	 */
	int raiseMissing(LocalDateTime now) {
		int minutes = properties.checkInMissingMinutes();
		LocalDateTime threshold = now.minusMinutes(minutes);
		return Objects.requireNonNull(tx.execute(status -> {
			List<CheckInMissing> missing = jdbc.sql("""
					WITH due AS (
					  SELECT cs.id, cs.offering_id, cs.school_id, cs.session_date, cs.starts_at,
					    ARRAY(SELECT t.instructor_id FROM offering_teacher t
					          WHERE t.offering_id = cs.offering_id AND t.instructor_id IS NOT NULL
					            AND NOT EXISTS (SELECT 1 FROM instructor_check_in c
					                            WHERE c.session_id = cs.id AND c.instructor_id = t.instructor_id)
					          ORDER BY t.instructor_id) AS absent
					  FROM class_session cs
					  WHERE cs.session_date = :d AND cs.starts_at <= :limit AND cs.status = 'SCHEDULED'
					    AND NOT EXISTS (SELECT 1 FROM check_in_missing_alert a WHERE a.session_id = cs.id)),
					flagged AS (
					  INSERT INTO check_in_missing_alert (session_id)
					  SELECT id FROM due WHERE cardinality(absent) > 0
					  ON CONFLICT DO NOTHING RETURNING session_id)
					SELECT due.id, due.offering_id, due.school_id, due.session_date, due.starts_at, due.absent
					FROM due JOIN flagged f ON f.session_id = due.id ORDER BY due.starts_at, due.id""")
				.param("d", threshold.toLocalDate())
				.param("limit", threshold.toLocalTime())
				.query((rs, i) -> new CheckInMissing(rs.getLong(1), rs.getLong(2), rs.getLong(3),
						rs.getObject(4, LocalDate.class), rs.getObject(5, LocalTime.class), minutes,
						Arrays.asList((Long[]) rs.getArray(6).getArray())))
				.list();
			missing.forEach(events::publishEvent);
			return missing.size();
		}));
	}
}
