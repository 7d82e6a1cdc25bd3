package org.kehou.identity;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.internal.OneTimeCodes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Proves that somebody holds a mobile phone, for other modules' self-service (e.g. a provider registering its
 * account): a 6-digit code by SMS ({@link OneTimeCodeSender}), stored and limited like sign-in codes (validity,
 * attempts, one code per number per resend interval), plus at most {@value #MAX_PER_ADDRESS} codes per client address
 * per hour (counted in {@code login_throttle} under a keyed hash of the address). In the demo the code is also shown
 * ({@link OneTimeCodeDisplay}).
 */
@Service
public class PhoneVerification {

	public static final int MAX_PER_ADDRESS = 10;

	public enum Status {
		SENT, TOO_SOON, TOO_MANY, INVALID
	}

	/** @param demoCode the code, only in demo mode */
	public record Sent(Status status, @Nullable String demoCode) {
	}

	private final OneTimeCodes codes;

	private final JdbcClient jdbc;

	private final PersonalDataCipher cipher;

	PhoneVerification(OneTimeCodes codes, JdbcClient jdbc, PersonalDataCipher cipher) {
		this.codes = codes;
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	/**
	 * @param template the SMS template, e.g. {@code register-code} (parameters {@code code}, {@code minutes})
	 * @param clientAddress the caller's address, for the per-address limit
	 */
	public Sent send(String phone, String template, String clientAddress) {
		int count = jdbc.sql("""
				INSERT INTO login_throttle AS t (login_hash, failed_attempts, locked_until)
				VALUES (:hash, 1, now() + INTERVAL '1 hour')
				ON CONFLICT (login_hash) DO UPDATE SET
				  failed_attempts = CASE WHEN t.locked_until <= now() THEN 1 ELSE t.failed_attempts + 1 END,
				  locked_until = CASE WHEN t.locked_until <= now() THEN now() + INTERVAL '1 hour' ELSE t.locked_until END,
				  updated_at = now()
				RETURNING failed_attempts""")
			.param("hash", cipher.throttleHash("verify-address:" + clientAddress))
			.query(Integer.class)
			.single();
		if (count > MAX_PER_ADDRESS) {
			return new Sent(Status.TOO_MANY, null);
		}
		OneTimeCodes.SendResult result = codes.sendVerification(phone.trim(), template);
		return new Sent(switch (result.status()) {
			case SENT -> Status.SENT;
			case TOO_SOON -> Status.TOO_SOON;
			case INVALID -> Status.INVALID;
		}, result.demoCode());
	}

	/** Whether the code is the newest one sent to the number (and still usable); a match uses it up. */
	public boolean verify(String phone, String code) {
		return codes.checkVerification(phone.trim(), code);
	}
}
