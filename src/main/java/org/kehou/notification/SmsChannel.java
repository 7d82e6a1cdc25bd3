package org.kehou.notification;

import java.util.Map;

/**
 * Sends a text message to a mobile phone from a pre-approved template (Chinese SMS gateways accept only registered
 * templates with named parameters, e.g. {@code login-code} with {@code code}).
 */
public interface SmsChannel {

	/**
	 * @param phone mainland mobile number (digits, optionally +86); never stored by the channel
	 * @param templateKey the registered template, e.g. {@code login-code}
	 * @param params the template's parameters
	 */
	void send(String phone, String templateKey, Map<String, String> params);
}
