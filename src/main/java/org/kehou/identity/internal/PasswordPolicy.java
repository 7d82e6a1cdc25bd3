package org.kehou.identity.internal;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What a new password must be: at least 8 characters, letters and digits, not the login name. (Not equal to the
 * old one is checked against the stored hash by {@link Passwords}.)
 */
public final class PasswordPolicy {

	public static final int MIN_LENGTH = 8;

	private PasswordPolicy() {
	}

	/** @return the message key of the first rule broken, empty when the password is acceptable */
	public static Optional<String> check(String password, @Nullable String username) {
		if (password.length() < MIN_LENGTH) {
			return Optional.of("identity.password.error.short");
		}
		boolean letter = password.codePoints().anyMatch(Character::isLetter);
		boolean digit = password.codePoints().anyMatch(c -> c >= '0' && c <= '9');
		if (!letter || !digit) {
			return Optional.of("identity.password.error.letters-digits");
		}
		if (username != null && password.trim().toLowerCase(Locale.ROOT).equals(username.trim().toLowerCase(Locale.ROOT))) {
			return Optional.of("identity.password.error.username");
		}
		return Optional.empty();
	}
}
