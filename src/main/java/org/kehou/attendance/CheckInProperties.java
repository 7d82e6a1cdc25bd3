package org.kehou.attendance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.attendance.check-in-missing-minutes}: minutes after a session's start without the instructor's
 * check-in before {@link CheckInMissing} (default 10).
 */
@ConfigurationProperties("kehou.attendance")
public record CheckInProperties(@DefaultValue("10") int checkInMissingMinutes) {

	public CheckInProperties {
		if (checkInMissingMinutes < 1) {
			throw new IllegalArgumentException("kehou.attendance.check-in-missing-minutes must be at least 1");
		}
	}
}
