package org.kehou.identity.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Reads the audit log (reading it is not itself audited). The city sees everything; a town administrator sees the
 * entries about the town or its schools, and the entries made by accounts of the town or of its schools (the
 * town of a school is read from the organisation module's {@code school} table with SQL).
 */
@Service
public class AuditSearch {

	public static final int PAGE_SIZE = 50;

	/** All optional; {@code action} matches the action or its dotted sub-actions ("account" finds account.unlock). */
	public record Filter(@Nullable String actor, @Nullable String action, @Nullable String targetType,
			@Nullable String targetId, @Nullable LocalDate from, @Nullable LocalDate to,
			AuditLog.@Nullable Outcome outcome) {

		public static Filter none() {
			return new Filter(null, null, null, null, null, null, null);
		}
	}

	public record Row(long id, Instant at, @Nullable Long actorId, @Nullable String actorName,
			@Nullable String actorRole, String action, @Nullable String targetType, @Nullable String targetId,
			@Nullable Long schoolId, @Nullable Long townId, @Nullable String detail, @Nullable String remoteAddr,
			String outcome) {

		/** The time in China, for pages. */
		public String displayAt() {
			return AccountAdministration.DISPLAY_TIME.format(at);
		}
	}

	public record ResultPage(List<Row> items, int page, int size, long total) {

		public long totalPages() {
			return Math.max(1, (total + size - 1) / size);
		}
	}

	private final JdbcClient jdbc;

	AuditSearch(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public ResultPage search(Scope scope, Filter filter, int page) {
		List<String> where = new ArrayList<>();
		Map<String, Object> params = new LinkedHashMap<>();
		if (scope.role() == Role.TOWN_ADMIN && scope.townId() != null) {
			where.add("""
					(a.town_id = :scopeTown
					 OR a.school_id IN (SELECT id FROM school WHERE town_id = :scopeTown)
					 OR a.actor_id IN (SELECT u.id FROM app_user u LEFT JOIN school s ON s.id = u.school_id
					                   WHERE u.town_id = :scopeTown OR s.town_id = :scopeTown))""");
			params.put("scopeTown", scope.townId());
		}
		else if (!scope.isCity()) {
			throw new AccessDeniedException("the audit log is for city and town administrators");
		}
		if (hasText(filter.actor())) {
			where.add("a.actor_name ILIKE :actor");
			params.put("actor", "%" + AccountAdministration.escapeLike(filter.actor().trim()) + "%");
		}
		if (hasText(filter.action())) {
			where.add("(a.action = :action OR a.action LIKE :actionPrefix)");
			params.put("action", filter.action().trim());
			params.put("actionPrefix", AccountAdministration.escapeLike(filter.action().trim()) + ".%");
		}
		if (hasText(filter.targetType())) {
			where.add("a.target_type = :targetType");
			params.put("targetType", filter.targetType().trim());
		}
		if (hasText(filter.targetId())) {
			where.add("a.target_id = :targetId");
			params.put("targetId", filter.targetId().trim());
		}
		if (filter.from() != null) {
			where.add("a.at >= :from");
			params.put("from", filter.from());
		}
		if (filter.to() != null) {
			where.add("a.at < :toExclusive");
			params.put("toExclusive", filter.to().plusDays(1));
		}
		if (filter.outcome() != null) {
			where.add("a.outcome = :outcome");
			params.put("outcome", filter.outcome().name());
		}
		String condition = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
		int safePage = Math.max(0, page);
		long total = jdbc.sql("SELECT count(*) FROM audit_event a" + condition)
			.params(params)
			.query(Long.class)
			.single();
		List<Row> items = jdbc.sql("""
				SELECT a.id, a.at, a.actor_id, a.actor_name, a.actor_role, a.action, a.target_type, a.target_id,
				       a.school_id, a.town_id, a.detail, a.remote_addr, a.outcome
				FROM audit_event a""" + condition + " ORDER BY a.at DESC, a.id DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.param("limit", PAGE_SIZE)
			.param("offset", (long) safePage * PAGE_SIZE)
			.query((rs, i) -> new Row(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
					rs.getObject("actor_id", Long.class), rs.getString("actor_name"), rs.getString("actor_role"),
					rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
					rs.getObject("school_id", Long.class), rs.getObject("town_id", Long.class), rs.getString("detail"),
					rs.getString("remote_addr"), rs.getString("outcome")))
			.list();
		return new ResultPage(items, safePage, PAGE_SIZE, total);
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}
}
