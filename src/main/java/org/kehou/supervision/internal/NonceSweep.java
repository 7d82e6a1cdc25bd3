package org.kehou.supervision.internal;

import org.kehou.supervision.Ingestion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the exchange's nonces once their requests' timestamps have left the ±5 minute window (a replay of such a
 * request is refused as stale anyway), and, hourly, the records of batches older than
 * {@code kehou.supervision.batches-kept}. Safe on any number of nodes: one DELETE by time each.
 */
@Component
class NonceSweep {

	private static final Logger log = LoggerFactory.getLogger(NonceSweep.class);

	private final Ingestion ingestion;

	NonceSweep(Ingestion ingestion) {
		this.ingestion = ingestion;
	}

	@Scheduled(fixedDelayString = "${kehou.supervision.nonce-sweep:PT1M}", initialDelayString = "PT1M")
	void sweep() {
		int purged = ingestion.purgeNonces();
		if (purged > 0) {
			log.debug("Purged {} expired exchange nonces", purged);
		}
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
	void sweepBatches() {
		int purged = ingestion.purgeBatches(java.time.Instant.now());
		if (purged > 0) {
			log.info("Purged the records of {} exchange batches past their retention", purged);
		}
	}
}
