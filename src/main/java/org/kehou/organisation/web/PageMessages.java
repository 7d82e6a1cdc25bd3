package org.kehou.organisation.web;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Message texts in the request's language, for flash messages set before a redirect. */
@Component
class PageMessages {

	private final MessageSource messages;

	PageMessages(MessageSource messages) {
		this.messages = messages;
	}

	String get(String key, Object... arguments) {
		return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}
}
