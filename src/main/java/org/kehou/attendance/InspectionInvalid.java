package org.kehou.attendance;

import java.util.Map;

/**
 * A visit with bad input (400): each invalid field ({@code visitedAt}, {@code presentCount}, {@code ratings.ORDER},
 * {@code notes}, {@code photo}, {@code requestKey}) with the message key that explains it and the key's arguments.
 * Nothing was stored.
 */
public class InspectionInvalid extends IllegalArgumentException {

	/** Why one field is wrong: a message key of the inspection bundle and its arguments. */
	public record Problem(String messageKey, Object... arguments) {
	}

	private final Map<String, Problem> problems;

	public InspectionInvalid(Map<String, Problem> problems) {
		super("invalid visit: " + problems.keySet());
		this.problems = Map.copyOf(problems);
	}

	public Map<String, Problem> problems() {
		return problems;
	}
}
