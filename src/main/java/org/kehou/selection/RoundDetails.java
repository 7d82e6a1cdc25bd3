package org.kehou.selection;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** What a school (or a town) sets for a round; checked by {@link SelectionRounds}. */
public record RoundDetails(@Nullable String name, @Nullable RoundMode mode, @Nullable Instant opensAt,
		@Nullable Instant closesAt, @Nullable Instant dropUntil, @Nullable Integer maxPerChild,
		@Nullable Integer maxChoices, boolean keepSiblings, @Nullable Integer offerHours,
		Map<String, Integer> priorities) {

	public static final int NAME_MAX = 100;
}
