package org.kehou.identity;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-in rules.
 *
 * @param maxFailedAttempts wrong passwords in a row after which an account (or an unknown login name) is locked
 * @param lockDuration how long it stays locked
 * @param code one-time sign-in codes sent by SMS
 */
@Validated
@ConfigurationProperties("kehou.identity")
public record IdentityProperties(@DefaultValue("5") @Min(1) int maxFailedAttempts,
		@DefaultValue("PT15M") Duration lockDuration, @DefaultValue @Valid OneTimeCode code) {

	/**
	 * @param validity how long a code may be used
	 * @param maxAttempts wrong entries after which the code is dead
	 * @param resendInterval at most one code per phone number within this interval
	 */
	public record OneTimeCode(@DefaultValue("PT5M") Duration validity, @DefaultValue("5") @Min(1) int maxAttempts,
			@DefaultValue("PT60S") Duration resendInterval) {
	}
}
