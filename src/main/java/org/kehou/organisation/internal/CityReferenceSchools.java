package org.kehou.organisation.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kehou.exchange.DownFeedRecord;
import org.kehou.exchange.DownFeedSource;
import org.kehou.exchange.RecordType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The city's registry of schools as {@code school} records of the down feed: id and {@code schoolCode} = the school's
 * code, its town's code and name (a city-direct school (市直属) gets the city's code and the name 市直属), its stage,
 * {@code serviceEndsNoEarlierThan} = the school's daily service end ({@code school.service_ends}, 17:30 unless the
 * school set another) and whether it is active. Every school is published, closed ones with {@code active: false}.
 */
@Component
class CityReferenceSchools implements DownFeedSource {

	static final String CITY_DIRECT = "市直属";

	private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

	private final JdbcClient jdbc;

	CityReferenceSchools(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public RecordType type() {
		return RecordType.SCHOOL;
	}

	@Override
	public List<DownFeedRecord> current(LocalDate today) {
		return jdbc.sql("""
				SELECT s.code, s.name, coalesce(t.code, c.code) AS town_code, t.name AS town_name, s.stage,
				       s.service_ends, s.active
				FROM school s JOIN city c ON c.id = s.city_id LEFT JOIN town t ON t.id = s.town_id
				ORDER BY s.code""")
			.query((rs, i) -> {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("schoolCode", rs.getString("code"));
				data.put("name", rs.getString("name"));
				data.put("townCode", rs.getString("town_code"));
				String town = rs.getString("town_name");
				data.put("townName", town == null ? CITY_DIRECT : town);
				data.put("stage", rs.getString("stage").toLowerCase(Locale.ROOT).replace('_', '-'));
				data.put("serviceEndsNoEarlierThan", rs.getObject("service_ends", LocalTime.class).format(HH_MM));
				data.put("active", rs.getBoolean("active"));
				return new DownFeedRecord(rs.getString("code"), data);
			})
			.list();
	}
}
