package org.kehou.people.web;

import org.kehou.people.internal.PeopleRuleViolation;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem Details for the people rules, with the reason in the caller's language (zh-CN by default). Other errors
 * fall through to the platform's handler.
 */
@RestControllerAdvice(assignableTypes = { PeopleApi.class, StaffApi.class, DataRequestApi.class, RosterApi.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class PeopleProblems {

	private final MessageSource messages;

	PeopleProblems(MessageSource messages) {
		this.messages = messages;
	}

	@ExceptionHandler(PeopleRuleViolation.class)
	ProblemDetail invalid(PeopleRuleViolation e) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, text(messages, e));
	}

	@ExceptionHandler(PeopleRuleViolation.Conflict.class)
	ProblemDetail conflict(PeopleRuleViolation.Conflict e) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, text(messages, e));
	}

	/** A message of the bundles in the caller's language (the key itself when there is none). */
	static String text(MessageSource messages, String key, Object... args) {
		return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
	}

	/** The message of an exception, resolved from the bundles when it carries a key. */
	static String text(MessageSource messages, RuntimeException e) {
		if (e instanceof MessageSourceResolvable resolvable) {
			return messages.getMessage(resolvable, LocaleContextHolder.getLocale());
		}
		return String.valueOf(e.getMessage());
	}
}
