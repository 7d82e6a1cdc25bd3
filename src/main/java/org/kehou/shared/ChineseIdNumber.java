package org.kehou.shared;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The 18-character resident identity number (GB 11643): region, birth date, sequence, ISO 7064 check digit. */
public final class ChineseIdNumber {

	private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

	private static final char[] CHECK = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

	private ChineseIdNumber() {
	}

	public static String normalise(String value) {
		return value.trim().toUpperCase(Locale.ROOT);
	}

	public static boolean isValid(String value) {
		String n = normalise(value);
		if (!n.matches("\\d{17}[0-9X]")) {
			return false;
		}
		try {
			LocalDate.parse(n.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
		}
		catch (DateTimeParseException e) {
			return false;
		}
		return n.charAt(17) == checkDigit(n.substring(0, 17));
	}

	public static char checkDigit(String first17) {
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (first17.charAt(i) - '0') * WEIGHTS[i];
		}
		return CHECK[sum % 11];
	}

	public static LocalDate birthDate(String value) {
		return LocalDate.parse(normalise(value).substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
	}

	/** The 17th digit is odd for men, even for women. */
	public static char gender(String value) {
		return (normalise(value).charAt(16) - '0') % 2 == 1 ? 'M' : 'F';
	}
}
