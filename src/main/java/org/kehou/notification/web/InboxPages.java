package org.kehou.notification.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.notification.Inbox;
import org.kehou.notification.InboxMessage;
import org.kehou.notification.TopicGroup;
import org.kehou.notification.internal.Deliveries;
import org.kehou.notification.internal.Preferences;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The inbox on the phone (every role): messages newest first, 20 a page, unread ones marked; opening one marks it
 * read and follows its link; marking all read. (The bell of both layouts is {@code notification/bell}.) Guardians
 * choose their external channels on {@code /m/notification-preferences}.
 */
@Controller
class InboxPages {

	static final int PAGE_SIZE = 20;

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	/** A message as the page shows it. */
	record Row(InboxMessage message, String time) {
	}

	private final Inbox inbox;

	private final Preferences preferences;

	private final Deliveries deliveries;

	private final MessageSource messages;

	InboxPages(Inbox inbox, Preferences preferences, Deliveries deliveries, MessageSource messages) {
		this.inbox = inbox;
		this.preferences = preferences;
		this.deliveries = deliveries;
		this.messages = messages;
	}

	@GetMapping("/m/inbox")
	@Access
	String inbox(@RequestParam(defaultValue = "1") int page, Model model) {
		var p = inbox.page(Math.max(page, 1), PAGE_SIZE);
		model.addAttribute("page", p);
		model.addAttribute("rows", p.items().stream().map(m -> new Row(m, TIME.format(m.createdAt()))).toList());
		return "notification/inbox";
	}

	/** Marks the message read; with {@code open} it then follows the message's link (a path of this application). */
	@PostMapping("/m/inbox/{messageId}/read")
	@Access
	String read(@PathVariable long messageId, @RequestParam(defaultValue = "1") int page,
			@RequestParam(defaultValue = "false") boolean open) {
		InboxMessage message = inbox.markRead(messageId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		String link = message.link();
		return open && link != null ? "redirect:" + link : "redirect:/m/inbox?page=" + Math.max(page, 1);
	}

	@PostMapping("/m/inbox/read-all")
	@Access
	String readAll(RedirectAttributes redirect) {
		int marked = inbox.markAllRead();
		redirect.addFlashAttribute("flash", message("notification.inbox.allRead", marked));
		return "redirect:/m/inbox";
	}

	@GetMapping("/m/notification-preferences")
	@Access(Role.GUARDIAN)
	String preferences(Model model) {
		model.addAttribute("channels", deliveries.channelNames());
		model.addAttribute("preferences", preferences.of(CurrentUser.require().id(), deliveries.channelNames()));
		return "notification/preferences";
	}

	/** Every group × switched-on channel: ticked is on, not ticked is off. */
	@PostMapping("/m/notification-preferences")
	@Access(Role.GUARDIAN)
	String savePreferences(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
		long me = CurrentUser.require().id();
		for (TopicGroup group : TopicGroup.values()) {
			for (String channel : deliveries.channelNames()) {
				preferences.set(me, group, channel, form.containsKey(channel + "." + group.name()));
			}
		}
		redirect.addFlashAttribute("flash", message("notification.preferences.saved"));
		return "redirect:/m/notification-preferences";
	}

	private String message(String key, @Nullable Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
