package org.kehou.identity.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Administrators manage the accounts of their scope: list, unlock, reset the password, enable or disable.
 * <p>
 * Who owns an account (the {@code userId} {@link OwnerResolver}): its own anchors (town; school and the school's
 * town; provider; guardian) and, for a guardian, the schools of the guardian's children and their towns — read
 * with SQL from the people and organisation tables ({@code student_guardian}, {@code student}, {@code school}), not
 * through those modules' Java code, so identity stays below them. So a school administrator can unlock the
 * guardians of the school's pupils; a city administrator's account has no anchor and only the city manages it.
 */
@Service
public class AccountAdministration implements OwnerResolver {

	public static final int PAGE_SIZE = 50;

	static final java.time.format.DateTimeFormatter DISPLAY_TIME = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(java.time.ZoneId.of("Asia/Shanghai"));

	/** A row of the account list; the phone number is never shown, only whether one is bound. */
	public record AccountRow(long id, @Nullable String username, String displayName, Role role, boolean hasPhone,
			boolean enabled, boolean locked, boolean mustChangePassword, @Nullable Instant lastLoginAt) {

		public String displayLastLogin() {
			return lastLoginAt == null ? "—" : DISPLAY_TIME.format(lastLoginAt);
		}
	}

	public record AccountPage(List<AccountRow> items, int page, int size, long total) {

		public long totalPages() {
			return Math.max(1, (total + size - 1) / size);
		}
	}

	private record Anchors(@Nullable Long townId, @Nullable Long schoolId, @Nullable Long schoolTownId,
			@Nullable Long guardianId, @Nullable Long providerId, @Nullable String username) {
	}

	private static final String GUARDIANS_OF_TOWN = """
			SELECT sg.guardian_id FROM student_guardian sg
			JOIN student st ON st.id = sg.student_id JOIN school sc ON sc.id = st.school_id
			WHERE sc.town_id = :scopeTown""";

	private static final String GUARDIANS_OF_SCHOOL = """
			SELECT sg.guardian_id FROM student_guardian sg
			JOIN student st ON st.id = sg.student_id WHERE st.school_id = :scopeSchool""";

	private final JdbcClient jdbc;

	private final SignInAttempts attempts;

	private final Passwords passwords;

	private final AuditLog audit;

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	AccountAdministration(JdbcClient jdbc, SignInAttempts attempts, Passwords passwords, AuditLog audit,
			FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.jdbc = jdbc;
		this.attempts = attempts;
		this.passwords = passwords;
		this.audit = audit;
		this.sessions = sessions;
	}

	@Override
	public String parameter() {
		return "userId";
	}

	@Override
	public Optional<Owner> ownerOf(long id) {
		return anchors(id).map(a -> {
			Set<Long> towns = new HashSet<>();
			Set<Long> schools = new HashSet<>();
			add(towns, a.townId());
			add(towns, a.schoolTownId());
			add(schools, a.schoolId());
			if (a.guardianId() != null) {
				jdbc.sql("""
						SELECT DISTINCT st.school_id, sc.town_id FROM student_guardian sg
						JOIN student st ON st.id = sg.student_id JOIN school sc ON sc.id = st.school_id
						WHERE sg.guardian_id = :guardianId""")
					.param("guardianId", a.guardianId())
					.query((rs, i) -> {
						schools.add(rs.getLong("school_id"));
						add(towns, rs.getObject("town_id", Long.class));
						return null;
					})
					.list();
			}
			return new Owner(towns, schools, a.guardianId() == null ? Set.of() : Set.of(a.guardianId()),
					a.providerId() == null ? Set.of() : Set.of(a.providerId()));
		});
	}

