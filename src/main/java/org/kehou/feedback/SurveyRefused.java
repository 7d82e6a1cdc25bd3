package org.kehou.feedback;

/**
 * A survey action refused: {@link #messageKey()} (survey bundle) with {@link #args()} says why in the user's words.
 */
public class SurveyRefused extends RuntimeException {

	public enum Reason {
		/** No such campaign, or not one the caller may manage or answer. */
		NOT_FOUND,
		/** The caller is not in the campaign's audience. */
		NOT_ELIGIBLE,
		/** The campaign is not in a state that allows this (edit after publishing, answer a closed one). */
		STATE,
		/** This account has already answered. */
		ALREADY_ANSWERED,
		/** Bad input (the message says which). */
		INVALID
	}

	private final Reason reason;

	private final String messageKey;

	private final Object[] args;

	public SurveyRefused(Reason reason, String messageKey, Object... args) {
		super(messageKey);
		this.reason = reason;
		this.messageKey = messageKey;
		this.args = args.clone();
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return messageKey;
	}

	public Object[] args() {
		return args.clone();
	}
}
