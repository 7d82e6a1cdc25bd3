package org.kehou.shared;

/**
 * Display forms of personal data: 138****5678 for a mobile number, 440***********1234 for an ID number. Pages and
 * exports show these unless a role asks for the full value (and that view is audited).
 */
public final class Masking {

	private Masking() {
	}

	public static String phone(String phone) {
		String p = normalisePhone(phone);
		if (p.length() < 7) {
			return "*".repeat(p.length());
		}
		return p.substring(0, 3) + "*".repeat(p.length() - 7) + p.substring(p.length() - 4);
	}

	public static String idNumber(String idNumber) {
		String n = idNumber.trim().toUpperCase(java.util.Locale.ROOT);
		if (n.length() < 8) {
			return "*".repeat(n.length());
		}
		return n.substring(0, 3) + "*".repeat(n.length() - 7) + n.substring(n.length() - 4);
	}

	/** Digits only, without a leading +86/0086 country code. */
	public static String normalisePhone(String phone) {
		String digits = phone.replaceAll("[^0-9]", "");
		if (digits.startsWith("0086")) {
			digits = digits.substring(4);
		}
		else if (digits.startsWith("86") && digits.length() == 13) {
			digits = digits.substring(2);
		}
		return digits;
	}

	/** An 18-character ID number (17 digits and a digit or X), not inside a longer run of digits. */
	private static final java.util.regex.Pattern ID_IN_TEXT = java.util.regex.Pattern
		.compile("(?<![0-9A-Za-z])[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx](?![0-9A-Za-z])");

	/** A mainland mobile number written with optional +86 and spaces or dashes between the groups. */
	private static final java.util.regex.Pattern MOBILE_IN_TEXT = java.util.regex.Pattern
		.compile("(?<!\\d)(?:(?:\\+|00)86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d){8}(?!\\d)");

	/** A landline with area code: 0xx(x)-xxxxxxx(x). */
	private static final java.util.regex.Pattern LANDLINE_IN_TEXT = java.util.regex.Pattern
		.compile("(?<!\\d)0\\d{2,3}[\\s-]?\\d{7,8}(?!\\d)");

	/** A bank card number: 16 to 19 digits, optionally in groups of four. */
	private static final java.util.regex.Pattern CARD_IN_TEXT = java.util.regex.Pattern
		.compile("(?<!\\d)\\d{4}(?:[\\s-]?\\d{4}){3}(?:[\\s-]?\\d{1,3})?(?!\\d)");

	/** An e-mail address. */
	private static final java.util.regex.Pattern EMAIL_IN_TEXT = java.util.regex.Pattern
		.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

	/**
	 * Free text (a rating's comment, a complaint) with the personal data it contains masked before anyone else sees it:
	 * ID numbers and mobile numbers in their display forms, landlines, bank card numbers and e-mail addresses replaced
	 * by asterisks (the last four digits of a number kept). Idempotent: masked text stays as it is.
	 */
	public static String screen(String text) {
		String out = ID_IN_TEXT.matcher(text).replaceAll(m -> idNumber(m.group()));
		out = MOBILE_IN_TEXT.matcher(out).replaceAll(m -> phone(m.group()));
		out = CARD_IN_TEXT.matcher(out).replaceAll(m -> keepLastFour(m.group()));
		out = LANDLINE_IN_TEXT.matcher(out).replaceAll(m -> keepLastFour(m.group()));
		out = EMAIL_IN_TEXT.matcher(out).replaceAll(m -> "***" + m.group().substring(m.group().indexOf('@')));
		return out;
	}

	private static String keepLastFour(String number) {
		String digits = number.replaceAll("[^0-9]", "");
		return "*".repeat(Math.max(0, digits.length() - 4)) + digits.substring(Math.max(0, digits.length() - 4));
	}

	/** A mainland mobile number: 11 digits starting with 1[3-9]. */
	public static boolean isMobile(String phone) {
		return normalisePhone(phone).matches("1[3-9]\\d{9}");
	}
}