	/** The accounts the scope covers, optionally filtered by name (user name or display name). */
	public AccountPage list(Scope scope, @Nullable String query, int page) {
		String where = switch (scope.role()) {
			case CITY_ADMIN -> "TRUE";
			case TOWN_ADMIN -> "(u.town_id = :scopeTown OR s.town_id = :scopeTown OR u.guardian_id IN ("
					+ GUARDIANS_OF_TOWN + "))";
			case SCHOOL_ADMIN -> "(u.school_id = :scopeSchool OR u.guardian_id IN (" + GUARDIANS_OF_SCHOOL + "))";
			default -> "FALSE";
		};
		String text = query == null || query.isBlank() ? null : "%" + escapeLike(query.trim()) + "%";
		if (text != null) {
			where += " AND (u.username ILIKE :text OR u.display_name ILIKE :text)";
		}
		int safePage = Math.max(0, page);
		String from = " FROM app_user u LEFT JOIN school s ON s.id = u.school_id WHERE " + where;
		var count = jdbc.sql("SELECT count(*)" + from);
		var rows = jdbc.sql("""
				SELECT u.id, u.username, u.display_name, u.role, u.phone_hash IS NOT NULL AS has_phone, u.enabled,
				       coalesce(u.locked_until > now(), FALSE) AS locked, u.must_change_password,
				       u.last_login_at""" + from + " ORDER BY u.role, u.display_name, u.id LIMIT :limit OFFSET :offset")
			.param("limit", PAGE_SIZE)
			.param("offset", (long) safePage * PAGE_SIZE);
		if (scope.townId() != null && scope.role() == Role.TOWN_ADMIN) {
			count = count.param("scopeTown", scope.townId());
			rows = rows.param("scopeTown", scope.townId());
		}
		if (scope.schoolId() != null && scope.role() == Role.SCHOOL_ADMIN) {
			count = count.param("scopeSchool", scope.schoolId());
			rows = rows.param("scopeSchool", scope.schoolId());
		}
		if (text != null) {
			count = count.param("text", text);
			rows = rows.param("text", text);
		}
		long total = count.query(Long.class).single();
		List<AccountRow> items = rows.query((rs, i) -> new AccountRow(rs.getLong("id"), rs.getString("username"),
				rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getBoolean("has_phone"),
				rs.getBoolean("enabled"), rs.getBoolean("locked"), rs.getBoolean("must_change_password"),
				rs.getTimestamp("last_login_at") == null ? null : rs.getTimestamp("last_login_at").toInstant()))
			.list();
		return new AccountPage(items, safePage, PAGE_SIZE, total);
	}

	/**
	 * The name of the town or school a scope is anchored to (read from the organisation tables with SQL), empty for
	 * the city, guardians and providers.
	 */
	public Optional<String> anchorName(Scope scope) {
		if (scope.schoolId() != null) {
			return jdbc.sql("SELECT name FROM school WHERE id = :id").param("id", scope.schoolId()).query(String.class).optional();
		}
		if (scope.townId() != null) {
			return jdbc.sql("SELECT name FROM town WHERE id = :id").param("id", scope.townId()).query(String.class).optional();
		}
		return Optional.empty();
	}

	@Transactional
	public void unlock(long userId) {
		Anchors a = anchors(userId).orElseThrow();
		attempts.unlock(userId);
		audit.record(AuditLog.Entry.of("account.unlock", "user", userId).in(town(a), a.schoolId()));
	}

	/**
	 * Sets a random temporary password that must be changed at the next sign-in and ends the account's sessions.
	 *
	 * @return the temporary password, to be shown once
	 */
	@Transactional
	public String resetPassword(long userId) {
		Anchors a = notSelf(userId);
		String temporary = passwords.temporaryPassword();
		jdbc.sql("""
				UPDATE app_user SET password_hash = :hash, must_change_password = TRUE, failed_attempts = 0,
				                    locked_until = NULL WHERE id = :id""")
			.param("hash", passwords.encode(temporary))
			.param("id", userId)
			.update();
		endSessions(userId, a);
		audit.record(AuditLog.Entry.of("account.password-reset", "user", userId).in(town(a), a.schoolId()));
		return temporary;
	}

	/** Enables or disables the account; disabling ends its sessions. */
	@Transactional
	public void setEnabled(long userId, boolean enabled) {
		Anchors a = notSelf(userId);
		jdbc.sql("UPDATE app_user SET enabled = :enabled WHERE id = :id")
			.param("enabled", enabled)
			.param("id", userId)
			.update();
		if (!enabled) {
			endSessions(userId, a);
		}
		audit.record(AuditLog.Entry.of(enabled ? "account.enable" : "account.disable", "user", userId)
			.in(town(a), a.schoolId()));
	}

	private Anchors notSelf(long userId) {
		if (CurrentUser.find().map(u -> u.id() == userId).orElse(false)) {
			throw new IllegalStateException("identity.accounts.error.self");
		}
		return anchors(userId).orElseThrow();
	}

	private void endSessions(long userId, Anchors a) {
		// the session's principal name is the login name, or user-<id> for accounts without one (see Accounts)
		String principal = a.username() != null ? a.username() : "user-" + userId;
		sessions.findByPrincipalName(principal).keySet().forEach(sessions::deleteById);
	}

	private Optional<Anchors> anchors(long id) {
		return jdbc.sql("""
				SELECT u.town_id, u.school_id, s.town_id AS school_town_id, u.guardian_id, u.provider_id, u.username
				FROM app_user u LEFT JOIN school s ON s.id = u.school_id WHERE u.id = :id""")
			.param("id", id)
			.query(Anchors.class)
			.optional();
	}

	private static @Nullable Long town(Anchors a) {
		return a.townId() != null ? a.townId() : a.schoolTownId();
	}

	private static void add(Set<Long> set, @Nullable Long value) {
		if (value != null) {
			set.add(value);
		}
	}

	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}
}
