package org.kehou.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The Chinese and English bundles of the module hold the same keys. */
class OrganisationMessagesTests {

	@Test
	void bundlesHoldTheSameKeys() throws IOException {
		Properties zh = load("/i18n/organisation.properties");
		Properties en = load("/i18n/organisation_en.properties");
		assertThat(zh.stringPropertyNames()).isNotEmpty().isEqualTo(en.stringPropertyNames());
	}

	private static Properties load(String path) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = OrganisationMessagesTests.class.getResourceAsStream(path)) {
			assertThat(in).as(path).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}
}
