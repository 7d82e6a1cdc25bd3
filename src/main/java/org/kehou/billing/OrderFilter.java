package org.kehou.billing;

import org.jspecify.annotations.Nullable;

/** What the console's order list narrows to; every part optional. {@code query}: a child's name, student or order number. */
public record OrderFilter(@Nullable Long schoolId, @Nullable Long termId, @Nullable OrderStatus status,
		@Nullable String query) {

	public static OrderFilter none() {
		return new OrderFilter(null, null, null, null);
	}
}
