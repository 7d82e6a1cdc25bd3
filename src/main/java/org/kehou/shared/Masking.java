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

	/** A mainland mobile number: 11 digits starting with 1[3-9]. */
	public static boolean isMobile(String phone) {
		return normalisePhone(phone).matches("1[3-9]\\d{9}");
	}
}
