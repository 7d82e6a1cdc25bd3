package org.kehou.people;

import java.util.List;
import java.util.Optional;

import org.kehou.identity.PersonalDataCipher;
import org.kehou.people.internal.StudentRows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Guardians for other modules: a guardian, the guardians of a student, the children of a guardian. */
@Service
@Transactional(readOnly = true)
public class Guardians {

	private final JdbcClient jdbc;

	private final StudentRows students;

	private final PersonalDataCipher cipher;

	Guardians(JdbcClient jdbc, StudentRows students, PersonalDataCipher cipher) {
		this.jdbc = jdbc;
		this.students = students;
		this.cipher = cipher;
	}

	/**
	 * The guardian's phone number in full, only to hand it to a delivery channel (SMS); never to show it. Pages and
	 * exports use the masked form of {@link #find}.
	 */
	public Optional<String> phoneForDelivery(long guardianId) {
		return jdbc.sql("SELECT phone_enc FROM guardian WHERE id = :id AND phone_enc IS NOT NULL")
			.param("id", guardianId)
			.query(byte[].class)
			.optional()
			.map(cipher::decrypt);
	}

	public Optional<GuardianView> find(long guardianId) {
		return jdbc.sql("SELECT id, name, phone_masked FROM guardian WHERE id = :id")
			.param("id", guardianId)
			.query((rs, i) -> new GuardianView(rs.getLong("id"), rs.getString("name"), rs.getString("phone_masked")))
			.optional();
	}

	/** The guardians of a student, the primary one first. */
	public List<StudentGuardian> ofStudent(long studentId) {
		return jdbc.sql("""
				SELECT g.id, g.name, g.phone_masked, sg.relation, sg.is_primary
				FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
				WHERE sg.student_id = :student ORDER BY sg.is_primary DESC, g.id""")
			.param("student", studentId)
			.query((rs, i) -> new StudentGuardian(rs.getLong("id"), rs.getString("name"), rs.getString("phone_masked"),
					Relation.valueOf(rs.getString("relation")), rs.getBoolean("is_primary")))
			.list();
	}

	/** The children of a guardian (in any school), by name. */
	public List<StudentView> childrenOf(long guardianId) {
		return students.ofGuardian(guardianId);
	}

	public boolean isGuardianOf(long guardianId, long studentId) {
		return jdbc.sql("SELECT count(*) FROM student_guardian WHERE guardian_id = :g AND student_id = :s")
			.param("g", guardianId)
			.param("s", studentId)
			.query(Long.class)
			.single() > 0;
	}
}
