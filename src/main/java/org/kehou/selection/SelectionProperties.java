package org.kehou.selection;

import java.time.LocalTime;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the selection module.
 *
 * @param offWorkTime parents' usual off-work time (下班时间) of the 5+2 rule: the after-school service lasts at least
 * two hours a school day and ends no earlier than this time, so a basic care offering must last until it on each of
 * its days (default 17:30)
 */
@ConfigurationProperties("kehou.selection")
public record SelectionProperties(@Nullable LocalTime offWorkTime) {

	public SelectionProperties {
		if (offWorkTime == null) {
			offWorkTime = LocalTime.of(17, 30);
		}
	}

	public LocalTime offWork() {
		return java.util.Objects.requireNonNull(offWorkTime);
	}
}
