package org.kehou.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of renminbi in fen (分), immutable. Arithmetic that can produce a fraction of a fen rounds explicitly,
 * half up to the fen ({@link RoundingMode#HALF_UP}); nothing is ever rounded silently.
 */
public record Money(long fen) implements Comparable<Money> {

	public static final Money ZERO = new Money(0);

	private static final Pattern TEXT = Pattern.compile("\\s*(-)?\\s*[¥￥]?\\s*(\\d{1,13})(?:\\.(\\d{1,2}))?\\s*(?:元)?\\s*");

	public static Money ofFen(long fen) {
		return new Money(fen);
	}

	/** Yuan with at most two decimals; more decimals are refused rather than rounded. */
	public static Money ofYuan(BigDecimal yuan) {
		try {
			return new Money(yuan.movePointRight(2).longValueExact());
		}
		catch (ArithmeticException e) {
			throw new IllegalArgumentException("not a whole number of fen: " + yuan, e);
		}
	}

	/** Parses {@code ¥2.50}, {@code 2.5}, {@code 30}, {@code 2.50元}. */
	public static Money parse(String text) {
		Matcher m = TEXT.matcher(text);
		if (!m.matches()) {
			throw new IllegalArgumentException("not an amount of money: " + text);
		}
		String decimals = m.group(3) == null ? "00" : (m.group(3) + "0").substring(0, 2);
		long fen = Math.addExact(Math.multiplyExact(Long.parseLong(m.group(2)), 100), Long.parseLong(decimals));
		return new Money(m.group(1) == null ? fen : -fen);
	}

	public Money plus(Money other) {
		return new Money(Math.addExact(fen, other.fen));
	}

	public Money minus(Money other) {
		return new Money(Math.subtractExact(fen, other.fen));
	}

	public Money times(long factor) {
		return new Money(Math.multiplyExact(fen, factor));
	}

	/** This amount × {@code numerator / denominator}, rounded half up to the fen: ¥2.50 per 45 min → 60 min = ¥3.33. */
	public Money prorate(long numerator, long denominator) {
		if (denominator <= 0) {
			throw new IllegalArgumentException("denominator must be positive: " + denominator);
		}
		BigDecimal exact = BigDecimal.valueOf(fen).multiply(BigDecimal.valueOf(numerator));
		return new Money(exact.divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_UP).longValueExact());
	}

	public boolean isGreaterThan(Money other) {
		return fen > other.fen;
	}

	public boolean isNegative() {
		return fen < 0;
	}

	public Money min(Money other) {
		return fen <= other.fen ? this : other;
	}

	public BigDecimal yuan() {
		return BigDecimal.valueOf(fen, 2);
	}

	@Override
	public int compareTo(Money other) {
		return Long.compare(fen, other.fen);
	}

	/** {@code ¥2.50}, {@code -¥0.05}. */
	@Override
	public String toString() {
		return (fen < 0 ? "-¥" : "¥") + BigDecimal.valueOf(Math.abs(fen), 2).toPlainString();
	}
}
