package org.kehou.billing;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * A settlement statement in full: per offering and per session what was given and earned, and the credits of the
 * period (information). {@code frozen}: the lines stored at approval; otherwise computed now.
 */
public record Statement(SettlementView settlement, List<OfferingPart> offerings, List<CreditLine> credits,
		boolean frozen) {

	/**
	 * One session of the period.
	 *
	 * @param checkIns the instructors who checked in and when (city time), e.g. {@code 陈思远 15:25}; empty if none
	 * @param children the children charged for it (given sessions only)
	 */
	public record SessionLine(long sessionId, LocalDate date, LocalTime starts, LocalTime ends, SessionState state,
			@Nullable String reason, String checkIns, int children, Money amount) {
	}

	/** The provider's offering at the school with its sessions of the period. */
	public record OfferingPart(long offeringId, String name, Money feePerLesson, List<SessionLine> sessions) {

		public OfferingPart {
			sessions = List.copyOf(sessions);
		}

		public long count(SessionState state) {
			return sessions.stream().filter(s -> s.state() == state).count();
		}

		public int childLessons() {
			return sessions.stream().mapToInt(SessionLine::children).sum();
		}

		public Money amount() {
			return sessions.stream().map(SessionLine::amount).reduce(Money.ZERO, Money::plus);
		}
	}

	/**
	 * A credit of one of the provider's order lines in the period: lessons no longer charged to a child (a cancelled
	 * session, approved leave, withdrawal…). The amount is the full fee of those lessons (guardian's and fund's share).
	 *
	 * @param reason CANCELLED, LEAVE, WITHDRAWN, EXPIRED or PROVIDER_EXIT
	 */
	public record CreditLine(long creditId, LocalDate date, String offeringName, String childName, String reason,
			int lessons, Money amount) {
	}

	public Statement {
		offerings = List.copyOf(offerings);
		credits = List.copyOf(credits);
	}

	public long count(SessionState state) {
		return offerings.stream().mapToLong(o -> o.count(state)).sum();
	}

	public int childLessons() {
		return offerings.stream().mapToInt(OfferingPart::childLessons).sum();
	}

	/** What the provider earns for the period: the given sessions' amounts. */
	public Money total() {
		return offerings.stream().map(OfferingPart::amount).reduce(Money.ZERO, Money::plus);
	}

	public Money creditsTotal() {
		return credits.stream().map(CreditLine::amount).reduce(Money.ZERO, Money::plus);
	}
}
