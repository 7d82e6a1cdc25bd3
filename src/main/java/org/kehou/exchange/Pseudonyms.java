package org.kehou.exchange;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.ChineseIdNumber;

/**
 * The student pseudonym of the exchange standard: a student is never sent with an ID number, only with
 *
 * <pre>
 * studentPseudonym = lower-case hex HMAC-SHA256(key = UTF-8 bytes of the city-issued key,
 *                                               message = UTF-8 bytes of the normalised ID number)
 * </pre>
 *
 * where the normalised ID number is the number trimmed, with a lower-case {@code x} check digit in upper case
 * ({@link ChineseIdNumber#normalise}). Every platform of the city uses the same key, so one student has one pseudonym
 * city-wide and the city can count students without learning who they are. The key comes from
 * {@code kehou.exchange.pseudonym-key} (environment {@code KEHOU_EXCHANGE_PSEUDONYM_KEY}); none is in the repository.
 */
public final class Pseudonyms {

	/** The shortest key accepted (characters). */
	public static final int MIN_KEY_LENGTH = 16;

	private final @Nullable SecretKeySpec key;

	/** Pseudonyms under a city-issued key; a blank key gives an unconfigured instance that refuses to hash. */
	public Pseudonyms(@Nullable String key) {
		if (key == null || key.isBlank()) {
			this.key = null;
			return;
		}
		if (key.length() < MIN_KEY_LENGTH) {
			throw new IllegalArgumentException(
					"kehou.exchange.pseudonym-key must have at least " + MIN_KEY_LENGTH + " characters");
		}
		this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/** Whether a key is configured. */
	public boolean configured() {
		return key != null;
	}

	/**
	 * The pseudonym of a student's ID number.
	 * @throws IllegalArgumentException when the number is not a valid 18-character resident identity number
	 * @throws IllegalStateException when no key is configured
	 */
	public String of(String idNumber) {
		if (!ChineseIdNumber.isValid(idNumber)) {
			throw new IllegalArgumentException("Not a valid resident identity number");
		}
		SecretKeySpec k = key;
		if (k == null) {
			throw new IllegalStateException(
					"No pseudonym key: set kehou.exchange.pseudonym-key (KEHOU_EXCHANGE_PSEUDONYM_KEY) to the key the city issued");
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(k);
			return HexFormat.of()
				.formatHex(mac.doFinal(ChineseIdNumber.normalise(idNumber).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is not available", e);
		}
	}

	/** Whether a value has the form of a pseudonym (64 lower-case hex digits). */
	public static boolean isPseudonym(String value) {
		return value.matches("[0-9a-f]{64}");
	}
}
