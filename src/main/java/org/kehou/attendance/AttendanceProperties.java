package org.kehou.attendance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.attendance.*}.
 *
 * @param rollOverdueMinutes minutes after a session's start without a roll call before {@link RollCallOverdue}
 */
@ConfigurationProperties("kehou.attendance")
public record AttendanceProperties(@DefaultValue("15") int rollOverdueMinutes) {

	public AttendanceProperties {
		if (rollOverdueMinutes < 1) {
			throw new IllegalArgumentException("kehou.attendance.roll-overdue-minutes must be at least 1");
		}
	}
}
