package org.kehou.ledger;

import java.time.Instant;
import java.util.List;

/**
 * A posting to make: its idempotency key (the same key posts once), what it records, the business record it belongs
 * to (e.g. {@code order:42}), a description, when the movement happened and its legs (at least two, each more than
 * zero fen, debits = credits). {@link Ledger#post(Posting)} checks all that and refuses what breaks it.
 */
public record Posting(String idempotencyKey, PostingKind kind, String reference, String description, Instant occurredAt,
		List<Leg> legs) {

	public Posting {
		legs = List.copyOf(legs);
	}
}
