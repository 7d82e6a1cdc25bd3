package org.kehou.exchange.internal;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The exchange module's configuration.
 *
 * @param pseudonymKey the key the city issues for student pseudonyms (environment KEHOU_EXCHANGE_PSEUDONYM_KEY);
 * never in the repository; without it nothing can be pseudonymised (the reporter then cannot send students)
 * @param pseudonymKeyFile where the embedded demo (one process that is both the city and a platform) keeps a generated
 * key when none is given; with an external database a key must be given
 */
@ConfigurationProperties("kehou.exchange")
public record ExchangeProperties(@Nullable String pseudonymKey,
		@DefaultValue("./data/pseudonym.key") Path pseudonymKeyFile) {
}
