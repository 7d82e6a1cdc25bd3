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
	@ValueSource(strings = { "messages", "identity", "organisation", "people", "demo", "supervision", "catalogue", "providers", "programme", "courses", "registration", "selection", "places", "rounds", "lottery", "notification", "attendance", "pickup", "checkin", "inspection", "payment", "ledger", "billing", "settlement", "finance", "rating", "survey", "complaint", "scorecard", "exchange", "reporting", "dashboard", "alert", "oversight", "policy", "cityfeed", "statistics" }) // = BUNDLES
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

	/** Every message key a template or the Java code names literally is defined (in Chinese, hence in English). */
	@org.junit.jupiter.api.Test
	void everyKeyUsedExists() throws IOException {
		Set<String> defined = new TreeSet<>();
		for (String bundle : BUNDLES) {
			defined.addAll(keys("i18n/" + bundle + ".properties"));
		}
		Set<String> used = new TreeSet<>();
		collect(java.nio.file.Path.of("src/main/resources/templates"), TEMPLATE_KEY, used);
		collect(java.nio.file.Path.of("src/main/java/org/kehou"), JAVA_KEY, used);
		assertThat(used).hasSizeGreaterThan(300);
		Set<String> missing = new TreeSet<>(used);
		missing.removeAll(defined);
		assertThat(missing).as("message keys used but not defined").isEmpty();
	}

	static final String[] BUNDLES = { "messages", "identity", "organisation", "people", "demo", "supervision", "catalogue", "providers", "programme", "courses", "registration", "selection", "places", "rounds", "lottery", "notification", "attendance", "pickup", "checkin", "inspection", "payment", "ledger", "billing", "settlement", "finance", "rating", "survey", "complaint", "scorecard", "exchange", "reporting", "dashboard", "alert", "oversight", "policy", "cityfeed", "statistics" };

	/** #{some.key} or #{some.key(args)} with a literal key. */
	static final java.util.regex.Pattern TEMPLATE_KEY = java.util.regex.Pattern
		.compile("#\\{([a-zA-Z][\\w-]*(?:\\.[\\w-]+)+)\\s*[}(]");

	/** "module.some.key" string literals in Java code. */
	static final java.util.regex.Pattern JAVA_KEY = java.util.regex.Pattern
		.compile("\"((?:identity|organisation|people|demo|supervision|catalogue|providers|programme|courses|nav|common|role|registration|selection|places|rounds|lottery|notification|attendance|pickup|checkin|inspection|payment|ledger|billing|settlement|finance|rating|survey|complaint|scorecard|exchange|reporting|dashboard|alert|oversight|policy|cityfeed|statistics)\\.[a-zA-Z][\\w-]*(?:\\.[\\w-]+)*)\"");

	private static void collect(java.nio.file.Path root, java.util.regex.Pattern pattern, Set<String> into)
			throws IOException {
		try (var files = java.nio.file.Files.walk(root)) {
			for (var file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
				var m = pattern.matcher(java.nio.file.Files.readString(file));
				while (m.find()) {
					into.add(m.group(1));
				}
			}
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
