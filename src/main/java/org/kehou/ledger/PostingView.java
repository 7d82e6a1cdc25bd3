package org.kehou.ledger;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * A posting as a scoped reader sees it: every leg, but the owner of an account outside the reader's scope is
 * withheld ({@code visible} false, no owner id, no name).
 */
public record PostingView(long id, PostingKind kind, String reference, String description, Instant occurredAt,
		Instant recordedAt, @Nullable Long reversesId, List<LegView> legs) {

	/** One leg: the account's kind, owner (when visible) and name, the side and amount. */
	public record LegView(int line, AccountKind kind, @Nullable Long ownerId, @Nullable String ownerName, boolean visible,
			Side side, Money amount) {
	}

	public PostingView {
		legs = List.copyOf(legs);
	}

	private static final java.time.format.DateTimeFormatter CITY_TIME = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(java.time.ZoneId.of("Asia/Shanghai"));

	/** When it happened, in the city's time (for pages). */
	public String occurredInCity() {
		return CITY_TIME.format(occurredAt);
	}

	public Money total() {
		return legs.stream().filter(l -> l.side() == Side.DEBIT).map(LegView::amount).reduce(Money.ZERO, Money::plus);
	}
}
