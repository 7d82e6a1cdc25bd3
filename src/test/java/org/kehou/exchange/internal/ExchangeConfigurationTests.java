package org.kehou.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeConfigurationTests {

	@TempDir
	Path dir;

	@Test
	void aGivenKeyIsUsedAsGiven() {
		Path file = dir.resolve("pseudonym.key");
		assertThat(ExchangeConfiguration.key(new ExchangeProperties(" a-key-of-the-city-1234 ", file), true))
			.isEqualTo("a-key-of-the-city-1234");
		assertThat(file).doesNotExist();
	}

	@Test
	void theEmbeddedDemoGeneratesAKeyOnceAndKeepsIt() {
		Path file = dir.resolve("data/pseudonym.key");
		String first = ExchangeConfiguration.key(new ExchangeProperties(null, file), true);
		assertThat(first).hasSize(43);
		assertThat(file).exists();
		assertThat(ExchangeConfiguration.key(new ExchangeProperties("", file), true)).isEqualTo(first);
	}

	@Test
	void anExternalDatabaseWithoutAKeyGetsNone() throws Exception {
		Path file = dir.resolve("pseudonym.key");
		assertThat(ExchangeConfiguration.key(new ExchangeProperties(null, file), false)).isNull();
		assertThat(Files.exists(file)).isFalse();
	}
}
