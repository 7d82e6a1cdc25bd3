package org.kehou.providers.internal;

import java.sql.Array;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kehou.exchange.DownFeedRecord;
import org.kehou.exchange.DownFeedSource;
import org.kehou.exchange.RecordType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The whitelist as {@code provider} records of the down feed. A provider is published once it has been admitted to
 * some town's pool (or the city suspended or expelled it); its {@code providerCode} and the record id are its unified
 * social credit code (统一社会信用代码, stable and unique; a provider without one was never admitted). Status:
 * {@code expelled} / {@code suspended} when the city expelled or suspended it; else {@code admitted} while an
 * approved admission is valid on the day; else {@code suspended} when a town suspended its admission; else
 * {@code expired}. {@code validFrom} = the day of its first approval (its creation day if the history has none),
 * {@code validUntil} = the latest validity of its approved admissions ({@code 9999-12-31}: without an end).
 * Categories = the categories it applied for.
 */
@Component
class CityReferenceProviders implements DownFeedSource {

	static final String OPEN_END = "9999-12-31";

	private final JdbcClient jdbc;

	CityReferenceProviders(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public RecordType type() {
		return RecordType.PROVIDER;
	}

	@Override
	public List<DownFeedRecord> current(LocalDate today) {
		return jdbc.sql("""
				SELECT p.credit_code, p.legal_name, p.status, p.categories,
				  coalesce((SELECT min(r.at) FROM provider_review r WHERE r.provider_id = p.id
				    AND r.to_status = 'APPROVED'), p.created_at) AS first_approved,
				  bool_or(a.status = 'APPROVED' AND (a.valid_until IS NULL OR a.valid_until >= :today)) AS valid_now,
				  bool_or(a.status = 'SUSPENDED') AS town_suspended,
				  bool_or(a.status IN ('APPROVED', 'SUSPENDED') AND a.valid_until IS NULL) AS open_end,
				  max(a.valid_until) FILTER (WHERE a.status IN ('APPROVED', 'SUSPENDED')) AS valid_until
				FROM provider p LEFT JOIN provider_town_admission a ON a.provider_id = p.id
				WHERE p.credit_code IS NOT NULL
				GROUP BY p.id
				HAVING p.status IN ('SUSPENDED', 'EXPELLED') OR bool_or(a.status IN ('APPROVED', 'SUSPENDED'))
				ORDER BY p.credit_code""")
			.param("today", today)
			.query((rs, i) -> {
				String code = rs.getString("credit_code").trim();
				String status = switch (rs.getString("status")) {
					case "EXPELLED" -> "expelled";
					case "SUSPENDED" -> "suspended";
					default -> rs.getBoolean("valid_now") ? "admitted"
							: rs.getBoolean("town_suspended") ? "suspended" : "expired";
				};
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("providerCode", code);
				data.put("name", rs.getString("legal_name"));
				data.put("creditCode", code);
				data.put("status", status);
				LocalDate from = rs.getTimestamp("first_approved").toInstant().atZone(CITY).toLocalDate();
				data.put("validFrom", from.toString());
				LocalDate until = rs.getObject("valid_until", LocalDate.class);
				data.put("validUntil", rs.getBoolean("open_end") || until == null ? OPEN_END : until.toString());
				Array categories = rs.getArray("categories");
				List<String> codes = categories == null ? List.of()
						: Arrays.stream((String[]) categories.getArray()).distinct().sorted().toList();
				if (!codes.isEmpty()) {
					data.put("categoryCodes", codes);
				}
				return new DownFeedRecord(code, data);
			})
			.list();
	}

	private static final java.time.ZoneId CITY = java.time.ZoneId.of("Asia/Shanghai");
}
