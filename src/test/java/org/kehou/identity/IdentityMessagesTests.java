package org.kehou.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** identity's bundles hold the same keys in both languages, and every identity.* key the code uses exists. */
class IdentityMessagesTests {

	private static final Pattern KEY = Pattern.compile("[\"'{](identity\\.[a-zA-Z-]+(?:\\.[a-zA-Z-]+)*)");

	@Test
	void chineseAndEnglishHoldTheSameKeys() throws IOException {
		assertThat(load("i18n/identity_en.properties").stringPropertyNames())
			.isEqualTo(load("i18n/identity.properties").stringPropertyNames());
	}

	@Test
	void everyKeyUsedExists() throws IOException {
		Set<String> defined = load("i18n/identity.properties").stringPropertyNames();
		Set<String> used = new TreeSet<>();
		for (Path root : new Path[] { Path.of("src/main/resources/templates/identity"),
				Path.of("src/main/java/org/kehou/identity") }) {
			try (Stream<Path> files = Files.walk(root)) {
				for (Path file : files.filter(Files::isRegularFile).toList()) {
					Matcher m = KEY.matcher(Files.readString(file));
					while (m.find()) {
						String key = m.group(1);
						// a prefix completed at run time: 'identity.audit.outcome.' + outcome
						if (!key.endsWith(".")) {
							used.add(key);
						}
					}
				}
			}
		}
		assertThat(used).hasSizeGreaterThan(50);
		assertThat(defined).containsAll(used);
	}

	private static Properties load(String resource) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = IdentityMessagesTests.class.getClassLoader().getResourceAsStream(resource)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}
}
