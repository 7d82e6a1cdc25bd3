package org.kehou.selection;

import org.jspecify.annotations.Nullable;

/** Filters of a term's offering list; null means any. */
public record OfferingFilter(@Nullable Integer weekday, @Nullable String category, @Nullable Integer grade,
		@Nullable OfferingStatus status) {

	public static final OfferingFilter NONE = new OfferingFilter(null, null, null, null);
}
