package org.kehou.people.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.people.EvidenceStatus;
import org.kehou.people.HardshipCategory;
import org.kehou.people.StudentAnonymised;
import org.kehou.people.StudentView;
import org.kehou.shared.ChineseIdNumber;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changes to students, each audited in the same transaction; the full ID number only through an audited view. */
@Service
@Transactional
public class StudentRecords {

	/** What a school enters for a student (from the API or a form). */
	public record StudentInput(String studentNo, String name, String gender, @Nullable String idNumber, long classId,
			Set<HardshipCategory> hardships) {

		public StudentInput {
			studentNo = studentNo.trim();
			name = name.trim();
			gender = gender.trim().toUpperCase(java.util.Locale.ROOT);
			idNumber = idNumber == null || idNumber.isBlank() ? null : ChineseIdNumber.normalise(idNumber);
			hardships = Set.copyOf(hardships);
			if (!gender.equals("M") && !gender.equals("F")) {
				throw new PeopleRuleViolation("people.error.gender");
			}
			if (idNumber != null && !ChineseIdNumber.isValid(idNumber)) {
				throw new PeopleRuleViolation("people.error.idNumberInvalid");
			}
		}
	}

	public static final String ANONYMISED_NAME = "已删除";

	private final JdbcClient jdbc;

	private final PersonalData personal;

	private final Schools schools;

	private final StudentRows rows;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	StudentRecords(JdbcClient jdbc, PersonalData personal, Schools schools, StudentRows rows,
			AuditLog audit, ApplicationEventPublisher events) {
		this.events = events;
		this.jdbc = jdbc;
		this.personal = personal;
		this.schools = schools;
		this.rows = rows;
		this.audit = audit;
	}

	public StudentView create(long schoolId, StudentInput input) {
		var school = schools.findSchool(schoolId).orElseThrow(() -> new PeopleRuleViolation("people.error.schoolUnknown"));
		requireClass(schoolId, input.classId());
		checkIdNumberFree(input.idNumber(), null);
		PersonalData.Sealed id = input.idNumber() == null ? null : personal.idNumber(input.idNumber());
		long studentId;
		try {
			studentId = jdbc.sql("""
					INSERT INTO student (school_id, class_id, student_no, name, gender, birth_date,
					                     id_number_enc, id_number_hash, id_number_masked)
					VALUES (:school, :class, :no, :name, :gender, :birth, :enc, :hash, :masked) RETURNING id""")
				.param("school", schoolId)
				.param("class", input.classId())
				.param("no", input.studentNo())
				.param("name", input.name())
				.param("gender", input.gender())
				.param("birth", input.idNumber() == null ? null : ChineseIdNumber.birthDate(input.idNumber()))
				.param("enc", id == null ? null : id.encrypted())
				.param("hash", id == null ? null : id.hash())
				.param("masked", id == null ? null : id.masked())
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			throw new PeopleRuleViolation.Conflict("people.error.studentNoTaken", input.studentNo());
		}
		replaceHardships(studentId, input.hardships());
		audit.record(AuditLog.Entry.of("student.create", "student", studentId).in(school.townId(), schoolId));
		return rows.find(studentId).orElseThrow();
	}

	public StudentView update(long studentId, StudentInput input) {
		StudentView current = rows.require(studentId);
		requireClass(current.schoolId(), input.classId());
		checkIdNumberFree(input.idNumber(), studentId);
		try {
			jdbc.sql("""
					UPDATE student SET class_id = :class, student_no = :no, name = :name, gender = :gender,
					       updated_at = now() WHERE id = :id""")
				.param("class", input.classId())
				.param("no", input.studentNo())
				.param("name", input.name())
				.param("gender", input.gender())
				.param("id", studentId)
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new PeopleRuleViolation.Conflict("people.error.studentNoTaken", input.studentNo());
		}
		if (input.idNumber() != null) {
			PersonalData.Sealed id = personal.idNumber(input.idNumber());
			jdbc.sql("""
					UPDATE student SET id_number_enc = :enc, id_number_hash = :hash, id_number_masked = :masked,
					       birth_date = :birth WHERE id = :id""")
				.param("enc", id.encrypted())
				.param("hash", id.hash())
				.param("masked", id.masked())
				.param("birth", ChineseIdNumber.birthDate(input.idNumber()))
				.param("id", studentId)
				.update();
		}
		replaceHardships(studentId, input.hardships());
		audit.record(AuditLog.Entry.of("student.update", "student", studentId).in(townOf(current), current.schoolId()));
		return rows.find(studentId).orElseThrow();
	}

