package org.kehou.identity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Creates sign-in accounts for people other modules register (guardians, school staff). Idempotent: an account
 * that already exists for the same person is returned unchanged.
 */
@Service
public class AccountDirectory {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	AccountDirectory(JdbcClient jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	/**
	 * A guardian signs in with a one-time code sent to the phone (no password until they set one).
	 *
	 * @return the account id
	 */
	public long ensureGuardianAccount(long guardianId, byte[] phoneHash, String displayName) {
		jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, guardian_id)
				VALUES (:phoneHash, :name, 'GUARDIAN', :guardianId)
				ON CONFLICT (phone_hash) DO NOTHING""")
			.param("phoneHash", phoneHash)
			.param("name", displayName)
			.param("guardianId", guardianId)
			.update();
		return jdbc.sql("SELECT id FROM app_user WHERE phone_hash = :phoneHash")
			.param("phoneHash", phoneHash)
			.query(Long.class)
			.single();
	}

	/**
	 * A school staff member's account with an initial password that must be changed at first sign-in.
	 *
	 * @param role TEACHER, INSPECTOR or SCHOOL_ADMIN
	 * @param phoneHash may be null when the staff record has no mobile number
	 * @return the account id
	 */
	public long ensureStaffAccount(long staffId, long schoolId, Role role, String username,
			byte @org.jspecify.annotations.Nullable [] phoneHash, String displayName, String initialPassword) {
		if (role != Role.TEACHER && role != Role.INSPECTOR && role != Role.SCHOOL_ADMIN) {
			throw new IllegalArgumentException("not a school staff role: " + role);
		}
		jdbc.sql("""
				INSERT INTO app_user (username, phone_hash, display_name, password_hash, role, school_id, staff_id,
				                      must_change_password)
				VALUES (:username, :phoneHash, :name, :password, :role, :schoolId, :staffId, TRUE)
				ON CONFLICT DO NOTHING""")
			.param("username", username)
			.param("phoneHash", phoneHash)
			.param("name", displayName)
			.param("password", passwords.encode(initialPassword))
			.param("role", role.name())
			.param("schoolId", schoolId)
			.param("staffId", staffId)
			.update();
		return jdbc.sql("SELECT id FROM app_user WHERE username = :username")
			.param("username", username)
			.query(Long.class)
			.single();
	}
}
