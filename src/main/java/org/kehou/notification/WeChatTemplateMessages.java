package org.kehou.notification;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Sends a WeChat template message (微信模板消息) to an account. The default implementation only writes it to the
 * log; an adapter for the official-account API replaces it by contributing a {@code @Primary} bean that maps the
 * account to its openid (from its own binding) and calls the platform.
 */
public interface WeChatTemplateMessages {

	/**
	 * @param userId the account
	 * @param templateId the registered template ({@code kehou.notification.wechat.template-id})
	 * @param data the template's fields ({@code title}, {@code body}, {@code topic})
	 * @param link a path of this application the message opens, or null
	 */
	void send(long userId, String templateId, Map<String, String> data, @Nullable String link);
}
