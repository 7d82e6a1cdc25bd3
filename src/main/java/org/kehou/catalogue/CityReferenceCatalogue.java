package org.kehou.catalogue;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kehou.exchange.DownFeedRecord;
import org.kehou.exchange.DownFeedSource;
import org.kehou.exchange.RecordType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The catalogue as down-feed sources: every course category ({@code category}, id = its code) and every fee cap
 * ({@code cap}, id {@code cap-<id>}). A cap is per lesson ({@code unit: session}); its amount is both the reference
 * price and the cap (the city's caps are the Youth Palace's reference prices); it is valid from its
 * {@code valid_from} until the day before the next cap of the same category and town takes over (open while none
 * has). The lesson length of a cap has no field in the standard v1.
 */
@Configuration(proxyBeanMethods = false)
class CityReferenceCatalogue {

	@Bean
	DownFeedSource cityReferenceCategories(JdbcClient jdbc) {
		return new DownFeedSource() {

			@Override
			public RecordType type() {
				return RecordType.CATEGORY;
			}

			@Override
			public List<DownFeedRecord> current(LocalDate today) {
				return jdbc.sql("SELECT code, name_zh, active FROM course_category ORDER BY code").query((rs, i) -> {
					Map<String, Object> data = new LinkedHashMap<>();
					data.put("categoryCode", rs.getString("code"));
					data.put("name", rs.getString("name_zh"));
					data.put("active", rs.getBoolean("active"));
					return new DownFeedRecord(rs.getString("code"), data);
				}).list();
			}
		};
	}

	@Bean
	DownFeedSource cityReferenceCaps(JdbcClient jdbc) {
		return new DownFeedSource() {

			@Override
			public RecordType type() {
				return RecordType.CAP;
			}

			@Override
			public List<DownFeedRecord> current(LocalDate today) {
				return jdbc.sql("""
						SELECT f.id, f.category_code, t.code AS town_code, f.amount_fen, f.valid_from,
						  (SELECT min(n.valid_from) FROM fee_cap n WHERE n.category_code = f.category_code
						     AND n.town_id IS NOT DISTINCT FROM f.town_id AND (n.valid_from, n.id) > (f.valid_from, f.id))
						    AS next_from
						FROM fee_cap f LEFT JOIN town t ON t.id = f.town_id ORDER BY f.id""").query((rs, i) -> {
					Map<String, Object> data = new LinkedHashMap<>();
					data.put("categoryCode", rs.getString("category_code"));
					String town = rs.getString("town_code");
					if (town != null) {
						data.put("townCode", town);
					}
					data.put("unit", "session");
					data.put("referencePriceFen", rs.getLong("amount_fen"));
					data.put("capFen", rs.getLong("amount_fen"));
					LocalDate from = rs.getObject("valid_from", LocalDate.class);
					data.put("validFrom", from.toString());
					LocalDate next = rs.getObject("next_from", LocalDate.class);
					if (next != null) {
						// a cap superseded on the day it began was never in force: it ends the day it began
						data.put("validUntil", (next.isAfter(from) ? next.minusDays(1) : from).toString());
					}
					return new DownFeedRecord("cap-" + rs.getLong("id"), data);
				}).list();
			}
		};
	}
}
