package org.kehou.identity.internal;

import org.kehou.identity.AuditLog;
import org.kehou.identity.IdentityProperties;
import org.kehou.identity.PersonalDataCipher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts wrong passwords atomically in SQL and locks after {@code kehou.identity.max-failed-attempts} in a row for
 * {@code kehou.identity.lock-duration}. Login names that match no account are counted the same way (in
 * {@code login_throttle}, by keyed hash), so "locked" is no hint that an account exists. An expired lock starts a
 * fresh count; a successful sign-in or an administrator's unlock resets it.
 * <p>
 * Failures are counted from Spring Security's {@link AuthenticationFailureBadCredentialsEvent}, so every way of
 * presenting a password (the login form, HTTP Basic on the API) counts.
 */
@Component
class SignInAttempts {

	private final JdbcClient jdbc;

	private final PersonalDataCipher cipher;

	private final IdentityProperties properties;

	private final Accounts accounts;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	SignInAttempts(JdbcClient jdbc, PersonalDataCipher cipher, IdentityProperties properties, Accounts accounts,
			AuditLog audit, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.properties = properties;
		this.accounts = accounts;
		this.audit = audit;
		this.tx = tx;
	}

	@EventListener
	void on(AuthenticationFailureBadCredentialsEvent event) {
		String login = event.getAuthentication().getName();
		if (login == null || login.isBlank()) {
			return;
		}
		tx.executeWithoutResult(s -> accounts.find(login).ifPresentOrElse(user -> {
			boolean nowLocked = failedForAccount(user.id());
			audit.record(AuditLog.Entry.of("login", "user", user.id())
				.in(user.scope().townId(), user.scope().schoolId())
				.detail(nowLocked ? "wrong password; account locked" : "wrong password")
				.outcome(AuditLog.Outcome.FAILED));
		}, () -> failedForUnknownName(login)));
	}

	/** Whether the login name (of an account, or unknown) is locked now. */
	boolean isLocked(String login) {
		Boolean account = accounts.find(login)
			.map(user -> !user.isAccountNonLocked())
			.orElse(null);
		if (account != null) {
			return account;
		}
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM login_throttle WHERE login_hash = :hash AND locked_until > now())")
			.param("hash", cipher.loginHash(login))
			.query(Boolean.class)
			.single();
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
