package org.kehou.feedback;

import java.util.Map;

/**
 * A rating with bad input (400): each invalid field ({@code overall}, {@code TEACHING} … {@code INTEREST},
 * {@code comment}) with the message key that explains it and the key's arguments. Nothing was stored.
 */
public class RatingInvalid extends IllegalArgumentException {

	/** Why one field is wrong: a message key of the rating bundle and its arguments. */
	public record Problem(String messageKey, Object... arguments) {
	}

	private final Map<String, Problem> problems;

	public RatingInvalid(Map<String, Problem> problems) {
		super("invalid rating: " + problems.keySet());
		this.problems = Map.copyOf(problems);
	}

	public Map<String, Problem> problems() {
		return problems;
	}
}
