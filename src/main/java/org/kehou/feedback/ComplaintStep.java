package org.kehou.feedback;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Role;

/**
 * One step of a complaint's timeline.
 *
 * @param level the level at which it happened (for ESCALATED: the level it went to)
 * @param actorRole who acted, by role; null: the escalation sweep
 * @param actorName the acting account's name, for admins only (null for guardians' views and the sweep)
 * @param text what was said, screened for everyone but its author
 */
public record ComplaintStep(long id, Kind kind, ComplaintLevel level, @Nullable Role actorRole,
		@Nullable String actorName, @Nullable String text, @Nullable ComplaintFinding finding, @Nullable Integer rating,
		Instant at) {

	public enum Kind {
		FILED, ACCEPTED, RESPONDED, ESCALATED, RESOLVED, REOPENED, RATED
	}
}
