package org.kehou.attendance.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

import org.kehou.attendance.PickupLate;
import org.kehou.attendance.PickupProperties;
import org.kehou.attendance.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every minute, raises {@link PickupLate} for each child marked present or late in a session of today that ended
 * {@code kehou.attendance.pickup-late-minutes} ago and has not been released. Each (session, child) is claimed by one
 * {@code INSERT … ON CONFLICT DO NOTHING RETURNING} into {@code pickup_late_alert} in the same transaction as the event
 * publication, so with several nodes each alert is raised exactly once. Sessions that ended more than
 * {@value #WINDOW_HOURS} hours before the threshold are history, not alerts (e.g. after a node was down).
 */
@Component
class PickupSweep {

	static final int WINDOW_HOURS = 2;

	private static final Logger log = LoggerFactory.getLogger(PickupSweep.class);

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final PickupProperties properties;

	private final TransactionTemplate tx;

	PickupSweep(JdbcClient jdbc, ApplicationEventPublisher events, PickupProperties properties,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.events = events;
		this.properties = properties;
		this.tx = new TransactionTemplate(transactions);
	}

	@Scheduled(fixedDelayString = "${kehou.attendance.pickup-sweep:PT1M}",
			initialDelayString = "${kehou.attendance.pickup-sweep:PT1M}")
	void sweep() {
		int raised = raiseLate(Sessions.now());
		if (raised > 0) {
			log.info("Pickup sweep: {} children not picked up", raised);
		}
	}

	/** Claims and announces the children not released {@code pickup-late-minutes} after the end; returns how many. */
	int raiseLate(LocalDateTime now) {
		int minutes = properties.pickupLateMinutes();
		LocalDateTime threshold = now.minusMinutes(minutes);
		LocalDateTime earliest = threshold.minusHours(WINDOW_HOURS);
		LocalTime after = earliest.toLocalDate().equals(threshold.toLocalDate()) ? earliest.toLocalTime() : LocalTime.MIN;
		return Objects.requireNonNull(tx.execute(status -> {
			List<PickupLate> late = jdbc.sql("""
					WITH raised AS (
					  INSERT INTO pickup_late_alert (session_id, student_id)
					  SELECT m.session_id, m.student_id FROM class_session cs JOIN roll_call_mark m ON m.session_id = cs.id
					  WHERE cs.session_date = :d AND cs.ends_at <= :limit AND cs.ends_at >= :after AND cs.status = 'SCHEDULED'
					    AND m.mark IN ('PRESENT', 'LATE')
					    AND NOT EXISTS (SELECT 1 FROM pickup_release r WHERE r.session_id = m.session_id AND r.student_id = m.student_id)
					    AND NOT EXISTS (SELECT 1 FROM pickup_late_alert a WHERE a.session_id = m.session_id AND a.student_id = m.student_id)
					  ON CONFLICT DO NOTHING
					  RETURNING session_id, student_id)
					SELECT r.session_id, cs.offering_id, cs.school_id, r.student_id, cs.session_date, cs.ends_at
					FROM raised r JOIN class_session cs ON cs.id = r.session_id ORDER BY r.session_id, r.student_id""")
				.param("d", threshold.toLocalDate())
				.param("limit", threshold.toLocalTime())
				.param("after", after)
				.query((rs, i) -> new PickupLate(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
						rs.getObject(5, LocalDate.class), rs.getObject(6, LocalTime.class), minutes))
				.list();
			late.forEach(events::publishEvent);
			return late.size();
		}));
	}
}
