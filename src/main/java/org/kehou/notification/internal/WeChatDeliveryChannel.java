package org.kehou.notification.internal;

import java.util.Map;

import org.kehou.notification.DeliveryChannel;
import org.kehou.notification.Notice;
import org.kehou.notification.Recipient;
import org.kehou.notification.WeChatTemplateMessages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Notices as WeChat template messages through {@link WeChatTemplateMessages}. Off by default;
 * {@code kehou.notification.channels.wechat.enabled=true} switches it on. Every account is offered to the adapter,
 * which knows which accounts follow the official account.
 */
@Component
@ConditionalOnProperty(name = "kehou.notification.channels.wechat.enabled", havingValue = "true")
class WeChatDeliveryChannel implements DeliveryChannel {

	private final WeChatTemplateMessages wechat;

	private final String templateId;

	WeChatDeliveryChannel(WeChatTemplateMessages wechat, NotificationProperties properties) {
		this.wechat = wechat;
		this.templateId = properties.wechat().templateId();
	}

	@Override
	public String name() {
		return "wechat";
	}

	@Override
	public boolean reaches(Recipient recipient) {
		return true;
	}

	@Override
	public void deliver(Recipient recipient, Notice notice) {
		wechat.send(recipient.userId(), templateId,
				Map.of("topic", notice.topic(), "title", notice.title(), "body", notice.body()), notice.link());
	}
}
