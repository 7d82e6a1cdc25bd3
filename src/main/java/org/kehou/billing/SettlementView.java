package org.kehou.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * A settlement statement's head: who settles with whom for which period, where it stands and the figures of its
 * last computation (final once approved).
 *
 * @param month the calendar month settled, or null for the whole term
 * @param from the period's first day (the month's first day or the term's start, whichever is later)
 * @param to the period's last day
 * @param computedTo sessions up to this day were counted
 * @param postingId the ledger posting of an approved statement (null for a zero amount)
 */
public record SettlementView(long id, long providerId, String providerName, long schoolId, String schoolName,
		@Nullable Long townId, long termId, String termName, @Nullable YearMonth month, LocalDate from, LocalDate to,
		SettlementStatus status, int sessionsGiven, int childLessons, Money total, Money credits, Instant computedAt,
		LocalDate computedTo, @Nullable String createdBy, Instant createdAt, @Nullable String submittedBy,
		@Nullable Instant submittedAt, @Nullable String decidedBy, @Nullable Instant decidedAt,
		@Nullable String returnReason, @Nullable Long postingId) {

	/** Whether the period has ended by {@code today} (city time): only then may it be submitted and approved. */
	public boolean over(LocalDate today) {
		return to.isBefore(today);
	}
}
