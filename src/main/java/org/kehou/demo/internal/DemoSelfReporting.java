package org.kehou.demo.internal;

import java.net.URI;

import org.kehou.demo.DemoProperties;
import org.kehou.platform.DatabaseProperties;
import org.kehou.reporting.Reporter;
import org.kehou.supervision.CredentialState;
import org.kehou.supervision.IssuedCredential;
import org.kehou.supervision.PlatformCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * In the demo (one process, {@code kehou.role=all}) the service platform reports to its own supervision side over
 * HTTP, as a vendor's platform would, when {@code kehou.demo.report-to-self} is true: once the application is ready (the demo city generated, the web server listening),
 * the city issues a credential to demo school1's platform (or rotates the one it has: its secret cannot be read
 * back), the reporter is pointed at {@code http://localhost:<port>} with it and that platform's code, and, when the
 * city holds nothing of that platform yet, everything is enqueued (the demo generator writes with COPY, its
 * triggers off). Scheduled delivery still needs {@code kehou.reporting.enabled=true}. See docs/exchange-reporter.md.
 */
@Component
class DemoSelfReporting {

	private static final Logger log = LoggerFactory.getLogger(DemoSelfReporting.class);

	private final DemoProperties properties;

	private final DatabaseProperties database;

	private final JdbcClient jdbc;

	private final ObjectProvider<PlatformCredentials> credentials;

	private final ObjectProvider<Reporter> reporter;

	private final boolean reportToSelf;

	DemoSelfReporting(DemoProperties properties, DatabaseProperties database, JdbcClient jdbc,
			ObjectProvider<PlatformCredentials> credentials, ObjectProvider<Reporter> reporter,
			@Value("${kehou.demo.report-to-self:false}") boolean reportToSelf) {
		this.properties = properties;
		this.database = database;
		this.jdbc = jdbc;
		this.credentials = credentials;
		this.reporter = reporter;
		this.reportToSelf = reportToSelf;
	}

	@EventListener
	void connect(ApplicationReadyEvent event) {
		PlatformCredentials city = credentials.getIfAvailable();
		Reporter platform = reporter.getIfAvailable();
		if (!reportToSelf || !properties.isEnabled(database) || city == null || platform == null
				|| !(event.getApplicationContext() instanceof WebServerApplicationContext web)
				|| web.getWebServer() == null || web.getWebServer().getPort() <= 0) {
			return;
		}
		Long platformId = jdbc.sql("""
				SELECT sc.platform_id FROM app_user u JOIN school sc ON sc.id = u.school_id
				WHERE u.username = 'school1' AND sc.platform_id IS NOT NULL""").query(Long.class).optional().orElse(null);
		if (platformId == null) {
			log.warn("Demo self-reporting: no demo school1 with a platform; not reporting");
			return;
		}
		String code = jdbc.sql("SELECT code FROM service_platform WHERE id = :p").param("p", platformId)
			.query(String.class).single();
		CredentialState state = city.stateOf(platformId);
		IssuedCredential credential = state == CredentialState.ACTIVE || state == CredentialState.ROTATING
				? city.rotate(platformId) : city.issue(platformId);
		platform.connect(URI.create("http://localhost:" + web.getWebServer().getPort()), credential.appId(),
				credential.secret(), code);
		long held = jdbc.sql("SELECT count(*) FROM sup_record WHERE platform_id = :p").param("p", platformId)
			.query(Long.class).single();
		if (held == 0) {
			long n = platform.enqueueAll(5000);
			log.info("Demo self-reporting: platform {} reports to this process's supervision side; {} rows enqueued",
					code, n);
		}
	}
}
