package org.kehou.supervision;

/** An alert or inspection-task action that is refused; {@link #messageKey()} tells the user why (in Chinese). */
public class OversightRefused extends RuntimeException {

	private final String messageKey;

	public OversightRefused(String messageKey) {
		super(messageKey);
		this.messageKey = messageKey;
	}

	public String messageKey() {
		return messageKey;
	}
}
