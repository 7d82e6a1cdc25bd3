package org.kehou.payment.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.payment.*}: the platform's side of online payment.
 *
 * @param gateway the gateway in use: {@code sandbox} (default) or a real adapter's name
 * @param notifyBaseUrl the platform's public base URL the gateway POSTs notifications to (empty: this node,
 *        {@code http://localhost:<port>}, right for the demo and tests)
 * @param queryAfter how long a prepaid order may stay without notification before the gateway is asked
 * @param reconcileEvery how often unconfirmed orders are looked for
 */
@ConfigurationProperties("kehou.payment")
public record PaymentProperties(@DefaultValue("sandbox") String gateway, @DefaultValue("") String notifyBaseUrl,
		@DefaultValue("PT5M") Duration queryAfter, @DefaultValue("PT1M") Duration reconcileEvery) {
}
