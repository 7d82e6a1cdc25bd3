package org.kehou.exchange.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The exchange module's configuration.
 *
 * @param pseudonymKey the key the city issues for student pseudonyms (environment KEHOU_EXCHANGE_PSEUDONYM_KEY);
 * never in the repository; without it nothing can be pseudonymised (the reporter then cannot send students)
 */
@ConfigurationProperties("kehou.exchange")
public record ExchangeProperties(@Nullable String pseudonymKey) {
}
