package org.kehou.people.internal;

/**
 * Bad input refused by a people rule (400), with its reason as a key of the people message bundle, resolved in
 * the caller's language by pages and the API.
 */
public class PeopleRuleViolation extends IllegalArgumentException implements KeyedMessage {

	private final Object[] args;

	public PeopleRuleViolation(String key, Object... args) {
		super(key);
		this.args = args;
	}

	@Override
	public Object[] getArguments() {
		return args;
	}

	/** A request that conflicts with what is stored (409): a duplicate, a request handled twice. */
	public static class Conflict extends IllegalStateException implements KeyedMessage {

		private final Object[] args;

		public Conflict(String key, Object... args) {
			super(key);
			this.args = args;
		}

		@Override
		public Object[] getArguments() {
			return args;
		}
	}
}
