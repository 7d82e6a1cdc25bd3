package org.kehou.identity.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes what sign-in leaves behind once it is of no use: one-time codes a day after they expired, and failure
 * counters of unknown login names a day after their last failure (unless still locked). Idempotent, so every node
 * may run it.
 */
@Component
class SignInHousekeeping {

	private static final Logger log = LoggerFactory.getLogger(SignInHousekeeping.class);

	private final JdbcClient jdbc;

	SignInHousekeeping(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Scheduled(cron = "0 17 * * * *")
	void removeStaleRecords() {
		int codes = jdbc.sql("DELETE FROM one_time_code WHERE expires_at < now() - INTERVAL '1 day'").update();
		int throttles = jdbc.sql("""
				DELETE FROM login_throttle
				WHERE updated_at < now() - INTERVAL '1 day' AND (locked_until IS NULL OR locked_until < now())""")
			.update();
		if (codes + throttles > 0) {
			log.info("Removed {} expired one-time codes and {} stale sign-in counters", codes, throttles);
		}
	}
}
