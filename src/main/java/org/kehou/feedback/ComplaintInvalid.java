package org.kehou.feedback;

import java.util.Map;

/**
 * A complaint, response, rating or reason with bad input (400): each invalid field with the message key (complaint
 * bundle) that explains it and the key's arguments. Nothing was stored.
 */
public class ComplaintInvalid extends IllegalArgumentException {

	/** Why one field is wrong. */
	public record Problem(String messageKey, Object... arguments) {
	}

	private final Map<String, Problem> problems;

	public ComplaintInvalid(Map<String, Problem> problems) {
		super("invalid complaint input: " + problems.keySet());
		this.problems = Map.copyOf(problems);
	}

	public Map<String, Problem> problems() {
		return problems;
	}
}
