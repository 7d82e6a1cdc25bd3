package org.kehou.notification.internal;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.kehou.notification.TopicGroup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Which external channels a user lets through per topic group; everything is on until switched off. */
@Component
public class Preferences {

	private final JdbcClient jdbc;

	Preferences(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public boolean allows(long userId, TopicGroup group, String channel) {
		return jdbc.sql("""
				SELECT enabled FROM notification_preference
				WHERE user_id = :user AND topic_group = :group AND channel = :channel""")
			.param("user", userId)
			.param("group", group.name())
			.param("channel", channel)
			.query(Boolean.class)
			.optional()
			.orElse(true);
	}

	/** Every group with the given channels, on or off, in the order of {@link TopicGroup}. */
	@Transactional(readOnly = true)
	public Map<TopicGroup, Map<String, Boolean>> of(long userId, Collection<String> channels) {
		Map<TopicGroup, Map<String, Boolean>> all = new EnumMap<>(TopicGroup.class);
		for (TopicGroup group : TopicGroup.values()) {
			Map<String, Boolean> row = new LinkedHashMap<>();
			channels.forEach(c -> row.put(c, true));
			all.put(group, row);
		}
		jdbc.sql("SELECT topic_group, channel, enabled FROM notification_preference WHERE user_id = :user")
			.param("user", userId)
			.query(rs -> {
				Map<String, Boolean> row = all.get(TopicGroup.valueOf(rs.getString("topic_group")));
				String channel = rs.getString("channel");
				if (row.containsKey(channel)) {
					row.put(channel, rs.getBoolean("enabled"));
				}
			});
		return all;
	}

	@Transactional
	public void set(long userId, TopicGroup group, String channel, boolean enabled) {
		jdbc.sql("""
				INSERT INTO notification_preference (user_id, topic_group, channel, enabled)
				VALUES (:user, :group, :channel, :enabled)
				ON CONFLICT (user_id, topic_group, channel) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()""")
			.param("user", userId)
			.param("group", group.name())
			.param("channel", channel)
			.param("enabled", enabled)
			.update();
	}
}
