package org.kehou.attendance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.attendance.pickup-*} (the pickup part of the attendance settings).
 *
 * @param pickupLateMinutes minutes after a session's end before a child present and not yet released raises
 * {@link PickupLate}
 */
@ConfigurationProperties("kehou.attendance")
public record PickupProperties(@DefaultValue("15") int pickupLateMinutes) {

	public PickupProperties {
		if (pickupLateMinutes < 1) {
			throw new IllegalArgumentException("kehou.attendance.pickup-late-minutes must be at least 1");
		}
	}
}
