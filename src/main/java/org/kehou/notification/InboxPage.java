package org.kehou.notification;

import java.util.List;

/** One page of the current user's inbox, newest first; {@code page} counts from 1. */
public record InboxPage(List<InboxMessage> items, int page, int size, long total, long unread) {

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
