package org.kehou.ledger;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * A posting as the ledger holds it. {@code replayed} is true when {@link Ledger#post(Posting)} returned an earlier
 * posting of the same idempotency key instead of writing a new one.
 */
public record Entry(long id, String idempotencyKey, PostingKind kind, String reference, String description,
		Instant occurredAt, Instant recordedAt, @Nullable Long reversesId, List<Line> lines, boolean replayed) {

	/** One leg as stored: its line number and the account's id. */
	public record Line(int line, long accountId, AccountRef account, Side side, Money amount) {

		public Leg leg() {
			return new Leg(account, side, amount);
		}
	}

	public Entry {
		lines = List.copyOf(lines);
	}

	public List<Leg> legs() {
		return lines.stream().map(Line::leg).toList();
	}

	public Money debits() {
		return lines.stream().filter(l -> l.side() == Side.DEBIT).map(Line::amount).reduce(Money.ZERO, Money::plus);
	}

	public Money credits() {
		return lines.stream().filter(l -> l.side() == Side.CREDIT).map(Line::amount).reduce(Money.ZERO, Money::plus);
	}

	Entry asReplayed() {
		return new Entry(id, idempotencyKey, kind, reference, description, occurredAt, recordedAt, reversesId, lines,
				true);
	}
}
