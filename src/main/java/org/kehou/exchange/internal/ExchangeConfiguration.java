package org.kehou.exchange.internal;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.kehou.exchange.Pseudonyms;
import org.kehou.exchange.Signatures;
import org.kehou.platform.DatabaseProperties;
import org.kehou.shared.LocalKeyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@EnableConfigurationProperties(ExchangeProperties.class)
@Configuration(proxyBeanMethods = false)
class ExchangeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ExchangeConfiguration.class);

	@Bean
	Pseudonyms pseudonyms(ExchangeProperties properties, DatabaseProperties database) {
		return new Pseudonyms(key(properties, database.isEmbedded()));
	}

	/**
	 * The configured key; on the embedded demo database without one, the key kept in (or generated into)
	 * {@code pseudonym-key-file}; otherwise none (pseudonymising then refuses and says which setting is missing).
	 */
	static @Nullable String key(ExchangeProperties properties, boolean embedded) {
		String key = properties.pseudonymKey();
		if (key != null && !key.isBlank()) {
			return key.trim();
		}
		if (!embedded) {
			return null;
		}
		Path file = properties.pseudonymKeyFile();
		LocalKeyFile.Key stored = LocalKeyFile.readOrGenerate(file, Signatures::newSecret);
		if (stored.generated()) {
			log.warn("Generated a student pseudonym key for the embedded demo in {}: a real city issues its own "
					+ "(KEHOU_EXCHANGE_PSEUDONYM_KEY)", file.toAbsolutePath());
		}
		return stored.value();
	}
}
