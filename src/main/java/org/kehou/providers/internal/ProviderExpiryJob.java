package org.kehou.providers.internal;

import java.time.LocalDate;
import java.time.ZoneId;

import org.kehou.providers.ProviderReminders;
import org.kehou.providers.Providers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Daily (cron {@code kehou.providers.expiry-cron}, Asia/Shanghai): raises reminders of documents expiring within
 * {@code kehou.providers.reminder-days} and suspends approved providers whose business licence or permit has
 * expired. Both steps are idempotent (a unique key on reminders; only approved providers are suspended), so a run
 * on several nodes at once does no harm beyond duplicate work; running it once cluster-wide comes with a later
 * issue.
 */
@Component
public class ProviderExpiryJob {

	private static final Logger log = LoggerFactory.getLogger(ProviderExpiryJob.class);

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final ProviderReminders reminders;

	private final Providers providers;

	ProviderExpiryJob(ProviderReminders reminders, Providers providers) {
		this.reminders = reminders;
		this.providers = providers;
	}

	@Scheduled(cron = "${kehou.providers.expiry-cron:0 15 2 * * *}", zone = "Asia/Shanghai")
	void daily() {
		run(LocalDate.now(CHINA));
	}

	/** One run as on {@code today}: the reminders raised and the providers suspended. */
	public Result run(LocalDate today) {
		int raised = reminders.raise(today).size();
		int suspended = providers.suspendExpired(today).size();
		if (raised > 0 || suspended > 0) {
			log.info("Provider expiry {}: {} reminders raised, {} providers suspended", today, raised, suspended);
		}
		return new Result(raised, suspended);
	}

	public record Result(int remindersRaised, int providersSuspended) {
	}
}
