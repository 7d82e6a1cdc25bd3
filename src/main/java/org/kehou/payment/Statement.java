package org.kehou.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A gateway's daily bill (对账单), in the shape of WeChat Pay's trade bill: a CSV file whose header names the
 * columns, one line per payment ({@code SUCCESS}) and per refund ({@code REFUND}), every value prefixed with a
 * back-quote (as WeChat does, so spreadsheets keep long numbers as text), amounts in yuan with two decimals, times in
 * Beijing time; then a summary header and line. Columns (docs/payment.md):
 * <pre>
 * 交易时间,支付订单号,商户订单号,交易状态,订单金额,退款单号,商户退款单号,退款金额,商品名称
 * 总交易单数,应结订单总金额,退款总金额
 * </pre>
 * {@link #csv()} writes it, {@link #parse(String)} reads it back (what reconciliation will do with the file).
 */
public record Statement(LocalDate date, List<Line> lines) {

	public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	static final String HEADER = "交易时间,支付订单号,商户订单号,交易状态,订单金额,退款单号,商户退款单号,退款金额,商品名称";

	static final String SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	public Statement {
		lines = List.copyOf(lines);
	}

	/** One line of the bill. For a payment the refund fields are null and {@code refundFen} 0. */
	public record Line(Instant time, String transactionId, String merchantOrderNo, Type type, long orderFen,
			@Nullable String refundId, @Nullable String merchantRefundNo, long refundFen, String description) {
	}

	/** 交易状态: a payment or a refund. */
	public enum Type {
		SUCCESS, REFUND
	}

	/** The sum of the payments' amounts. */
	public long paidFen() {
		return lines.stream().filter(l -> l.type() == Type.SUCCESS).mapToLong(Line::orderFen).sum();
	}

	public long refundedFen() {
		return lines.stream().filter(l -> l.type() == Type.REFUND).mapToLong(Line::refundFen).sum();
	}

	public String csv() {
		StringBuilder out = new StringBuilder(HEADER).append('\n');
		for (Line l : lines) {
			out.append(String.join(",", "`" + TIME.format(LocalDateTime.ofInstant(l.time(), ZONE)), "`" + l.transactionId(),
					"`" + l.merchantOrderNo(), "`" + l.type(), "`" + yuan(l.orderFen()),
					"`" + (l.refundId() == null ? "" : l.refundId()),
					"`" + (l.merchantRefundNo() == null ? "" : l.merchantRefundNo()), "`" + yuan(l.refundFen()),
					"`" + l.description().replace(',', '，').replace('\n', ' ')))
				.append('\n');
		}
		out.append(SUMMARY_HEADER).append('\n');
		out.append("`").append(lines.stream().filter(l -> l.type() == Type.SUCCESS).count()).append(",`")
			.append(yuan(paidFen())).append(",`").append(yuan(refundedFen())).append('\n');
		return out.toString();
	}

	/** Reads a bill written by {@link #csv()} (or a gateway in the same format). */
	public static Statement parse(LocalDate date, String csv) {
		List<Line> lines = new ArrayList<>();
		String[] rows = csv.split("\r?\n");
		if (rows.length == 0 || !rows[0].equals(HEADER)) {
			throw new IllegalArgumentException("not a statement: the first line must be " + HEADER);
		}
		for (int i = 1; i < rows.length && !rows[i].equals(SUMMARY_HEADER); i++) {
			String[] f = rows[i].split(",", -1);
			if (f.length != 9) {
				throw new IllegalArgumentException("statement line " + (i + 1) + " has " + f.length + " fields, not 9");
			}
			for (int k = 0; k < f.length; k++) {
				f[k] = f[k].startsWith("`") ? f[k].substring(1) : f[k];
			}
			lines.add(new Line(LocalDateTime.parse(f[0], TIME).atZone(ZONE).toInstant(), f[1], f[2], Type.valueOf(f[3]),
					fen(f[4]), f[5].isEmpty() ? null : f[5], f[6].isEmpty() ? null : f[6], fen(f[7]), f[8]));
		}
		return new Statement(date, lines);
	}

	private static String yuan(long fen) {
		return BigDecimal.valueOf(fen, 2).toPlainString();
	}

	private static long fen(String yuan) {
		return new BigDecimal(yuan).movePointRight(2).longValueExact();
	}
}
