package org.kehou.supervision;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.supervision.*}.
 *
 * @param credentialGrace how long a rotated credential stays valid after the rotation (default 24 h)
 * @param maxBatchBytes the largest request body {@code POST /exchange/v1/batches} reads; larger ones get 413
 * @param rejectionsKept how many rejected records' reasons are kept per platform for its page (the latest)
 * @param nonceSweep how often expired nonces are deleted
 * @param batchesKept how long the record of each received batch (and its rejections) is kept; the per-day counters
 *        and the records themselves stay
 */
@ConfigurationProperties("kehou.supervision")
public record SupervisionProperties(@DefaultValue("PT24H") Duration credentialGrace,
		@DefaultValue("8388608") int maxBatchBytes, @DefaultValue("200") int rejectionsKept,
		@DefaultValue("PT1M") Duration nonceSweep, @DefaultValue("P400D") Duration batchesKept) {

	public SupervisionProperties {
		if (credentialGrace.isNegative()) {
			throw new IllegalArgumentException("kehou.supervision.credential-grace must not be negative");
		}
		if (maxBatchBytes < 1024) {
			throw new IllegalArgumentException("kehou.supervision.max-batch-bytes must be at least 1024");
		}
		if (batchesKept.isNegative() || batchesKept.isZero()) {
			throw new IllegalArgumentException("kehou.supervision.batches-kept must be positive, e.g. P400D");
		}
		if (rejectionsKept < 1) {
			throw new IllegalArgumentException("kehou.supervision.rejections-kept must be at least 1");
		}
	}
}
