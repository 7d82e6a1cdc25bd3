package org.kehou.notification;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A message of the current user's inbox. */
public record InboxMessage(long id, String topic, String title, String body, @Nullable String link,
		Instant createdAt, @Nullable Instant readAt) {

	public boolean unread() {
		return readAt == null;
	}
}
