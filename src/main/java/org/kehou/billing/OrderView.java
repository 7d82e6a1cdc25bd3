package org.kehou.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * An order as guardians and schools see it. The guardian's share is {@code charged - exempt}; what the guardian has
 * in it is {@code paid - refunded}; {@link #owedFen()} is what is still to pay.
 */
public record OrderView(long id, String orderNo, long studentId, String studentName, long termId, String termName,
		long schoolId, String schoolName, OrderStatus status, long chargedFen, long exemptFen, long paidFen,
		long refundedFen, Instant dueAt, boolean releasesPlaces, Instant createdAt, @Nullable Instant paidAt,
		@Nullable Instant closedAt, @Nullable String closeReason, List<Line> lines, List<PaymentView> payments,
		List<RefundView> refunds) {

	public OrderView {
		lines = List.copyOf(lines);
		payments = List.copyOf(payments);
		refunds = List.copyOf(refunds);
	}

	/** The guardian's share of what is charged now. */
	public long guardianShareFen() {
		return chargedFen - exemptFen;
	}

	/** Still to pay. */
	public long owedFen() {
		return Math.max(0, guardianShareFen() - (paidFen - refundedFen));
	}

	public boolean payable() {
		return status == OrderStatus.UNPAID && owedFen() > 0;
	}

	/**
	 * What a badge says: {@code EXEMPT} (fully exempted), {@code NOTHING_DUE} (open, but nothing charged is left to
	 * pay), else the status (message keys {@code billing.status.*}).
	 */
	public String statusKey() {
		if (exempted()) {
			return "EXEMPT";
		}
		return status == OrderStatus.UNPAID && owedFen() == 0 ? "NOTHING_DUE" : status.name();
	}

	/** Fully exempted: nothing for the guardian to pay. */
	public boolean exempted() {
		return chargedFen > 0 && guardianShareFen() == 0;
	}

	public Money owed() {
		return Money.ofFen(owedFen());
	}

	public Money guardianShare() {
		return Money.ofFen(guardianShareFen());
	}

	public Money charged() {
		return Money.ofFen(chargedFen);
	}

	public Money exempt() {
		return Money.ofFen(exemptFen);
	}

	public Money paid() {
		return Money.ofFen(paidFen);
	}

	public Money refunded() {
		return Money.ofFen(refundedFen);
	}

	/** One offering of the order with the credits of its lessons no longer charged. */
	public record Line(long id, long placeId, long offeringId, String name, @Nullable Long providerId,
			long feePerLessonFen, int lessons, long amountFen, @Nullable Long capFen, LocalDate fromDate,
			@Nullable String exemptionCategory, int exemptionPercent, long exemptPerLessonFen, int creditedLessons,
			@Nullable Instant endedAt, List<Credit> credits) {

		public Line {
			credits = List.copyOf(credits);
		}

		public Money feePerLesson() {
			return Money.ofFen(feePerLessonFen);
		}

		public Money amount() {
			return Money.ofFen(amountFen);
		}

		/** Lessons still charged. */
		public int chargedLessons() {
			return lessons - creditedLessons;
		}
	}

	/** Lessons of a line no longer charged. */
	public record Credit(long id, @Nullable Long sessionId, @Nullable LocalDate sessionDate, int lessons,
			CreditReason reason, long guardianFen, long fundFen, Instant createdAt) {

		public Money guardian() {
			return Money.ofFen(guardianFen);
		}
	}
}
