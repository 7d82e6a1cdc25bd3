package org.kehou.providers;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The whitelist (白名单) of providers per town pool, read-only. A provider is on a town's whitelist on a date iff its
 * admission to that town's pool is {@link AdmissionStatus#APPROVED} with no expiry or an expiry on or after the date,
 * and the city has not suspended or expelled it. A suspended or expelled provider is on no whitelist, whatever its
 * admissions say; a provider admitted in one town stays on that town's whitelist while another town returns its
 * application for correction (its city-wide status is then {@code RETURNED}).
 */
@Service
@Transactional(readOnly = true)
public class Whitelist {

	/** One whitelisted (provider, town) pair. */
	public record Admitted(long providerId, long townId) {
	}

	private static final String ADMITTED = """
			SELECT a.provider_id, a.town_id FROM provider_town_admission a JOIN provider p ON p.id = a.provider_id
			WHERE p.status NOT IN ('SUSPENDED', 'EXPELLED') AND a.status = 'APPROVED' AND (a.valid_until IS NULL OR a.valid_until >= :date)""";

	private final JdbcClient jdbc;

	Whitelist(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The providers on {@code townId}'s whitelist on {@code date}, by id. */
	public List<Long> admittedProviderIds(long townId, LocalDate date) {
		return jdbc.sql(ADMITTED + " AND a.town_id = :town ORDER BY a.provider_id")
			.param("date", date)
			.param("town", townId)
			.query((rs, i) -> rs.getLong("provider_id"))
			.list();
	}

	/** Every whitelisted (provider, town) pair of the city on {@code date}. */
	public List<Admitted> admitted(LocalDate date) {
		return jdbc.sql(ADMITTED + " ORDER BY a.provider_id, a.town_id")
			.param("date", date)
			.query((rs, i) -> new Admitted(rs.getLong("provider_id"), rs.getLong("town_id")))
			.list();
	}

	/** Whether the provider is on some town's whitelist on {@code date} (what counts for a city-direct school). */
	public boolean isAdmittedAnywhere(long providerId, LocalDate date) {
		return jdbc.sql(ADMITTED + " AND a.provider_id = :provider LIMIT 1")
			.param("date", date)
			.param("provider", providerId)
			.query((rs, i) -> Boolean.TRUE)
			.optional()
			.isPresent();
	}

	/** Whether the provider is on {@code townId}'s whitelist on {@code date}. */
	public boolean isAdmitted(long providerId, long townId, LocalDate date) {
		return jdbc.sql(ADMITTED + " AND a.town_id = :town AND a.provider_id = :provider")
			.param("date", date)
			.param("town", townId)
			.param("provider", providerId)
			.query((rs, i) -> Boolean.TRUE)
			.optional()
			.isPresent();
	}

	/** The city-wide status of a provider. */
	public Optional<ProviderStatus> status(long providerId) {
		return jdbc.sql("SELECT status FROM provider WHERE id = :id")
			.param("id", providerId)
			.query((rs, i) -> ProviderStatus.valueOf(rs.getString("status")))
			.optional();
	}

	/**
	 * The provider's status, holding a share lock on its row until the caller's transaction ends: a concurrent
	 * suspension or expulsion (which locks the row for update) waits, so a decision based on the whitelist cannot
	 * race with it. Needs a read-write transaction.
	 */
	@Transactional
	public Optional<ProviderStatus> lockStatus(long providerId) {
		return jdbc.sql("SELECT status FROM provider WHERE id = :id FOR SHARE")
			.param("id", providerId)
			.query((rs, i) -> ProviderStatus.valueOf(rs.getString("status")))
			.optional();
	}

	/** The city-wide statuses of the given providers (unknown ids are left out). */
	public Map<Long, ProviderStatus> statuses(Collection<Long> providerIds) {
		Map<Long, ProviderStatus> statuses = new LinkedHashMap<>();
		if (providerIds.isEmpty()) {
			return statuses;
		}
		jdbc.sql("SELECT id, status FROM provider WHERE id = ANY(:ids) ORDER BY id")
			.param("ids", providerIds.stream().distinct().toArray(Long[]::new))
			.query((rs, i) -> statuses.put(rs.getLong("id"), ProviderStatus.valueOf(rs.getString("status"))))
			.list();
		return statuses;
	}
}
