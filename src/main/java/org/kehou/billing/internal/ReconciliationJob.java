package org.kehou.billing.internal;

import java.time.LocalDate;

import org.kehou.billing.Reconciliations;
import org.kehou.payment.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The daily reconciliation: every day (default 10:00 Beijing time, when gateways have published the previous day's
 * bill) the day before is reconciled once — on one node only, whichever claims the day's run row first
 * ({@link Reconciliations#reconcileIfUnclaimed}). {@code kehou.billing.reconciliation.cron} changes the time;
 * {@code -} turns the job off.
 */
@Component
class ReconciliationJob {

	private static final Logger log = LoggerFactory.getLogger(ReconciliationJob.class);

	private final Reconciliations reconciliations;

	ReconciliationJob(Reconciliations reconciliations) {
		this.reconciliations = reconciliations;
	}

	@Scheduled(cron = "${kehou.billing.reconciliation.cron:0 0 10 * * *}", zone = "Asia/Shanghai")
	void reconcileYesterday() {
		LocalDate day = LocalDate.now(Statement.ZONE).minusDays(1);
		reconciliations.reconcileIfUnclaimed(day)
			.ifPresentOrElse(run -> log.info("Reconciled {} {}: {}", run.gateway(), day, run.status()),
					() -> log.info("Reconciliation of {} already claimed by another node or run", day));
	}
}
