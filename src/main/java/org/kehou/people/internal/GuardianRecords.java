package org.kehou.people.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AccountDirectory;
import org.kehou.identity.AuditLog;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.people.GuardianView;
import org.kehou.people.Relation;
import org.kehou.people.StudentView;
import org.kehou.shared.Masking;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Guardians: one per phone number (matched by its keyed hash), linked to any number of children in any schools,
 * each with a sign-in account. The full phone number only through an audited view.
 */
@Service
@Transactional
public class GuardianRecords {

	/** A guardian in the console's list, with the number of children in scope. */
	public record GuardianRow(long id, String name, String phoneMasked, String children) {
	}

	private final JdbcClient jdbc;

	private final PersonalData personal;

	private final AccountDirectory accounts;

	private final StudentRows students;

	private final Schools schools;

	private final AuditLog audit;

	GuardianRecords(JdbcClient jdbc, PersonalData personal, AccountDirectory accounts, StudentRows students,
			Schools schools, AuditLog audit) {
		this.jdbc = jdbc;
		this.personal = personal;
		this.accounts = accounts;
		this.students = students;
		this.schools = schools;
		this.audit = audit;
	}

	/** Links a guardian (found by phone, or created with an account) to a student. */
	public GuardianView link(long studentId, String name, String phone, Relation relation, boolean primary) {
		if (!Masking.isMobile(phone)) {
			throw new PeopleRuleViolation("people.error.phoneInvalid");
		}
		StudentView student = students.require(studentId);
		PersonalData.Sealed sealed = personal.phone(phone);
		jdbc.sql("""
				INSERT INTO guardian (name, phone_enc, phone_hash, phone_masked) VALUES (:name, :enc, :hash, :masked)
				ON CONFLICT (phone_hash) DO NOTHING""")
			.param("name", name.trim())
			.param("enc", sealed.encrypted())
			.param("hash", sealed.hash())
			.param("masked", sealed.masked())
			.update();
		GuardianView guardian = jdbc.sql("SELECT id, name, phone_masked FROM guardian WHERE phone_hash = :hash")
			.param("hash", sealed.hash())
			.query((rs, i) -> new GuardianView(rs.getLong(1), rs.getString(2), rs.getString(3)))
			.single();
		accounts.ensureGuardianAccount(guardian.id(), sealed.hash(), guardian.name());
		jdbc.sql("""
				INSERT INTO student_guardian (student_id, guardian_id, relation, is_primary)
				VALUES (:student, :guardian, :relation, :primary)
				ON CONFLICT (student_id, guardian_id) DO UPDATE SET relation = EXCLUDED.relation, is_primary = EXCLUDED.is_primary""")
			.param("student", studentId)
			.param("guardian", guardian.id())
			.param("relation", relation.name())
			.param("primary", primary)
			.update();
		audit.record(AuditLog.Entry.of("guardian.link", "student", studentId)
			.in(townOf(student.schoolId()), student.schoolId())
			.detail("guardian " + guardian.id() + " " + relation));
		return guardian;
	}

	public void unlink(long studentId, long guardianId) {
		StudentView student = students.require(studentId);
		jdbc.sql("DELETE FROM student_guardian WHERE student_id = :s AND guardian_id = :g")
			.param("s", studentId)
			.param("g", guardianId)
			.update();
		audit.record(AuditLog.Entry.of("guardian.unlink", "student", studentId)
			.in(townOf(student.schoolId()), student.schoolId())
			.detail("guardian " + guardianId));
	}

	/** The full phone number, for a role that needs it; the view is audited. */
	public String viewFullPhone(long guardianId) {
		byte[] enc = jdbc.sql("SELECT phone_enc FROM guardian WHERE id = :id")
			.param("id", guardianId)
			.query((rs, i) -> rs.getBytes(1))
			.optional()
			.orElseThrow(() -> new PeopleRuleViolation("people.error.guardianUnknown"));
		audit.record(AuditLog.Entry.of("guardian.view-full-phone", "guardian", guardianId));
		return personal.decrypt(enc);
	}

	/** Guardians of students in scope, optionally of one school, by name. */
	public Page<GuardianRow> search(PeopleScope scope, @Nullable Long schoolId, @Nullable String name, int page,
			int size) {
		// joins the organisation module's published school table (read-only) for the town scope in one query
		String from = """
				FROM guardian gd
				WHERE EXISTS (SELECT 1 FROM student_guardian sg JOIN student s ON s.id = sg.student_id
				              JOIN school sc ON sc.id = s.school_id
				              WHERE sg.guardian_id = gd.id
				                AND (CAST(:school AS BIGINT) IS NULL OR s.school_id = :school)""" + PeopleScope.SQL + """
				)
				  AND (CAST(:name AS TEXT) IS NULL OR gd.name LIKE :name)""";
		String like = name == null || name.isBlank() ? null : "%" + name.trim() + "%";
		long total = scope.bind(jdbc.sql("SELECT count(*) " + from)).param("school", schoolId).param("name", like)
			.query(Long.class)
			.single();
		int p = Math.max(1, page);
		List<GuardianRow> items = scope.bind(jdbc.sql("""
				SELECT gd.id, gd.name, gd.phone_masked,
				       (SELECT string_agg(s2.name, '、' ORDER BY s2.name) FROM student_guardian sg2
				          JOIN student s2 ON s2.id = sg2.student_id WHERE sg2.guardian_id = gd.id) AS children
				""" + from + " ORDER BY gd.name, gd.id LIMIT :limit OFFSET :offset"))
			.param("school", schoolId)
			.param("name", like)
			.param("limit", size)
			.param("offset", (long) (p - 1) * size)
			.query((rs, i) -> new GuardianRow(rs.getLong("id"), rs.getString("name"), rs.getString("phone_masked"),
					rs.getString("children") == null ? "" : rs.getString("children")))
			.list();
		return new Page<>(items, p, size, total);
	}

	private @Nullable Long townOf(long schoolId) {
		return schools.findSchool(schoolId).map(SchoolView::townId).orElse(null);
	}
}
