package org.kehou.reporting;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.reporting.*}: how this service platform reports to the city's supervision platform.
 *
 * @param enabled whether the scheduled delivery runs (off by default: tests and platforms that do not report)
 * @param cityUrl the supervision platform's address, e.g. {@code https://city.example}
 * @param appId the app id the city issued to this platform
 * @param secret its secret, from the environment ({@code KEHOU_REPORTING_SECRET}); never in the repository
 * @param platformCode this platform's code in the city's registry; when set only records of schools it serves are
 *        sent (the others are dropped from the outbox), when empty every school's records are
 * @param batchSize records per batch (1 to 1,000)
 * @param interval how often the scheduled delivery looks at the outbox
 * @param backoffBase the first wait after a failed delivery; doubled after every further failure
 * @param backoffMax the longest wait
 * @param discardUnsentAfter when the platform does not report (not enabled and not connected), outbox rows older than
 *        this are deleted, so the outbox does not grow without bound; joining the city later starts with a full sync
 */
@ConfigurationProperties("kehou.reporting")
public record ReportingProperties(@DefaultValue("false") boolean enabled, @Nullable URI cityUrl,
		@Nullable String appId, @Nullable String secret, @Nullable String platformCode,
		@DefaultValue("1000") int batchSize, @DefaultValue("PT5S") Duration interval,
		@DefaultValue("PT5S") Duration backoffBase, @DefaultValue("PT10M") Duration backoffMax,
		@DefaultValue("P1D") Duration discardUnsentAfter) {

	public ReportingProperties {
		if (batchSize < 1 || batchSize > 1000) {
			throw new IllegalArgumentException("kehou.reporting.batch-size must be 1 to 1000");
		}
		if (backoffBase.isNegative() || backoffBase.isZero() || backoffMax.compareTo(backoffBase) < 0) {
			throw new IllegalArgumentException("kehou.reporting.backoff-base must be positive and at most backoff-max");
		}
	}
}