	/** Marks a student as having left the school (kept until the retention period ends, then anonymised). */
	public void markLeft(long studentId) {
		StudentView current = rows.require(studentId);
		jdbc.sql("UPDATE student SET status = 'LEFT', updated_at = now() WHERE id = :id AND status <> 'LEFT'")
			.param("id", studentId)
			.update();
		audit.record(AuditLog.Entry.of("student.leave", "student", studentId).in(townOf(current), current.schoolId()));
	}

	public void setEvidence(long studentId, HardshipCategory category, EvidenceStatus status) {
		StudentView current = rows.require(studentId);
		int changed = jdbc.sql("""
				UPDATE student_hardship SET evidence_status = :status WHERE student_id = :id AND category = :category""")
			.param("status", status.name())
			.param("id", studentId)
			.param("category", category.name())
			.update();
		if (changed == 0) {
			throw new PeopleRuleViolation("people.error.noSuchHardship");
		}
		audit.record(AuditLog.Entry.of("student.hardship-evidence", "student", studentId)
			.in(townOf(current), current.schoolId())
			.detail(category + "=" + status));
	}

	/** The full ID number, for a role that needs it; the view is audited. */
	public @Nullable String viewFullIdNumber(long studentId) {
		StudentView current = rows.require(studentId);
		byte[] enc = jdbc.sql("SELECT id_number_enc FROM student WHERE id = :id")
			.param("id", studentId)
			.query((rs, i) -> rs.getBytes(1))
			.optional()
			.orElse(null);
		audit.record(AuditLog.Entry.of("student.view-full-id-number", "student", studentId)
			.in(townOf(current), current.schoolId()));
		return enc == null ? null : personal.decrypt(enc);
	}

	/**
	 * Erases a student's personal data for good: name replaced, ID number, birth date and hardship categories
	 * removed, guardian links and consents dropped, status LEFT. The row stays so that records of other modules
	 * (attendance, payments) keep their reference, but nothing in it identifies the child any more.
	 */
	public void anonymise(long studentId, String reason) {
		StudentView current = rows.require(studentId);
		jdbc.sql("""
				UPDATE student SET name = :name, student_no = 'DEL-' || id, birth_date = NULL, id_number_enc = NULL,
				       id_number_hash = NULL, id_number_masked = NULL, status = 'LEFT', updated_at = now()
				WHERE id = :id""")
			.param("name", ANONYMISED_NAME)
			.param("id", studentId)
			.update();
		jdbc.sql("DELETE FROM student_hardship WHERE student_id = :id").param("id", studentId).update();
		jdbc.sql("DELETE FROM consent WHERE student_id = :id").param("id", studentId).update();
		jdbc.sql("DELETE FROM student_guardian WHERE student_id = :id").param("id", studentId).update();
		audit.record(AuditLog.Entry.of("student.anonymise", "student", studentId)
			.in(townOf(current), current.schoolId())
			.detail(reason));
		events.publishEvent(new StudentAnonymised(studentId, current.schoolId()));
	}

	private void replaceHardships(long studentId, Set<HardshipCategory> categories) {
		String[] names = categories.stream().map(Enum::name).toArray(String[]::new);
		jdbc.sql("DELETE FROM student_hardship WHERE student_id = :id AND NOT (category = ANY(:names))")
			.param("id", studentId)
			.param("names", names)
			.update();
		for (HardshipCategory category : categories) {
			jdbc.sql("""
					INSERT INTO student_hardship (student_id, category) VALUES (:id, :category)
					ON CONFLICT DO NOTHING""")
				.param("id", studentId)
				.param("category", category.name())
				.update();
		}
	}

	private void requireClass(long schoolId, long classId) {
		if (schools.findClass(classId).filter(c -> c.schoolId() == schoolId).isEmpty()) {
			throw new PeopleRuleViolation("people.error.classNotInSchool");
		}
	}

	private void checkIdNumberFree(@Nullable String idNumber, @Nullable Long except) {
		if (idNumber == null) {
			return;
		}
		boolean taken = jdbc.sql("""
				SELECT count(*) FROM student WHERE id_number_hash = :hash AND (CAST(:except AS BIGINT) IS NULL OR id <> :except)""")
			.param("hash", personal.idNumberHash(idNumber))
			.param("except", except)
			.query(Long.class)
			.single() > 0;
		if (taken) {
			throw new PeopleRuleViolation.Conflict("people.error.idNumberTaken");
		}
	}

	private @Nullable Long townOf(StudentView student) {
		return schools.findSchool(student.schoolId()).map(SchoolView::townId).orElse(null);
	}
}
