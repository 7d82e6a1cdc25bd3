package org.kehou.supervision;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kehou.exchange.DownFeedRecord;
import org.kehou.exchange.DownFeedSource;
import org.kehou.exchange.RecordType;
import org.kehou.organisation.Terms;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The published policies as {@code policy} records of the down feed (id {@code pol-<id>}): a withdrawn policy is no
 * longer current, so the feed deletes it. Attachments are linked by their token
 * ({@link Policies#attachmentUrl(String)}).
 */
@Component
class PolicyFeed implements DownFeedSource {

	private final JdbcClient jdbc;

	private final PolicyProperties properties;

	PolicyFeed(JdbcClient jdbc, PolicyProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@Override
	public RecordType type() {
		return RecordType.POLICY;
	}

	@Override
	public List<DownFeedRecord> current(LocalDate today) {
		Map<Long, List<Map<String, Object>>> attachments = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT a.policy_id, a.token, a.name, a.size_bytes FROM sup_policy_attachment a
				JOIN sup_policy p ON p.id = a.policy_id WHERE p.status = 'published' ORDER BY a.policy_id, a.id""")
			.query((rs, i) -> {
				Map<String, Object> a = new LinkedHashMap<>();
				a.put("name", rs.getString("name"));
				a.put("url", properties.publicUrl() + "/exchange/v1/policy-files?t=" + rs.getString("token"));
				a.put("sizeBytes", rs.getLong("size_bytes"));
				return attachments.computeIfAbsent(rs.getLong("policy_id"), k -> new ArrayList<>()).add(a);
			})
			.list();
		return jdbc.sql("""
				SELECT id, title, kind, body_html, audiences, town_code, published_at FROM sup_policy
				WHERE status = 'published' ORDER BY id""")
			.query((rs, i) -> {
				long id = rs.getLong("id");
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("title", rs.getString("title"));
				data.put("kind", rs.getString("kind"));
				data.put("bodyHtml", rs.getString("body_html"));
				data.put("audiences", List.of((String[]) rs.getArray("audiences").getArray()));
				List<Map<String, Object>> files = attachments.get(id);
				if (files != null) {
					data.put("attachments", files);
				}
				data.put("publishedAt", OffsetDateTime
					.ofInstant(rs.getTimestamp("published_at").toInstant().truncatedTo(ChronoUnit.SECONDS),
							Terms.CITY_ZONE)
					.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
				String town = rs.getString("town_code");
				if (town != null) {
					data.put("townCode", town);
				}
				return new DownFeedRecord(Policies.View.feedId(id), data);
			})
			.list();
	}
}
