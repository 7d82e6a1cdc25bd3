package org.kehou.notification.internal;

import java.util.Map;

import org.kehou.notification.DeliveryChannel;
import org.kehou.notification.Notice;
import org.kehou.notification.Recipient;
import org.kehou.notification.SmsChannel;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Notices by SMS through the {@link SmsChannel} (log-only unless a gateway adapter is present), with the template
 * {@value #TEMPLATE} and the parameters {@code title} and {@code body}. Reaches accounts with a phone number on
 * record. On by default; {@code kehou.notification.channels.sms.enabled=false} switches it off.
 */
@Component
@ConditionalOnProperty(name = "kehou.notification.channels.sms.enabled", havingValue = "true", matchIfMissing = true)
class SmsDeliveryChannel implements DeliveryChannel {

	static final String TEMPLATE = "notice";

	private final SmsChannel sms;

	SmsDeliveryChannel(SmsChannel sms) {
		this.sms = sms;
	}

	@Override
	public String name() {
		return "sms";
	}

	@Override
	public boolean reaches(Recipient recipient) {
		return recipient.phone() != null;
	}

	@Override
	public void deliver(Recipient recipient, Notice notice) {
		sms.send(java.util.Objects.requireNonNull(recipient.phone()), TEMPLATE,
				Map.of("title", notice.title(), "body", notice.body()));
	}
}
