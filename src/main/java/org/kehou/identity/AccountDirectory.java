package org.kehou.identity;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.kehou.identity.internal.PasswordPolicy;
import org.kehou.shared.Masking;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Creates sign-in accounts for people other modules register (guardians, school staff, providers' administrators).
 * Guardians' and staff accounts are idempotent: an account that already exists for the same person is returned
 * unchanged.
 */
@Service
public class AccountDirectory {

	/** The shortest password accepted (the message {@code identity.password.error.short} takes it as argument). */
	public static final int PASSWORD_MIN_LENGTH = PasswordPolicy.MIN_LENGTH;

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final PersonalDataCipher cipher;

	AccountDirectory(JdbcClient jdbc, PasswordEncoder passwords, PersonalDataCipher cipher) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.cipher = cipher;
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

	/**
	 * The role and scope anchors of an account (e.g. to deliver a notification to the guardian's phone, or to tell
	 * whose scope a record addressed to the account lies in); empty for an unknown account.
	 */
	public Optional<Scope> scopeOf(long userId) {
		return jdbc.sql("SELECT role, town_id, school_id, guardian_id, provider_id FROM app_user WHERE id = :id")
			.param("id", userId)
			.query((rs, i) -> new Scope(Role.valueOf(rs.getString("role")), rs.getObject("town_id", Long.class),
					rs.getObject("school_id", Long.class), rs.getObject("guardian_id", Long.class),
					rs.getObject("provider_id", Long.class)))
			.optional();
	}

	/** The enabled accounts of these guardians (to address a notice to a child's guardians). */
	public List<Long> guardianAccounts(Collection<Long> guardianIds) {
		if (guardianIds.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("SELECT id FROM app_user WHERE guardian_id IN (:ids) AND enabled ORDER BY id")
			.param("ids", guardianIds)
			.query(Long.class)
			.list();
	}

	/** The enabled accounts of a school with this role (e.g. its after-school administrators, to alert them). */
	public List<Long> schoolAccounts(long schoolId, Role role) {
		return jdbc.sql("SELECT id FROM app_user WHERE school_id = :s AND role = :r AND enabled ORDER BY id")
			.param("s", schoolId)
			.param("r", role.name())
			.query(Long.class)
			.list();
	}

	/** @return the message key (identity bundle) of the first password rule broken, empty when acceptable */
	public Optional<String> passwordProblem(String password) {
		return PasswordPolicy.check(password, null);
	}

	/** Whether an account signs in with this mobile number already. */
	public boolean phoneTaken(String phone) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM app_user WHERE phone_hash = :hash)")
			.param("hash", cipher.phoneHash(phone))
			.query(Boolean.class)
			.single();
	}

	/**
	 * The account of a self-registered provider's administrator: signs in with the mobile number and the chosen
	 * password. Call it in the transaction that creates the provider.
	 *
	 * @return the account id
	 * @throws IllegalArgumentException when the password breaks a rule or the number is not a mobile number
	 * @throws IllegalStateException when an account signs in with this number already
	 */
	public long createProviderAdmin(long providerId, String phone, String displayName, String password) {
		if (!Masking.isMobile(phone)) {
			throw new IllegalArgumentException("invalid mobile number");
		}
		passwordProblem(password).ifPresent(key -> {
			throw new IllegalArgumentException(key);
		});
		return jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, password_hash, role, provider_id)
				VALUES (:phoneHash, :name, :password, 'PROVIDER_ADMIN', :providerId)
				ON CONFLICT DO NOTHING RETURNING id""")
			.param("phoneHash", cipher.phoneHash(phone))
			.param("name", displayName)
			.param("password", passwords.encode(password))
			.param("providerId", providerId)
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("an account signs in with this mobile number already"));
	}

	/** An enabled account as another module may show and pick it (e.g. an inspector to assign a task to). */
	public record NamedAccount(long id, String displayName, Role role) {
	}

	/**
	 * The enabled accounts with this role anchored in the given town and/or school ({@code null}: any), by name —
	 * e.g. the city's admins, a town's admins, a school's inspectors.
	 */
	public List<NamedAccount> enabledAccounts(Role role, @org.jspecify.annotations.Nullable Long townId,
			@org.jspecify.annotations.Nullable Long schoolId) {
		return jdbc.sql("""
				SELECT id, display_name, role FROM app_user
				WHERE role = :role AND enabled
				  AND (CAST(:town AS BIGINT) IS NULL OR town_id = :town)
				  AND (CAST(:school AS BIGINT) IS NULL OR school_id = :school)
				ORDER BY display_name, id""")
			.param("role", role.name())
			.param("town", townId)
			.param("school", schoolId)
			.query((rs, n) -> new NamedAccount(rs.getLong("id"), rs.getString("display_name"),
					Role.valueOf(rs.getString("role"))))
			.list();
	}
}
