package org.kehou.notification.internal;

import java.util.Map;

import org.kehou.identity.OneTimeCodeSender;
import org.kehou.notification.SmsChannel;
import org.springframework.stereotype.Component;

/** One-time codes (sign-in, proving a phone) go out by SMS, at once and in the caller's thread: the user waits for them. */
@Component
class SmsOneTimeCodeSender implements OneTimeCodeSender {

	private final SmsChannel sms;

	SmsOneTimeCodeSender(SmsChannel sms) {
		this.sms = sms;
	}

	@Override
	public void send(String phone, String template, String code, long minutes) {
		sms.send(phone, template, Map.of("code", code, "minutes", String.valueOf(minutes)));
	}
}
