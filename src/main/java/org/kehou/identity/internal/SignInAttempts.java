package org.kehou.identity.internal;

import org.kehou.identity.IdentityProperties;
import org.kehou.identity.PersonalDataCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts wrong passwords atomically in SQL and locks after {@code kehou.identity.max-failed-attempts} in a row for
 * {@code kehou.identity.lock-duration}. Login names that match no account are counted the same way (in
 * {@code login_throttle}, by keyed hash), so "locked" is no hint that an account exists. An expired lock starts a
 * fresh count; a successful sign-in or an administrator's unlock resets it.
 */
@Component
class SignInAttempts {

	private final JdbcClient jdbc;

	private final PersonalDataCipher cipher;

	private final IdentityProperties properties;

	SignInAttempts(JdbcClient jdbc, PersonalDataCipher cipher, IdentityProperties properties) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.properties = properties;
	}

	/** @return whether the account is now locked */
	boolean failedForAccount(long userId) {
		return jdbc.sql("""
				UPDATE app_user SET
				  failed_attempts = CASE WHEN locked_until <= now() THEN 1 ELSE failed_attempts + 1 END,
				  locked_until = CASE
				    WHEN locked_until > now() THEN locked_until
				    WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_attempts + 1 END) >= :max
				      THEN now() + :seconds * INTERVAL '1 second'
				    ELSE NULL END
				WHERE id = :id
				RETURNING coalesce(locked_until > now(), FALSE)""")
			.param("max", properties.maxFailedAttempts())
			.param("seconds", properties.lockDuration().toSeconds())
			.param("id", userId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** @return whether the (unknown) login name is now locked */
	boolean failedForUnknownName(String login) {
		return jdbc.sql("""
				INSERT INTO login_throttle AS t (login_hash, failed_attempts, locked_until)
				VALUES (:hash, 1, CASE WHEN 1 >= :max THEN now() + :seconds * INTERVAL '1 second' END)
				ON CONFLICT (login_hash) DO UPDATE SET
				  failed_attempts = CASE WHEN t.locked_until <= now() THEN 1 ELSE t.failed_attempts + 1 END,
				  locked_until = CASE
				    WHEN t.locked_until > now() THEN t.locked_until
				    WHEN (CASE WHEN t.locked_until <= now() THEN 1 ELSE t.failed_attempts + 1 END) >= :max
				      THEN now() + :seconds * INTERVAL '1 second'
				    ELSE NULL END,
				  updated_at = now()
				RETURNING coalesce(locked_until > now(), FALSE)""")
			.param("hash", cipher.loginHash(login))
			.param("max", properties.maxFailedAttempts())
			.param("seconds", properties.lockDuration().toSeconds())
			.query(Boolean.class)
			.single();
	}

	void succeeded(long userId) {
		jdbc.sql("UPDATE app_user SET failed_attempts = 0, locked_until = NULL, last_login_at = now() WHERE id = :id")
			.param("id", userId)
			.update();
	}

	void unlock(long userId) {
		jdbc.sql("UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = :id")
			.param("id", userId)
			.update();
	}
}
