package org.kehou.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in rules.
 *
 * @param maxFailedAttempts wrong passwords in a row after which an account (or an unknown login name) is locked
 * @param lockDuration how long it stays locked
 * @param code one-time sign-in codes sent by SMS
 */
@ConfigurationProperties("kehou.identity")
public record IdentityProperties(@DefaultValue("5") int maxFailedAttempts, @DefaultValue("PT15M") Duration lockDuration,
		@DefaultValue OneTimeCode code) {

	/**
	 * @param validity how long a code may be used
	 * @param maxAttempts wrong entries after which the code is dead
	 * @param resendInterval at most one code per phone number within this interval
	 */
	public record OneTimeCode(@DefaultValue("PT5M") Duration validity, @DefaultValue("5") int maxAttempts,
			@DefaultValue("PT60S") Duration resendInterval) {
	}
}
