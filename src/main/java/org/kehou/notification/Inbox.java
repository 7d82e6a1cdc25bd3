package org.kehou.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read side of the inbox, always of the signed-in account only (there is no way to name another's): the unread
 * count, a page of messages newest first, marking one or all read.
 */
@Service
public class Inbox {

	public static final int MAX_PAGE_SIZE = 100;

	private static final String COLUMNS = "id, topic, title, body, link, created_at, read_at";

	private final JdbcClient jdbc;

	Inbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	public long unreadCount() {
		return jdbc.sql("SELECT count(*) FROM inbox_message WHERE recipient_user_id = :me AND read_at IS NULL")
			.param("me", me())
			.query(Long.class)
			.single();
	}

	/**
	 * @param page from 1
	 * @param size 1 to {@value #MAX_PAGE_SIZE}
	 * @throws IllegalArgumentException for a page below 1 or a size out of range
	 */
	@Transactional(readOnly = true)
	public InboxPage page(int page, int size) {
		if (page < 1) {
			throw new IllegalArgumentException("page counts from 1");
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
		}
		long me = me();
		var items = jdbc.sql("SELECT " + COLUMNS + """
				 FROM inbox_message WHERE recipient_user_id = :me
				ORDER BY created_at DESC, id DESC LIMIT :size OFFSET :offset""")
			.param("me", me)
			.param("size", size)
			.param("offset", (long) (page - 1) * size)
			.query(Inbox::map)
			.list();
		var counts = jdbc.sql("""
				SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread
				FROM inbox_message WHERE recipient_user_id = :me""")
			.param("me", me)
			.query((rs, i) -> new long[] { rs.getLong("total"), rs.getLong("unread") })
			.single();
		return new InboxPage(items, page, size, counts[0], counts[1]);
	}

	@Transactional(readOnly = true)
	public Optional<InboxMessage> find(long messageId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM inbox_message WHERE id = :id AND recipient_user_id = :me")
			.param("id", messageId)
			.param("me", me())
			.query(Inbox::map)
			.optional();
	}

	/**
	 * Marks one of the current user's messages read (again: harmless).
	 *
	 * @return the message, empty when the current user has no such message
	 */
	@Transactional
	public Optional<InboxMessage> markRead(long messageId) {
		return jdbc.sql("UPDATE inbox_message SET read_at = coalesce(read_at, now()) WHERE id = :id AND recipient_user_id = :me "
				+ "RETURNING " + COLUMNS)
			.param("id", messageId)
			.param("me", me())
			.query(Inbox::map)
			.optional();
	}

	/** @return how many messages were unread */
	@Transactional
	public int markAllRead() {
		return jdbc.sql("UPDATE inbox_message SET read_at = now() WHERE recipient_user_id = :me AND read_at IS NULL")
			.param("me", me())
			.update();
	}

	private static long me() {
		return CurrentUser.require().id();
	}

	private static InboxMessage map(ResultSet rs, int row) throws SQLException {
		return new InboxMessage(rs.getLong("id"), rs.getString("topic"), rs.getString("title"), rs.getString("body"),
				rs.getString("link"), rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("read_at")));
	}

	private static java.time.@Nullable Instant instant(@Nullable Timestamp t) {
		return t == null ? null : t.toInstant();
	}
}
