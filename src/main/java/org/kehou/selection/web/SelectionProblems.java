package org.kehou.selection.web;

import org.kehou.selection.SelectionRefused;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** One way to explain a {@link SelectionRefused}: as Problem Details for the API, as a sentence for pages. */
final class SelectionProblems {

	private SelectionProblems() {
	}

	static ProblemDetail problem(SelectionRefused e, MessageSource messages) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.reason().status()),
				sentence(e, messages));
		problem.setProperty("reason", e.reason().name());
		return problem;
	}

	static String sentence(SelectionRefused e, MessageSource messages) {
		return messages.getMessage(e.reason().messageKey(), null, e.getMessage(), LocaleContextHolder.getLocale());
	}
}
