package org.kehou.supervision;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.organisation.PlatformView;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Terms;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The supervision side of the platform registry: for each service platform the city registered
 * ({@link ServicePlatforms}), how its reporting goes — last contact, records today, rejected records and refused
 * requests over the last 7 city days, its credentials' state, recent batches and the last rejection reasons.
 */
@Service
@Transactional(readOnly = true)
public class PlatformRegistry {

	/** Days the error rate looks back over (today included). */
	public static final int DAYS = 7;

	/**
	 * A platform's reporting over the last {@link #DAYS} days.
	 *
	 * @param recordsToday records received today (city day)
	 * @param records records received over the days
	 * @param rejected records rejected over the days
	 * @param requests requests of the platform's app ids over the days (accepted batches and refused requests)
	 * @param refused requests refused as a whole over the days (signature, malformed batch)
	 */
	public record Reporting(@Nullable Instant lastContactAt, long recordsToday, long records, long rejected,
			long requests, long refused, @Nullable Instant lastErrorAt, @Nullable String lastError) {

		static final Reporting NONE = new Reporting(null, 0, 0, 0, 0, 0, null, null);

		/** Rejected records in percent of the records received (0 without records). */
		public double rejectedPercent() {
			return records == 0 ? 0 : 100.0 * rejected / records;
		}

		/** Refused requests in percent of all requests (0 without requests). */
		public double refusedPercent() {
			return requests == 0 ? 0 : 100.0 * refused / requests;
		}
	}

	/** One row of the registry. */
	public record PlatformSummary(PlatformView platform, Reporting reporting, CredentialState credentials) {
	}

	/** A batch as the platform's page lists it. */
	public record BatchView(long id, String appId, Instant receivedAt, int records, int accepted, int unchanged,
			int rejected) {
	}

	/** A rejected record's reasons. */
	public record RejectionView(long batchId, Instant receivedAt, @Nullable String type, @Nullable String recordId,
			@Nullable Long version, String reasons) {
	}

	/** Everything the platform's page shows. */
	public record PlatformDetail(PlatformView platform, Reporting reporting, CredentialState state,
			List<CredentialView> credentials, List<BatchView> batches, List<RejectionView> rejections) {
	}

	private record ReportingRow(long platformId, @Nullable Instant lastContactAt, long recordsToday, long records,
			long rejected, long requests, long refused, @Nullable Instant lastErrorAt, @Nullable String lastError) {

		Reporting reporting() {
			return new Reporting(lastContactAt, recordsToday, records, rejected, requests, refused, lastErrorAt,
					lastError);
		}
	}

	private final JdbcClient jdbc;

	private final ServicePlatforms platforms;

	private final PlatformCredentials credentials;

	private final Clock clock;

	PlatformRegistry(JdbcClient jdbc, ServicePlatforms platforms, PlatformCredentials credentials,
			ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.platforms = platforms;
		this.credentials = credentials;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** Every registered platform with its reporting and credential state, in the registry's order. */
	public List<PlatformSummary> summaries() {
		Map<Long, Reporting> reporting = reporting(null);
		return platforms.listPlatforms()
			.stream()
			.map(p -> new PlatformSummary(p, reporting.getOrDefault(p.id(), Reporting.NONE),
					credentials.stateOf(p.id())))
			.toList();
	}

	/** A platform's page; empty for an unknown platform. */
	public Optional<PlatformDetail> detail(long platformId) {
		return platforms.findPlatform(platformId).map(p -> {
			List<CredentialView> creds = credentials.credentialsOf(platformId);
			List<BatchView> batches = jdbc.sql("""
					SELECT id, app_id, received_at, records, accepted, unchanged, rejected FROM sup_batch
					WHERE platform_id = :p ORDER BY received_at DESC, id DESC LIMIT 20""")
				.param("p", platformId)
				.query(BatchView.class)
				.list();
			List<RejectionView> rejections = jdbc.sql("""
					SELECT batch_id, received_at, type, record_id, version, reasons FROM sup_rejection
					WHERE platform_id = :p ORDER BY id DESC LIMIT 30""")
				.param("p", platformId)
				.query(RejectionView.class)
				.list();
			return new PlatformDetail(p, reporting(platformId).getOrDefault(platformId, Reporting.NONE),
					PlatformCredentials.state(creds), creds, batches, rejections);
		});
	}

	private Map<Long, Reporting> reporting(@Nullable Long platformId) {
		LocalDate today = LocalDate.ofInstant(clock.instant(), Terms.CITY_ZONE);
		return jdbc.sql("""
				SELECT p.id AS platform_id, c.last_contact_at,
				  coalesce(sum(d.records) FILTER (WHERE d.day = :today), 0) AS records_today,
				  coalesce(sum(d.records), 0) AS records, coalesce(sum(d.rejected), 0) AS rejected,
				  coalesce(sum(d.requests), 0) AS requests, coalesce(sum(d.refused), 0) AS refused,
				  c.last_error_at, c.last_error
				FROM service_platform p
				LEFT JOIN sup_platform_contact c ON c.platform_id = p.id
				LEFT JOIN sup_platform_day d ON d.platform_id = p.id AND d.day > :since AND d.day <= :today
				WHERE CAST(:platform AS BIGINT) IS NULL OR p.id = :platform
				GROUP BY p.id, c.last_contact_at, c.last_error_at, c.last_error""")
			.param("today", today)
			.param("since", today.minusDays(DAYS))
			.param("platform", platformId)
			.query(ReportingRow.class)
			.stream()
			.collect(Collectors.toMap(ReportingRow::platformId, ReportingRow::reporting));
	}

	/** When the registry was looked at (for "x minutes ago"). */
	public Instant now() {
		return clock.instant();
	}
}
