package org.kehou.people.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.people.ConsentDecided;
import org.kehou.people.Consents;
import org.kehou.people.Guardians;
import org.kehou.people.StudentGuardian;
import org.kehou.people.StudentView;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What a guardian does about a child's data: decide on the privacy notice, see and download all of it. */
@Service
@Transactional
public class ChildData {

	/** Everything Kehou's people module holds about a child (personal numbers masked), for the guardian. */
	public record Export(Instant exportedAt, String noticeVersion, StudentView student, @Nullable String birthDate,
			List<StudentGuardian> guardians, List<Consents.ConsentView> consents, List<ConsentEvent> consentHistory,
			List<DataRequest> dataRequests) {
	}

	public record ConsentEvent(long guardianId, String noticeVersion, String decision, Instant decidedAt) {
	}

	private final JdbcClient jdbc;

	private final StudentRows students;

	private final Guardians guardians;

	private final Consents consents;

	private final DataRequests requests;

	private final Schools schools;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	ChildData(JdbcClient jdbc, StudentRows students, Guardians guardians, Consents consents, DataRequests requests,
			Schools schools, AuditLog audit, ApplicationEventPublisher events) {
		this.events = events;
		this.jdbc = jdbc;
		this.students = students;
		this.guardians = guardians;
		this.consents = consents;
		this.requests = requests;
		this.schools = schools;
		this.audit = audit;
	}

	/** Records a guardian's decision on the current notice for one of their children. */
	public void decide(long guardianId, long studentId, Consents.Decision decision) {
		if (!guardians.isGuardianOf(guardianId, studentId)) {
			throw new PeopleRuleViolation("people.error.notGuardian");
		}
		StudentView student = students.find(studentId).orElseThrow();
		jdbc.sql("""
				INSERT INTO consent (guardian_id, student_id, notice_version, decision) VALUES (:g, :s, :v, :d)""")
			.param("g", guardianId)
			.param("s", studentId)
			.param("v", Consents.NOTICE_VERSION)
			.param("d", decision.name())
			.update();
		audit.record(AuditLog.Entry.of("consent." + decision.name().toLowerCase(java.util.Locale.ROOT), "student", studentId)
			.in(townOf(student), student.schoolId())
			.detail("guardian " + guardianId + ", notice " + Consents.NOTICE_VERSION));
		events.publishEvent(new ConsentDecided(studentId, guardianId, decision, Consents.NOTICE_VERSION,
				consents.hasAccepted(studentId)));
	}

	/** Everything held about the child; the download is audited. */
	public Export export(long studentId) {
		Export export = exportWithoutAudit(studentId);
		StudentView student = export.student();
		audit.record(AuditLog.Entry.of("student.export", "student", studentId)
			.in(townOf(student), student.schoolId()));
		return export;
	}

	/** The same data for display on the guardian's page (masked; no full values, so not audited). */
	@Transactional(readOnly = true)
	public Export exportWithoutAudit(long studentId) {
		StudentView student = students.require(studentId);
		String birth = jdbc.sql("SELECT to_char(birth_date, 'YYYY-MM-DD') FROM student WHERE id = :id")
			.param("id", studentId)
			.query(String.class)
			.optional()
			.orElse(null);
		List<ConsentEvent> history = jdbc.sql("""
				SELECT guardian_id, notice_version, decision, decided_at FROM consent WHERE student_id = :s
				ORDER BY decided_at, id""")
			.param("s", studentId)
			.query((rs, i) -> new ConsentEvent(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant()))
			.list();
		return new Export(Instant.now(), Consents.NOTICE_VERSION, student, birth, guardians.ofStudent(studentId),
				consents.latest(studentId), history, requests.ofStudent(studentId));
	}

	private @Nullable Long townOf(StudentView student) {
		return schools.findSchool(student.schoolId()).map(SchoolView::townId).orElse(null);
	}
}
