package org.kehou.selection;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A selection round (选课轮次) of a school's term.
 *
 * @param dropUntil guardians may drop a place until then; {@code null}: until the round closes
 * @param maxPerChild most offerings a child may hold or wait for in the term while this round runs
 * @param maxChoices lottery: most ranked choices per child
 * @param keepSiblings lottery: siblings draw as one
 * @param offerHours waitlist: {@code null} = a freed place is confirmed for the next child at once; otherwise the
 * guardian accepts it within this many hours
 * @param priorities lottery: weight per priority group ({@link PriorityGroup} codes)
 * @param seed lottery: the draw's seed, published once drawn
 * @param drawDigest lottery: SHA-256 (hex) of the draw's result
 */
public record SelectionRound(long id, long termId, long schoolId, String name, RoundMode mode, Instant opensAt,
		Instant closesAt, @Nullable Instant dropUntil, int maxPerChild, int maxChoices, boolean keepSiblings,
		@Nullable Integer offerHours, RoundStatus status, Map<String, Integer> priorities, @Nullable String seed,
		@Nullable String drawDigest, @Nullable Instant drawnAt) {

	/** Where a round stands at an instant. */
	public enum Phase {
		UPCOMING, OPEN, CLOSED, DRAWN, CANCELLED
	}

	public Phase phase(Instant now) {
		if (status == RoundStatus.CANCELLED) {
			return Phase.CANCELLED;
		}
		if (status == RoundStatus.DRAWN) {
			return Phase.DRAWN;
		}
		if (now.isBefore(opensAt)) {
			return Phase.UPCOMING;
		}
		return now.isBefore(closesAt) ? Phase.OPEN : Phase.CLOSED;
	}

	public boolean isOpenAt(Instant now) {
		return phase(now) == Phase.OPEN;
	}

	/** The last instant guardians may drop a place of this round. */
	public Instant dropDeadline() {
		return dropUntil != null ? dropUntil : closesAt;
	}

	public boolean dropOpenAt(Instant now) {
		return status != RoundStatus.CANCELLED && now.isBefore(dropDeadline());
	}

	/** Whether the waitlist confirms a freed place at once (rather than offering it for a while). */
	public boolean autoConfirms() {
		return offerHours == null;
	}
}
