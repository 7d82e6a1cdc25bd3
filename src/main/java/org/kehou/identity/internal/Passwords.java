package org.kehou.identity.internal;

import java.security.SecureRandom;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changing one's own password, and the temporary passwords administrators hand out. Both audited. */
@Service
public class Passwords {

	private static final String ALPHABET_LETTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

	private static final String ALPHABET_DIGITS = "23456789";

	private final JdbcClient jdbc;

	private final PasswordEncoder encoder;

	private final AuditLog audit;

	private final SecureRandom random = new SecureRandom();

	Passwords(JdbcClient jdbc, PasswordEncoder encoder, AuditLog audit) {
		this.jdbc = jdbc;
		this.encoder = encoder;
		this.audit = audit;
	}

	private record Stored(@Nullable String username, @Nullable String passwordHash, @Nullable Long townId,
			@Nullable Long schoolId) {
	}

	/**
	 * Sets a new password for the account if the current one is right (accounts without a password, e.g. guardians
	 * who sign in by code, need none) and the new one meets the {@link PasswordPolicy}; clears
	 * {@code must_change_password}.
	 *
	 * @return the message key of the problem, empty when the password was changed
	 */
	@Transactional
	public Optional<String> change(long userId, @Nullable String current, String next, String confirmation) {
		Stored stored = jdbc.sql("SELECT username, password_hash, town_id, school_id FROM app_user WHERE id = :id FOR UPDATE")
			.param("id", userId)
			.query(Stored.class)
			.single();
		if (stored.passwordHash() != null && (current == null || !encoder.matches(current, stored.passwordHash()))) {
			audit.record(AuditLog.Entry.of("account.password-change", "user", userId)
				.in(stored.townId(), stored.schoolId())
				.detail("wrong current password")
				.outcome(AuditLog.Outcome.FAILED));
			return Optional.of("identity.password.error.current");
		}
		if (!next.equals(confirmation)) {
			return Optional.of("identity.password.error.mismatch");
		}
		Optional<String> broken = PasswordPolicy.check(next, stored.username());
		if (broken.isPresent()) {
			return broken;
		}
		if (stored.passwordHash() != null && encoder.matches(next, stored.passwordHash())) {
			return Optional.of("identity.password.error.same");
		}
		jdbc.sql("UPDATE app_user SET password_hash = :hash, must_change_password = FALSE WHERE id = :id")
			.param("hash", encoder.encode(next))
			.param("id", userId)
			.update();
		audit.record(AuditLog.Entry.of("account.password-change", "user", userId).in(stored.townId(), stored.schoolId()));
		return Optional.empty();
	}

	/** A random password of 10 letters and digits (no look-alikes such as 0/O, 1/l). */
	String temporaryPassword() {
		char[] chars = new char[10];
		for (int i = 0; i < chars.length; i++) {
			String from = i % 3 == 2 ? ALPHABET_DIGITS : ALPHABET_LETTERS;
			chars[i] = from.charAt(random.nextInt(from.length()));
		}
		return new String(chars);
	}

	String encode(String password) {
		return encoder.encode(password);
	}
}
