package org.kehou.people.internal;

import java.util.List;

/** One page of a list; {@code page} counts from 1. */
public record Page<T>(List<T> items, int page, int size, long total) {

	public int totalPages() {
		return (int) Math.max(1, (total + size - 1) / size);
	}

	public boolean hasPrevious() {
		return page > 1;
	}

	public boolean hasNext() {
		return page < totalPages();
	}

	public boolean isEmpty() {
		return items.isEmpty();
	}
}
