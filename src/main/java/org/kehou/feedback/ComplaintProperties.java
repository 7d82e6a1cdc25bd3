package org.kehou.feedback;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Complaints' settings.
 *
 * @param respondWithin the deadline at each level, from filing, escalation or reopening ({@code P3D})
 * @param reopenWithin how long after resolution the guardian may reopen ({@code P7D})
 */
@ConfigurationProperties("kehou.feedback.complaint")
public record ComplaintProperties(@DefaultValue("P3D") Duration respondWithin, @DefaultValue("P7D") Duration reopenWithin) {

	public ComplaintProperties {
		if (respondWithin.isNegative() || respondWithin.isZero() || reopenWithin.isNegative()) {
			throw new IllegalArgumentException("kehou.feedback.complaint.respond-within must be positive");
		}
	}
}
