package org.kehou.identity;

/**
 * Sends a one-time code to a mobile phone (sign-in, proving a number). The notification module contributes the
 * implementation (an SMS through its {@code SmsChannel}); identity declares only what it needs, so that notification
 * may use identity (accounts, scopes, access checks) without a cycle between the two modules.
 */
@FunctionalInterface
public interface OneTimeCodeSender {

	/**
	 * @param phone mainland mobile number
	 * @param template the registered SMS template, e.g. {@code login-code}, with the parameters {@code code} and
	 * {@code minutes}
	 * @param code the code in clear (never stored)
	 * @param minutes how long the code is valid
	 */
	void send(String phone, String template, String code, long minutes);
}
