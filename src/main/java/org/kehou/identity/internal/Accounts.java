package org.kehou.identity.internal;

import java.time.Instant;
import java.util.Optional;

import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.shared.Masking;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Loads accounts for sign-in: by username, or by mobile number through its keyed hash (never by decrypting).
 */
@Component
class Accounts implements UserDetailsService {

	private final JdbcClient jdbc;

	private final PersonalDataCipher cipher;

	Accounts(JdbcClient jdbc, PersonalDataCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	@Override
	public KehouUser loadUserByUsername(String login) {
		return find(login).orElseThrow(() -> new UsernameNotFoundException("no such account"));
	}

	Optional<KehouUser> find(String login) {
		String trimmed = login.trim();
		if (Masking.isMobile(trimmed)) {
			return query("phone_hash = :key", cipher.phoneHash(trimmed));
		}
		return query("lower(username) = lower(:key)", trimmed);
	}

	Optional<KehouUser> findById(long id) {
		return query("id = :key", id);
	}

	Optional<KehouUser> findByPhoneHash(byte[] phoneHash) {
		return query("phone_hash = :key", phoneHash);
	}

	private Optional<KehouUser> query(String where, Object key) {
		return jdbc.sql("""
				SELECT id, username, display_name, password_hash, role, town_id, school_id, provider_id,
				       guardian_id, staff_id, instructor_id, must_change_password, locked_until, enabled
				FROM app_user WHERE """ + " " + where)
			.param("key", key)
			.query((rs, i) -> {
				Role role = Role.valueOf(rs.getString("role"));
				Scope scope = new Scope(role, rs.getObject("town_id", Long.class), rs.getObject("school_id", Long.class),
						rs.getObject("guardian_id", Long.class), rs.getObject("provider_id", Long.class));
				var lockedUntil = rs.getTimestamp("locked_until");
				boolean locked = lockedUntil != null && lockedUntil.toInstant().isAfter(Instant.now());
				String username = rs.getString("username");
				// never the phone number: the login name is stored in the session table and the audit log
				String name = username != null ? username : "user-" + rs.getLong("id");
				return new KehouUser(rs.getLong("id"), name, rs.getString("display_name"),
						rs.getString("password_hash"), role, scope, rs.getObject("staff_id", Long.class),
						rs.getObject("instructor_id", Long.class), rs.getBoolean("must_change_password"), locked, rs.getBoolean("enabled"));
			})
			.optional();
	}
}
