package org.kehou.platform;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the data lives. With no {@code url} (environment: KEHOU_DB_URL) Kehou starts its own embedded PostgreSQL.
 *
 * @param url JDBC URL of an external PostgreSQL ≥ 15, e.g. jdbc:postgresql://localhost:5432/kehou
 * @param username its user (KEHOU_DB_USER)
 * @param password its password (KEHOU_DB_PASSWORD)
 * @param embedded settings of the embedded server
 */
@ConfigurationProperties("kehou.database")
public record DatabaseProperties(@Nullable String url, @Nullable String username, @Nullable String password,
		@DefaultValue Embedded embedded) {

	public boolean isEmbedded() {
		return url == null || url.isBlank();
	}

	/**
	 * @param dataDirectory kept between runs so the demo survives restarts
	 * @param port 0 picks a free port
	 * @param ephemeral a throw-away data directory (tests)
	 */
	public record Embedded(@DefaultValue("./data/pg") Path dataDirectory, @DefaultValue("0") int port,
			@DefaultValue("false") boolean ephemeral) {
	}
}
