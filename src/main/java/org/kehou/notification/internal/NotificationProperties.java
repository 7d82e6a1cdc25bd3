package org.kehou.notification.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.notification.*}: the WeChat template, delivery threads and retries. The channels are switched on
 * and off with {@code kehou.notification.channels.<name>.enabled} (SMS on, WeChat off by default; see
 * application.yml); the inbox is always on.
 *
 * @param threads threads delivering to the external channels (per node)
 * @param queue notices waiting for those threads; beyond it new ones are left to the sweep
 * @param maxAttempts attempts per message and channel before a delivery stays FAILED
 * @param retryAfter how long after a failure (times the attempts so far) it is tried again
 */
@ConfigurationProperties("kehou.notification")
public record NotificationProperties(@DefaultValue WeChat wechat, @DefaultValue("2") int threads,
		@DefaultValue("10000") int queue, @DefaultValue("3") int maxAttempts, @DefaultValue("PT1M") Duration retryAfter) {

	/** @param templateId the WeChat template registered for notices */
	public record WeChat(@DefaultValue("kehou-notice") String templateId) {
	}
}
