package org.kehou.notification.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.notification.Inbox;
import org.kehou.notification.InboxMessage;
import org.kehou.notification.InboxPage;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The signed-in user's inbox in the JSON API: every role has one; nobody can name another's (a message of
 * somebody else is 404, like one that does not exist).
 */
@RestController
@RequestMapping("/api/v1/inbox")
@Access
@Tag(name = "inbox", description = "The signed-in user's notifications (消息)")
class InboxApi {

	record MessageResponse(long id, String topic, String title, String body, @Nullable String link, Instant createdAt,
			@Nullable Instant readAt) {

		static MessageResponse of(InboxMessage m) {
			return new MessageResponse(m.id(), m.topic(), m.title(), m.body(), m.link(), m.createdAt(), m.readAt());
		}
	}

	record PageResponse(List<MessageResponse> items, int page, int size, long total, int totalPages, long unread) {
	}

	private final Inbox inbox;

	InboxApi(Inbox inbox) {
		this.inbox = inbox;
	}

	@GetMapping
	@Operation(summary = "A page of the user's messages, newest first (page from 1, size 1–100)")
	PageResponse page(@RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "20") int size) {
		InboxPage p = inbox.page(page, size);
		return new PageResponse(p.items().stream().map(MessageResponse::of).toList(), p.page(), p.size(), p.total(),
				p.totalPages(), p.unread());
	}

	@GetMapping("/unread-count")
	@Operation(summary = "How many of the user's messages are unread")
	Map<String, Long> unreadCount() {
		return Map.of("unread", inbox.unreadCount());
	}

	@PostMapping("/{messageId}/read")
	@Operation(summary = "Marks one of the user's messages read")
	MessageResponse read(@PathVariable long messageId) {
		return inbox.markRead(messageId)
			.map(MessageResponse::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "message " + messageId + " not found"));
	}

	@PostMapping("/read-all")
	@Operation(summary = "Marks all the user's messages read")
	Map<String, Integer> readAll() {
		return Map.of("marked", inbox.markAllRead());
	}
}
