package org.kehou;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Chinese (default) and English message bundles hold the same keys, so no page shows a raw key. */
class MessageBundlesTests {

	@ParameterizedTest
	@ValueSource(strings = { "messages", "identity", "organisation", "people", "demo", "supervision" })
	void chineseAndEnglishHaveTheSameKeys(String bundle) throws IOException {
		Set<String> zh = keys("i18n/" + bundle + ".properties");
		Set<String> en = keys("i18n/" + bundle + "_en.properties");
		assertThat(en).as(bundle + ": keys missing in English").containsAll(zh);
		assertThat(zh).as(bundle + ": keys missing in Chinese").containsAll(en);
	}

	@org.junit.jupiter.api.Test
	void everyBundleIsOnTheMessageSourcePath() throws IOException {
		Resource[] all = new PathMatchingResourcePatternResolver().getResources("classpath*:i18n/*.properties");
		assertThat(all).isNotEmpty();
		String yaml = new String(new PathMatchingResourcePatternResolver().getResource("classpath:application.yml")
			.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		for (Resource r : all) {
			String name = r.getFilename().replace(".properties", "").replace("_en", "");
			assertThat(yaml).as("spring.messages.basename lists " + name).contains("i18n/" + name);
		}
	}

	private static Set<String> keys(String path) throws IOException {
		Properties p = new Properties();
		try (InputStream in = MessageBundlesTests.class.getClassLoader().getResourceAsStream(path)) {
			assertThat(in).as(path).isNotNull();
			p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return new TreeSet<>(p.stringPropertyNames());
	}
}
