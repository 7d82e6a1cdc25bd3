package org.kehou.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.lowagie.text.Element;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;

/**
 * Receipts (收据) for guardians: one PDF per payment ({@code billing_payment}) with its receipt number, the school, the
 * child, the order and its lines, the exemption the special fund carries, the amount paid in figures and in Chinese
 * capitals ({@link RmbCapitals}), how it was paid, when (city time), and the refunds of the payment so far.
 */
@Service
public class Receipts {

	/** One line of the order: an offering, its lessons and fee. */
	public record ReceiptLine(String name, int lessons, Money feePerLesson, Money amount, int creditedLessons,
			@Nullable String exemptionCategory) {
	}

	/** A refund of the payment: decided ({@code PENDING}, being paid back) or {@code DONE}. */
	public record RefundLine(String refundNo, Money amount, String status, String reason, Instant decidedAt,
			@Nullable Instant doneAt) {
	}

	/**
	 * What a receipt shows.
	 *
	 * @param method ONLINE or OFFLINE
	 * @param offlineKind CASH or BANK_TRANSFER for an offline payment
	 * @param exemptionCategories the hardship categories of the order's exempted lines (e.g. SUBSISTENCE)
	 * @param exempt the part of the order's fee the special fund carries
	 */
	public record Receipt(long paymentId, String receiptNo, long schoolId, String schoolName, long studentId,
			String childName, String orderNo, String termName, List<ReceiptLine> lines, Money charged,
			List<String> exemptionCategories, Money exempt, Money amount, String method, @Nullable String gateway,
			@Nullable String transactionId, @Nullable String offlineKind, Instant paidAt, List<RefundLine> refunds) {

		public Receipt {
			lines = List.copyOf(lines);
			exemptionCategories = List.copyOf(exemptionCategories);
			refunds = List.copyOf(refunds);
		}

		/** The fee of the lines as ordered. */
		public Money ordered() {
			return lines.stream().map(ReceiptLine::amount).reduce(Money.ZERO, Money::plus);
		}

		/** The refunds paid back so far. */
		public Money refunded() {
			return refunds.stream().filter(r -> r.status().equals("DONE")).map(RefundLine::amount).reduce(Money.ZERO,
					Money::plus);
		}
	}

	private final JdbcClient jdbc;

	private final MessageSource messages;

	Receipts(JdbcClient jdbc, MessageSource messages) {
		this.jdbc = jdbc;
		this.messages = messages;
	}

	@Transactional(readOnly = true)
	public Optional<Receipt> receipt(long paymentId) {
		record Head(String receiptNo, long orderId, long schoolId, String schoolName, long studentId, String childName,
				String orderNo, String termName, long charged, long exempt, long amount, String method,
				@Nullable String gateway, @Nullable String transactionId, @Nullable String offlineKind, Instant paidAt) {
		}
		Optional<Head> head = jdbc.sql("""
				SELECT p.receipt_no, o.id AS order_id, o.school_id, sc.name AS school_name, st.id AS student_id,
				  st.name AS child_name, o.order_no, t.name AS term_name, o.charged_fen, o.exempt_fen, p.amount_fen,
				  p.method, p.gateway, p.transaction_id, p.offline_kind, p.paid_at
				FROM billing_payment p JOIN billing_order o ON o.id = p.order_id JOIN school sc ON sc.id = o.school_id
				JOIN student st ON st.id = o.student_id JOIN term t ON t.id = o.term_id WHERE p.id = :id""")
			.param("id", paymentId)
			.query((rs, i) -> new Head(rs.getString("receipt_no"), rs.getLong("order_id"), rs.getLong("school_id"),
					rs.getString("school_name"), rs.getLong("student_id"), rs.getString("child_name"),
					rs.getString("order_no"), rs.getString("term_name"), rs.getLong("charged_fen"),
					rs.getLong("exempt_fen"), rs.getLong("amount_fen"), rs.getString("method"), rs.getString("gateway"),
					rs.getString("transaction_id"), rs.getString("offline_kind"), rs.getTimestamp("paid_at").toInstant()))
			.optional();
		return head.map(h -> {
			List<ReceiptLine> lines = jdbc.sql("""
					SELECT name, lessons, fee_per_lesson_fen, amount_fen, credited_lessons,
					  CASE WHEN exemption_percent > 0 THEN exemption_category END AS category
					FROM billing_order_line WHERE order_id = :o ORDER BY id""")
				.param("o", h.orderId())
				.query((rs, i) -> new ReceiptLine(rs.getString("name"), rs.getInt("lessons"),
						Money.ofFen(rs.getLong("fee_per_lesson_fen")), Money.ofFen(rs.getLong("amount_fen")),
						rs.getInt("credited_lessons"), rs.getString("category")))
				.list();
			List<String> categories = lines.stream()
				.map(ReceiptLine::exemptionCategory)
				.filter(c -> c != null)
				.map(c -> (String) c)
				.distinct()
				.toList();
			List<RefundLine> refunds = jdbc.sql("""
					SELECT refund_no, amount_fen, status, reason, created_at, done_at FROM billing_refund
					WHERE payment_id = :p ORDER BY created_at, id""")
				.param("p", paymentId)
				.query((rs, i) -> {
					Timestamp done = rs.getTimestamp("done_at");
					return new RefundLine(rs.getString("refund_no"), Money.ofFen(rs.getLong("amount_fen")),
							rs.getString("status"), rs.getString("reason"), rs.getTimestamp("created_at").toInstant(),
							done == null ? null : done.toInstant());
				})
				.list();
			return new Receipt(paymentId, h.receiptNo(), h.schoolId(), h.schoolName(), h.studentId(), h.childName(),
					h.orderNo(), h.termName(), lines, Money.ofFen(h.charged()), categories, Money.ofFen(h.exempt()),
					Money.ofFen(h.amount()), h.method(), h.gateway(), h.transactionId(), h.offlineKind(), h.paidAt(),
					refunds);
		});
	}

