package org.kehou.notification;

import java.util.Map;

import org.kehou.shared.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The SMS channel of the demo and of development: writes the message (with its parameters, so a login code can be
 * read from the log) instead of sending it. The phone number is logged masked only. A gateway adapter replaces it
 * by contributing a {@code @Primary} {@link SmsChannel} bean.
 */
@Component
class LoggingSmsChannel implements SmsChannel {

	private static final Logger log = LoggerFactory.getLogger(LoggingSmsChannel.class);

	@Override
	public void send(String phone, String templateKey, Map<String, String> params) {
		log.info("SMS to {} [{}] {}", Masking.phone(phone), templateKey, params);
	}
}
