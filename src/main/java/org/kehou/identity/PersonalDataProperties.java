package org.kehou.identity;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The key that protects personal data at rest.
 *
 * @param key base64 of 32 random bytes, from the environment (KEHOU_PII_KEY); required with an external database
 * @param keyFile where the embedded demo keeps a generated key when no {@code key} is given
 */
@ConfigurationProperties("kehou.pii")
public record PersonalDataProperties(@Nullable String key, @DefaultValue("./data/pii.key") Path keyFile) {
}
