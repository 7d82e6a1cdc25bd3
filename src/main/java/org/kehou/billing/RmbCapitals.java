package org.kehou.billing;

import org.kehou.shared.Money;

/**
 * An amount of renminbi in Chinese capitals (人民币大写), as receipts and cheques write it (中国人民银行《支付结算办法》附
 * 正确填写票据和结算凭证的基本规定):
 * <ul>
 * <li>digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟, 万, 亿 (and 万亿); a ten is always 壹拾 (¥10.00 → 壹拾元整);</li>
 * <li>zeros inside the number are written once as 零 (¥1,001 → 壹仟零壹元整; ¥100,000,001 → 壹亿零壹元整), zeros at
 * the end of a group of four are not (¥20,003,400 → 贰仟万叁仟肆佰元整);</li>
 * <li>an amount ending at 元 ends with 整 (¥360.00 → 叁佰陆拾元整; ¥0.00 → 零元整), one ending at 角 or 分 does not;</li>
 * <li>when the 角 is zero and the 分 is not, 零 stands between 元 and 分 (¥100.05 → 壹佰元零伍分); with no 元 there
 * is no 零 (¥0.01 → 壹分, ¥0.50 → 伍角).</li>
 * </ul>
 * Only whole numbers of fen below ten thousand 万亿 (10<sup>16</sup> yuan) and not negative.
 */
public final class RmbCapitals {

	private static final char[] DIGITS = "零壹贰叁肆伍陆柒捌玖".toCharArray();

	private static final String[] SMALL = { "", "拾", "佰", "仟" };

	private static final long LIMIT_YUAN = 10_000_000_000_000_000L; // 10^16: four groups of four digits

	private RmbCapitals() {
	}

	public static String of(Money money) {
		return of(money.fen());
	}

	public static String of(long fen) {
		if (fen < 0) {
			throw new IllegalArgumentException("a negative amount has no capitals: " + fen);
		}
		long yuan = fen / 100;
		int jiao = (int) (fen / 10 % 10);
		int cents = (int) (fen % 10);
		if (yuan >= LIMIT_YUAN) {
			throw new IllegalArgumentException("too large for capitals: " + fen + " fen");
		}
		StringBuilder out = new StringBuilder();
		if (yuan > 0) {
			out.append(whole(yuan)).append('元');
		}
		if (jiao == 0 && cents == 0) {
			return (yuan == 0 ? "零元" : out.toString()) + "整";
		}
		if (jiao > 0) {
			out.append(DIGITS[jiao]).append('角');
		}
		else if (yuan > 0) {
			out.append('零');
		}
		if (cents > 0) {
			out.append(DIGITS[cents]).append('分');
		}
		return out.toString();
	}

	/** A positive whole number of yuan, without the 元. */
	static String whole(long yuan) {
		String digits = Long.toString(yuan);
		int n = digits.length();
		StringBuilder out = new StringBuilder();
		boolean zero = false; // a zero is pending: written before the next non-zero digit
		boolean groupHasDigit = false;
		for (int i = 0; i < n; i++) {
			int digit = digits.charAt(i) - '0';
			int power = n - 1 - i;
			int inGroup = power % 4;
			int group = power / 4;
			if (digit == 0) {
				zero = true;
			}
			else {
				if (zero && !out.isEmpty()) {
					out.append('零');
				}
				zero = false;
				groupHasDigit = true;
				out.append(DIGITS[digit]).append(SMALL[inGroup]);
			}
			if (inGroup == 0 && group > 0) {
				// the end of a group of four: its unit (万, 亿, 万 of 万亿) after a non-zero group, whose own trailing
				// zeros it absorbs; a wholly zero group keeps its zero pending (壹亿零壹), and 亿 is written even
				// then when 万亿 stands before it (壹万亿)
				if (groupHasDigit) {
					out.append(group == 2 ? '亿' : '万');
					zero = false;
				}
				else if (group == 2) {
					out.append('亿');
				}
				groupHasDigit = false;
			}
		}
		return out.toString();
	}
}
