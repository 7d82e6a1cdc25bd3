package org.kehou.notification.internal;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.notification.WeChatTemplateMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The WeChat gateway of the demo and of development: writes the template message to the log instead of calling the
 * official-account API. An adapter replaces it by contributing a {@code @Primary} {@link WeChatTemplateMessages}.
 */
@Component
class LoggingWeChatTemplateMessages implements WeChatTemplateMessages {

	private static final Logger log = LoggerFactory.getLogger(LoggingWeChatTemplateMessages.class);

	@Override
	public void send(long userId, String templateId, Map<String, String> data, @Nullable String link) {
		log.info("WeChat to user {} [{}] {} {}", userId, templateId, data, link == null ? "" : link);
	}
}
