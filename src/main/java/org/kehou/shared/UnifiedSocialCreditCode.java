package org.kehou.shared;

import java.util.Locale;

/**
 * The 18-character unified social credit code of organisations (统一社会信用代码, GB 32100-2015): characters from
 * 0-9 and the capital letters without I, O, S, V, Z; the last one a check character (mod 31).
 */
public final class UnifiedSocialCreditCode {

	/** The code's alphabet; a character's value is its index. */
	static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

	private static final int[] WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

	private UnifiedSocialCreditCode() {
	}

	public static String normalise(String value) {
		return value.strip().toUpperCase(Locale.ROOT);
	}

	public static boolean isValid(String value) {
		String code = normalise(value);
		if (code.length() != 18) {
			return false;
		}
		for (int i = 0; i < 18; i++) {
			if (CHARSET.indexOf(code.charAt(i)) < 0) {
				return false;
			}
		}
		return code.charAt(17) == checkCharacter(code.substring(0, 17));
	}

	/**
	 * @param first17 the first 17 characters
	 * @throws IllegalArgumentException when they are not 17 characters of the code's alphabet
	 */
	public static char checkCharacter(String first17) {
		if (first17.length() != 17) {
			throw new IllegalArgumentException("17 characters expected");
		}
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			int value = CHARSET.indexOf(first17.charAt(i));
			if (value < 0) {
				throw new IllegalArgumentException("not a credit code character: " + first17.charAt(i));
			}
			sum += value * WEIGHTS[i];
		}
		return CHARSET.charAt((31 - sum % 31) % 31);
	}
}
