package org.kehou.people.internal;

import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AccountDirectory;
import org.kehou.identity.AuditLog;
import org.kehou.organisation.Schools;
import org.kehou.identity.Role;
import org.kehou.people.StaffRole;
import org.kehou.people.StaffView;
import org.kehou.shared.Masking;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers school staff and their sign-in accounts. */
@Service
@Transactional
public class StaffRecords {

	public record StaffInput(String staffNo, String name, @Nullable String gender, @Nullable String phone,
			Set<StaffRole> roles, @Nullable String subject) {

		public StaffInput {
			staffNo = staffNo.trim();
			name = name.trim();
			gender = gender == null || gender.isBlank() ? null : gender.trim().toUpperCase(java.util.Locale.ROOT);
			phone = phone == null || phone.isBlank() ? null : phone.trim();
			roles = roles.isEmpty() ? Set.of(StaffRole.TEACHER) : Set.copyOf(roles);
			if (gender != null && !gender.equals("M") && !gender.equals("F")) {
				throw new PeopleRuleViolation("people.error.gender");
			}
			if (phone != null && !Masking.isMobile(phone)) {
				throw new PeopleRuleViolation("people.error.phoneInvalid");
			}
		}

		/** The sign-in role the staff member gets: the strongest of their staff roles. */
		Role accountRole() {
			if (roles.contains(StaffRole.AFTER_SCHOOL_ADMIN)) {
				return Role.SCHOOL_ADMIN;
			}
			return roles.contains(StaffRole.INSPECTOR) && !roles.contains(StaffRole.TEACHER)
					&& !roles.contains(StaffRole.HOMEROOM) ? Role.INSPECTOR : Role.TEACHER;
		}
	}

	/** A new staff member and the one-time initial password of their account (shown once, never stored plain). */
	public record Registered(StaffView staff, String username, String initialPassword) {
	}

	private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

	private final JdbcClient jdbc;

	private final PersonalData personal;

	private final AccountDirectory accounts;

	private final Schools schools;

	private final AuditLog audit;

	private final SecureRandom random = new SecureRandom();

	StaffRecords(JdbcClient jdbc, PersonalData personal, AccountDirectory accounts, Schools schools,
			AuditLog audit) {
		this.jdbc = jdbc;
		this.personal = personal;
		this.accounts = accounts;
		this.schools = schools;
		this.audit = audit;
	}

	public Registered register(long schoolId, StaffInput input) {
		var school = schools.findSchool(schoolId).orElseThrow(() -> new PeopleRuleViolation("people.error.schoolUnknown"));
		PersonalData.Sealed phone = input.phone() == null ? null : personal.phone(input.phone());
		long id;
		try {
			id = jdbc.sql("""
					INSERT INTO staff (school_id, staff_no, name, gender, phone_enc, phone_hash, phone_masked, roles, subject)
					VALUES (:school, :no, :name, :gender, :enc, :hash, :masked, CAST(:roles AS VARCHAR(24)[]), :subject)
					RETURNING id""")
				.param("school", schoolId)
				.param("no", input.staffNo())
				.param("name", input.name())
				.param("gender", input.gender())
				.param("enc", phone == null ? null : phone.encrypted())
				.param("hash", phone == null ? null : phone.hash())
				.param("masked", phone == null ? null : phone.masked())
				.param("roles", input.roles().stream().map(Enum::name).sorted().toArray(String[]::new))
				.param("subject", input.subject())
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			throw new PeopleRuleViolation.Conflict("people.error.staffNoTaken", input.staffNo());
		}
		String username = "s" + schoolId + "-" + input.staffNo();
		String password = initialPassword();
		accounts.ensureStaffAccount(id, schoolId, input.accountRole(), username, phone == null ? null : phone.hash(),
				input.name(), password);
		audit.record(AuditLog.Entry.of("staff.create", "staff", id).in(school.townId(), schoolId));
		StaffView view = jdbc.sql("""
				SELECT id, school_id, staff_no, name, gender, phone_masked, roles, subject, active FROM staff WHERE id = :id""")
			.param("id", id)
			.query(org.kehou.people.Staff::map)
			.single();
		return new Registered(view, username, password);
	}

	public List<StaffView> search(PeopleScope scope, @Nullable Long schoolId) {
		// joins the organisation module's published school table (read-only): town scope and order by school name
		return scope.bind(jdbc.sql("""
				SELECT s.id, s.school_id, s.staff_no, s.name, s.gender, s.phone_masked, s.roles, s.subject, s.active
				FROM staff s JOIN school sc ON sc.id = s.school_id
				WHERE (CAST(:school AS BIGINT) IS NULL OR s.school_id = :school)
				  AND CAST(:scopeGuardian AS BIGINT) IS NULL
				  AND (CAST(:scopeTown AS BIGINT) IS NULL OR sc.town_id = :scopeTown)
				  AND (CAST(:scopeSchool AS BIGINT) IS NULL OR s.school_id = :scopeSchool)
				  AND :scopeVisible
				ORDER BY sc.name, s.staff_no"""))
			.param("school", schoolId)
			.query(org.kehou.people.Staff::map)
			.list();
	}

	private String initialPassword() {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			b.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
		}
		return b.toString();
	}
}
