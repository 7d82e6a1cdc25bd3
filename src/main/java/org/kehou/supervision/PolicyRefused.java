package org.kehou.supervision;

/** A policy change that is refused; {@link #key()} is the message of the {@code policy} bundle saying why. */
public class PolicyRefused extends RuntimeException {

	private final String key;

	public PolicyRefused(String key) {
		super(key);
		this.key = key;
	}

	public String key() {
		return key;
	}
}
