package org.kehou.notification;

import java.util.concurrent.atomic.AtomicInteger;

import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Accounts for inbox tests on the shared demo database: each call takes another account of the demo city (from the
 * end, away from the demo logins other tests use) and empties its inbox and preferences, so tests never see each
 * other's messages. No accounts or guardians are added: other tests count them.
 */
public final class InboxWorld {

	private static final AtomicInteger NEXT = new AtomicInteger();

	private final JdbcClient jdbc;

	public InboxWorld(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A guardian of the demo city (with a phone number on record). */
	public KehouUser guardian() {
		return take("role = 'GUARDIAN'");
	}

	/** A teacher or inspector of the demo city (no phone number on record for notices). */
	public KehouUser staff() {
		return take("role IN ('TEACHER', 'INSPECTOR') AND username NOT IN ('teacher1', 'inspector1')");
	}

	private KehouUser take(String where) {
		KehouUser user = jdbc.sql("SELECT id, role, town_id, school_id, guardian_id, provider_id, staff_id FROM app_user WHERE "
				+ where + " ORDER BY id DESC OFFSET :n LIMIT 1")
			.param("n", NEXT.getAndIncrement())
			.query((rs, i) -> {
				Role role = Role.valueOf(rs.getString("role"));
				return new KehouUser(rs.getLong("id"), "user-" + rs.getLong("id"), "通知测试", null, role,
						new Scope(role, rs.getObject("town_id", Long.class), rs.getObject("school_id", Long.class),
								rs.getObject("guardian_id", Long.class), rs.getObject("provider_id", Long.class)),
						rs.getObject("staff_id", Long.class), false, false, true);
			})
			.single();
		jdbc.sql("DELETE FROM inbox_message WHERE recipient_user_id = :u").param("u", user.id()).update();
		jdbc.sql("DELETE FROM notification_preference WHERE user_id = :u").param("u", user.id()).update();
		return user;
	}

	public long messages(long userId) {
		return jdbc.sql("SELECT count(*) FROM inbox_message WHERE recipient_user_id = :u").param("u", userId)
			.query(Long.class).single();
	}

	public static void signIn(KehouUser user) {
		SecurityContextHolder.getContext()
			.setAuthentication(new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
	}

	public static void signOut() {
		SecurityContextHolder.clearContext();
	}
}
