package org.kehou.supervision;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.supervision.policies.*}.
 *
 * @param publicUrl the supervision platform's address as platforms and guardians reach it; the attachments' links in
 * the feed start with it (environment: {@code KEHOU_SUPERVISION_POLICIES_PUBLIC_URL})
 * @param maxAttachmentBytes the largest attachment (default 10 MB)
 * @param pageSize policies per page of the list
 */
@ConfigurationProperties("kehou.supervision.policies")
public record PolicyProperties(@DefaultValue("http://localhost:8080") String publicUrl,
		@DefaultValue("10485760") long maxAttachmentBytes, @DefaultValue("20") int pageSize) {

	public PolicyProperties {
		publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
		if (maxAttachmentBytes < 1) {
			throw new IllegalArgumentException("kehou.supervision.policies.max-attachment-bytes must be positive");
		}
		if (pageSize < 1) {
			throw new IllegalArgumentException("kehou.supervision.policies.page-size must be positive");
		}
	}
}
