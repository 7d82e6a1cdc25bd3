package org.kehou.supervision;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AccountDirectory;
import org.kehou.identity.AccountDirectory.NamedAccount;
import org.kehou.identity.AuditLog;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Owner;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The alerts the rules raised ({@link AlertRules}): listed within a scope (the city: all; a town admin: the alerts of
 * its town's schools), assigned to an account in scope, resolved with a required note. Callers check the scope of a
 * single alert through its {@code alertId} owner ({@link #ownerOf(long)}).
 */
@Service
public class Alerts {

	/** The longest resolution note. */
	public static final int NOTE_MAX = 2000;

	private static final String SELECT = """
			SELECT a.*, s.name AS school_name, t.name AS town_name
			FROM sup_alert a LEFT JOIN school s ON s.id = a.school_id LEFT JOIN town t ON t.id = a.town_id
			""";

	private final JdbcClient jdbc;

	private final AccountDirectory accounts;

	private final AuditLog audit;

	private final Clock clock;

	Alerts(JdbcClient jdbc, AccountDirectory accounts, AuditLog audit, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.audit = audit;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** The list's filters; {@code null}: any. */
	public record Filter(@Nullable String status, @Nullable String severity, @Nullable AlertRule rule,
			@Nullable Long townId, @Nullable Long schoolId) {
	}

	/** A page of alerts. */
	public record Page(List<AlertView> items, long total, int page, int pages) {
		public boolean hasNext() {
			return page + 1 < pages;
		}
	}

	public Page list(Scope scope, Filter filter, int page, int size) {
		StringBuilder where = new StringBuilder(" WHERE TRUE");
		List<Object[]> params = new ArrayList<>();
		if (!scope.isCity()) {
			where.append(" AND a.town_id = :scopeTown");
			params.add(new Object[] { "scopeTown", scope.townId() == null ? -1L : scope.townId() });
		}
		if (filter.status() != null) {
			where.append(" AND a.status = :status");
			params.add(new Object[] { "status", filter.status() });
		}
		if (filter.severity() != null) {
			where.append(" AND a.severity = :severity");
			params.add(new Object[] { "severity", filter.severity() });
		}
		if (filter.rule() != null) {
			where.append(" AND a.rule = :rule");
			params.add(new Object[] { "rule", filter.rule().name() });
		}
		if (filter.townId() != null) {
			where.append(" AND a.town_id = :town");
			params.add(new Object[] { "town", filter.townId() });
		}
		if (filter.schoolId() != null) {
			where.append(" AND a.school_id = :school");
			params.add(new Object[] { "school", filter.schoolId() });
		}
		var count = jdbc.sql("SELECT count(*) FROM sup_alert a" + where);
		var rows = jdbc.sql(SELECT + where + "\n" + """
				 ORDER BY CASE WHEN a.status IN ('OPEN', 'ASSIGNED') THEN 0 ELSE 1 END,
				   CASE a.severity WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END, a.id DESC
				 LIMIT :limit OFFSET :offset""");
		for (Object[] p : params) {
			count = count.param((String) p[0], p[1]);
			rows = rows.param((String) p[0], p[1]);
		}
		long total = count.query(Long.class).single();
		int pages = (int) Math.max(1, (total + size - 1) / size);
		int current = Math.max(0, Math.min(page, pages - 1));
		List<AlertView> items = rows.param("limit", size)
			.param("offset", (long) current * size)
			.query((rs, n) -> view(rs))
			.list();
		return new Page(items, total, current, pages);
	}

	public Optional<AlertView> find(long id) {
		return jdbc.sql(SELECT + " WHERE a.id = :id").param("id", id).query((rs, n) -> view(rs)).optional();
	}

	/** The open (open or assigned) alerts of one school, most severe first. */
	public List<AlertView> openAtSchool(String schoolCode) {
		return jdbc.sql(SELECT + """
				 WHERE a.school_code = :code AND a.status IN ('OPEN', 'ASSIGNED')
				 ORDER BY CASE a.severity WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END, a.id DESC LIMIT 50""")
			.param("code", schoolCode)
			.query((rs, n) -> view(rs))
			.list();
	}

	/** Open (open or assigned) alerts in the scope. */
	public long openCount(Scope scope) {
		return jdbc.sql("""
				SELECT count(*) FROM sup_alert
				WHERE status IN ('OPEN', 'ASSIGNED') AND (CAST(:town AS BIGINT) IS NULL OR town_id = :town)""")
			.param("town", scope.isCity() ? null : scope.townId() == null ? -1L : scope.townId())
			.query(Long.class)
			.single();
	}

	/** Who owns an alert: the town (and school) of the school it is about, else the city. */
	public Optional<Owner> ownerOf(long id) {
		return jdbc.sql("SELECT town_id, school_id FROM sup_alert WHERE id = :id")
			.param("id", id)
			.query((rs, n) -> owner(rs.getObject("town_id", Long.class), rs.getObject("school_id", Long.class)))
			.optional();
	}

	static Owner owner(@Nullable Long town, @Nullable Long school) {
		if (school != null) {
			return Owner.school(town, school);
		}
		return town != null ? Owner.town(town) : Owner.CITY;
	}

	/**
	 * The accounts an alert (or a task about the same school / town) may be given to: the city's admins, the admins
	 * of its town, the inspectors of its school.
	 */
	public List<NamedAccount> assignable(@Nullable Long townId, @Nullable Long schoolId) {
		List<NamedAccount> list = new ArrayList<>(accounts.enabledAccounts(Role.CITY_ADMIN, null, null));
		if (townId != null) {
			list.addAll(accounts.enabledAccounts(Role.TOWN_ADMIN, townId, null));
		}
		if (schoolId != null) {
			list.addAll(accounts.enabledAccounts(Role.INSPECTOR, null, schoolId));
		}
		return list;
	}

	@Transactional
	public void assign(long id, long userId, KehouUser by) {
		AlertView alert = find(id).orElseThrow(() -> new OversightRefused("alert.error.notFound"));
		NamedAccount to = assignable(alert.townId(), alert.schoolId()).stream()
			.filter(a -> a.id() == userId)
			.findFirst()
			.orElseThrow(() -> new OversightRefused("alert.error.assignee"));
		int updated = jdbc.sql("""
				UPDATE sup_alert SET status = 'ASSIGNED', assignee_id = :user, assignee_name = :name, assigned_at = :now
				WHERE id = :id AND status IN ('OPEN', 'ASSIGNED')""")
			.param("user", to.id())
			.param("name", to.displayName())
			.param("now", java.sql.Timestamp.from(clock.instant()))
			.param("id", id)
			.update();
		if (updated == 0) {
			throw new OversightRefused("alert.error.closed");
		}
		audit.record(AuditLog.Entry.of("alert-assign", "sup_alert", id)
			.in(alert.townId(), alert.schoolId())
			.detail(to.displayName() + " ← " + by.displayName()));
	}

	/** Resolves an open or assigned alert; the note is required. */
	@Transactional
	public void resolve(long id, @Nullable String note, KehouUser by) {
		String text = note == null ? "" : note.strip();
		if (text.isEmpty() || text.length() > NOTE_MAX) {
			throw new OversightRefused("alert.error.note");
		}
		AlertView alert = find(id).orElseThrow(() -> new OversightRefused("alert.error.notFound"));
		int updated = jdbc.sql("""
				UPDATE sup_alert SET status = 'RESOLVED', resolution = :note, closed_at = :now, closed_by = :by
				WHERE id = :id AND status IN ('OPEN', 'ASSIGNED')""")
			.param("note", text)
			.param("now", java.sql.Timestamp.from(clock.instant()))
			.param("by", by.displayName())
			.param("id", id)
			.update();
		if (updated == 0) {
			throw new OversightRefused("alert.error.closed");
		}
		audit.record(AuditLog.Entry.of("alert-resolve", "sup_alert", id).in(alert.townId(), alert.schoolId()));
	}

	private static AlertView view(ResultSet rs) throws SQLException {
		return new AlertView(rs.getLong("id"), AlertRule.valueOf(rs.getString("rule")), rs.getString("severity"),
				rs.getString("status"), rs.getString("school_code"), rs.getObject("school_id", Long.class),
				rs.getString("school_name"), rs.getObject("town_id", Long.class), rs.getString("town_name"),
				rs.getString("provider_code"), rs.getObject("platform_id", Long.class), strings(rs.getArray("args")),
				strings(rs.getArray("record_ids")), time(rs, "raised_at"), time(rs, "seen_at"),
				timeOrNull(rs, "condition_cleared_at"), rs.getObject("assignee_id", Long.class),
				rs.getString("assignee_name"), timeOrNull(rs, "closed_at"), rs.getString("closed_by"),
				rs.getString("resolution"));
	}

	static List<String> strings(@Nullable Array array) throws SQLException {
		if (array == null) {
			return List.of();
		}
		return Arrays.stream((Object[]) array.getArray()).map(o -> o == null ? "—" : o.toString()).toList();
	}

	static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).atZoneSameInstant(AlertRules.CITY_ZONE).toOffsetDateTime();
	}

	static @Nullable OffsetDateTime timeOrNull(ResultSet rs, String column) throws SQLException {
		OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
		return t == null ? null : t.atZoneSameInstant(AlertRules.CITY_ZONE).toOffsetDateTime();
	}
}
