package org.kehou.payment.internal;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.payment.sandbox.*}: how the sandbox gateway behaves.
 *
 * @param retrySchedule the wait before each further notification attempt after a failed one (WeChat Pay's schedule:
 *        15s 15s 30s 3m 10m 20m 30m 30m 30m 60m 3h 3h 3h 6h 6h — 16 attempts over about 24 hours)
 * @param sweep how often due notifications are looked for (a restart resumes from the table)
 * @param timestampTolerance how far a notification's timestamp may be from the verifier's clock
 * @param requestTimeout how long one HTTP attempt may take
 * @param threads threads sending notifications (per node)
 * @param simulation the switches every new sandbox order starts with (each order's can then be changed)
 */
@ConfigurationProperties("kehou.payment.sandbox")
public record SandboxProperties(
		@DefaultValue({ "15s", "15s", "30s", "3m", "10m", "20m", "30m", "30m", "30m", "60m", "3h", "3h", "3h", "6h",
				"6h" }) List<Duration> retrySchedule,
		@DefaultValue("PT5S") Duration sweep, @DefaultValue("PT5M") Duration timestampTolerance,
		@DefaultValue("PT5S") Duration requestTimeout, @DefaultValue("2") int threads,
		@DefaultValue Simulation simulation) {

	/**
	 * What the sandbox does wrong on purpose with an order's payment notification.
	 *
	 * @param duplicate deliver the notification twice
	 * @param delay wait this long before the first attempt
	 * @param drop never send it (the platform must query)
	 * @param failFirst let the first N attempts fail (not sent; retried on the schedule)
	 * @param forge also send one copy signed with a key that is not the gateway's
	 * @param tamper also send one copy whose amount was changed after signing
	 */
	public record Simulation(@DefaultValue("false") boolean duplicate, @DefaultValue("PT0S") Duration delay,
			@DefaultValue("false") boolean drop, @DefaultValue("0") int failFirst,
			@DefaultValue("false") boolean forge, @DefaultValue("false") boolean tamper) {

		public static final Simulation NONE = new Simulation(false, Duration.ZERO, false, 0, false, false);
	}
}