	/** The receipt as a PDF, labels in {@code locale} (the amount in capitals is always Chinese). */
	@Transactional(readOnly = true)
	public Optional<byte[]> pdf(long paymentId, Locale locale) {
		Settlements.Texts t = new Settlements.Texts(messages, locale);
		return receipt(paymentId).map(r -> pdf(r, t));
	}

	static byte[] pdf(Receipt r, Settlements.Texts t) {
		return Pdf.a4(false, document -> {
			Paragraph title = new Paragraph(t.get("settlement.receipt.title"), Pdf.bold(18));
			title.setAlignment(Element.ALIGN_CENTER);
			document.add(title);
			Paragraph number = new Paragraph(t.get("settlement.receipt.number", r.receiptNo()), Pdf.font(10));
			number.setAlignment(Element.ALIGN_RIGHT);
			document.add(number);

			PdfPTable head = SettlementDocuments.table(new float[] { 1, 2, 1, 2 });
			SettlementDocuments.label(head, t.get("settlement.school"));
			SettlementDocuments.value(head, r.schoolName());
			SettlementDocuments.label(head, t.get("settlement.receipt.child"));
			SettlementDocuments.value(head, r.childName());
			SettlementDocuments.label(head, t.get("settlement.receipt.order"));
			SettlementDocuments.value(head, r.orderNo());
			SettlementDocuments.label(head, t.get("settlement.receipt.term"));
			SettlementDocuments.value(head, r.termName());
			document.add(head);

			PdfPTable lines = SettlementDocuments.table(new float[] { 5, 1.5f, 2, 2 });
			for (String h : new String[] { "settlement.receipt.item", "settlement.col.lessons", "settlement.col.fee",
					"settlement.col.amount" }) {
				SettlementDocuments.label(lines, t.get(h));
			}
			for (ReceiptLine l : r.lines()) {
				SettlementDocuments.value(lines, l.name());
				SettlementDocuments.number(lines, String.valueOf(l.lessons()));
				SettlementDocuments.number(lines, l.feePerLesson().toString());
				SettlementDocuments.number(lines, l.amount().toString());
			}
			PdfPCell sum = new PdfPCell(new Phrase(t.get("settlement.receipt.ordered"), Pdf.bold(9)));
			sum.setColspan(3);
			lines.addCell(sum);
			SettlementDocuments.number(lines, r.ordered().toString());
			document.add(lines);

			PdfPTable money = SettlementDocuments.table(new float[] { 2, 5 });
			if (r.exempt().fen() > 0) {
				SettlementDocuments.label(money, t.get("settlement.receipt.exemption"));
				String categories = String.join("、",
						r.exemptionCategories().stream().map(c -> t.get("settlement.hardship." + c)).toList());
				SettlementDocuments.value(money, t.get("settlement.receipt.exemptionDetail",
						categories.isEmpty() ? "—" : categories, r.exempt()));
			}
			SettlementDocuments.label(money, t.get("settlement.receipt.paid"));
			PdfPCell paid = new PdfPCell(new Phrase(r.amount().toString(), Pdf.bold(12)));
			money.addCell(paid);
			SettlementDocuments.label(money, t.get("settlement.receipt.capitals"));
			money.addCell(new PdfPCell(new Phrase(RmbCapitals.of(r.amount()), Pdf.bold(12))));
			SettlementDocuments.label(money, t.get("settlement.receipt.method"));
			SettlementDocuments.value(money, method(r, t));
			SettlementDocuments.label(money, t.get("settlement.receipt.paidAt"));
			SettlementDocuments.value(money, SettlementDocuments.at(r.paidAt()));
			if (!r.refunds().isEmpty()) {
				SettlementDocuments.label(money, t.get("settlement.receipt.refunds"));
				StringBuilder text = new StringBuilder();
				for (RefundLine f : r.refunds()) {
					if (!text.isEmpty()) {
						text.append('\n');
					}
					text.append(t.get("settlement.receipt.refundLine", f.amount(),
							t.get("settlement.receipt.refund." + f.status()),
							SettlementDocuments.at(f.doneAt() != null ? f.doneAt() : f.decidedAt()), f.reason()));
				}
				text.append('\n').append(t.get("settlement.receipt.refunded", r.refunded()));
				SettlementDocuments.value(money, text.toString());
			}
			document.add(money);
			document.add(new Paragraph(t.get("settlement.receipt.footer"), Pdf.font(8)));
		});
	}

	private static String method(Receipt r, Settlements.Texts t) {
		if (r.method().equals("ONLINE")) {
			String gateway = r.gateway() == null ? "" : r.gateway();
			String name = t.messages().getMessage("settlement.receipt.gateway." + gateway, null, gateway, t.locale());
			return t.get("settlement.receipt.online", name, r.transactionId());
		}
		return t.get("settlement.receipt.offline." + r.offlineKind());
	}
}
