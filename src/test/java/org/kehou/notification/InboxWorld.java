package org.kehou.notification;

import java.util.concurrent.atomic.AtomicLong;

import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.shared.Masking;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** Fresh accounts for inbox tests on the shared demo database, so tests never see each other's messages. */
public final class InboxWorld {

	private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 10_000_000L);

	private final JdbcClient jdbc;

	private final PersonalDataCipher cipher;

	public InboxWorld(JdbcClient jdbc, PersonalDataCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	/** A guardian with a phone number on record and an account. */
	public KehouUser guardian() {
		String phone = "135" + String.format("%08d", SEQUENCE.incrementAndGet() % 100_000_000L);
		long guardian = jdbc.sql("""
				INSERT INTO guardian (name, phone_enc, phone_hash, phone_masked) VALUES ('通知测试家长', :e, :h, :m) RETURNING id""")
			.param("e", cipher.encrypt(phone))
			.param("h", cipher.phoneHash(phone))
			.param("m", Masking.phone(phone))
			.query(Long.class)
			.single();
		long id = jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, guardian_id) VALUES (:h, '通知测试家长', 'GUARDIAN', :g)
				RETURNING id""")
			.param("h", cipher.phoneHash(phone))
			.param("g", guardian)
			.query(Long.class)
			.single();
		return new KehouUser(id, "user-" + id, "通知测试家长", null, Role.GUARDIAN,
				new Scope(Role.GUARDIAN, null, null, guardian, null), null, false, false, true);
	}

	/** A city administrator's account (no phone number on record). */
	public KehouUser admin() {
		String name = "notify" + SEQUENCE.incrementAndGet();
		long id = jdbc.sql("INSERT INTO app_user (username, display_name, role) VALUES (:u, '通知测试', 'CITY_ADMIN') RETURNING id")
			.param("u", name)
			.query(Long.class)
			.single();
		return new KehouUser(id, name, "通知测试", null, Role.CITY_ADMIN, new Scope(Role.CITY_ADMIN, null, null, null, null),
				null, false, false, true);
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
