package org.kehou.people.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.identity.CurrentUser;
import org.kehou.people.StudentView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Guardians' correction and deletion requests, and the school's handling of them (audited). */
@Service
@Transactional
public class DataRequests {

	/** Joins the organisation module's published school table (read-only) for the town scope of lists. */
	private static final String SELECT = """
			SELECT r.id, r.student_id, s.name AS student_name, s.school_id, r.guardian_id, g.name AS guardian_name,
			       r.kind, r.details, r.status, r.response, r.created_at, r.handled_at
			FROM data_request r
			JOIN student s ON s.id = r.student_id
			JOIN school sc ON sc.id = s.school_id
			JOIN guardian g ON g.id = r.guardian_id
			""";

	private final JdbcClient jdbc;

	private final StudentRows students;

	private final StudentRecords studentRecords;

	private final Schools schools;

	private final AuditLog audit;

	DataRequests(JdbcClient jdbc, StudentRows students, StudentRecords studentRecords, Schools schools,
			AuditLog audit) {
		this.jdbc = jdbc;
		this.students = students;
		this.studentRecords = studentRecords;
		this.schools = schools;
		this.audit = audit;
	}

	public DataRequest submit(long studentId, long guardianId, DataRequest.Kind kind, String details) {
		if (details.isBlank() || details.length() > 1000) {
			throw new PeopleRuleViolation("people.error.requestDetails");
		}
		StudentView student = students.require(studentId);
		long id = jdbc.sql("""
				INSERT INTO data_request (student_id, guardian_id, kind, details) VALUES (:s, :g, :kind, :details)
				RETURNING id""")
			.param("s", studentId)
			.param("g", guardianId)
			.param("kind", kind.name())
			.param("details", details.trim())
			.query(Long.class)
			.single();
		audit.record(AuditLog.Entry.of("data-request.submit", "data_request", id)
			.in(townOf(student.schoolId()), student.schoolId())
			.detail(kind + " for student " + studentId));
		return find(id).orElseThrow();
	}

	@Transactional(readOnly = true)
	public Optional<DataRequest> find(long id) {
		return jdbc.sql(SELECT + " WHERE r.id = :id").param("id", id).query(DataRequests::map).optional();
	}

	@Transactional(readOnly = true)
	public List<DataRequest> ofStudent(long studentId) {
		return jdbc.sql(SELECT + " WHERE r.student_id = :s ORDER BY r.created_at DESC")
			.param("s", studentId)
			.query(DataRequests::map)
			.list();
	}

	/** Requests about students in scope, optionally of one school and status, newest first. */
	@Transactional(readOnly = true)
	public List<DataRequest> search(PeopleScope scope, @Nullable Long schoolId, DataRequest.@Nullable Status status) {
		return scope.bind(jdbc.sql(SELECT + """
				 WHERE (CAST(:school AS BIGINT) IS NULL OR s.school_id = :school)
				   AND (CAST(:status AS TEXT) IS NULL OR r.status = :status)""" + PeopleScope.SQL
				+ " ORDER BY r.status = 'OPEN' DESC, r.created_at DESC LIMIT 500"))
			.param("school", schoolId)
			.param("status", status == null ? null : status.name())
			.query(DataRequests::map)
			.list();
	}

	/**
	 * Closes a request. A DELETION request that is DONE anonymises the student (name → 已删除, personal data
	 * removed, guardian links dropped); a CORRECTION is corrected by the school on the student's record first.
	 */
	public DataRequest handle(long id, DataRequest.Status outcome, String response) {
		DataRequest request = jdbc.sql(SELECT + " WHERE r.id = :id FOR UPDATE OF r")
			.param("id", id)
			.query(DataRequests::map)
			.optional()
			.orElseThrow(() -> new PeopleRuleViolation("people.error.requestUnknown"));
		DataRequest.Status status = request.close(outcome, response);
		jdbc.sql("""
				UPDATE data_request SET status = :status, response = :response, handled_at = now(), handled_by = :by
				WHERE id = :id AND status = 'OPEN'""")
			.param("status", status.name())
			.param("response", response.isBlank() ? null : response.trim())
			.param("by", CurrentUser.find().map(u -> u.id()).orElse(null))
			.param("id", id)
			.update();
		if (request.kind() == DataRequest.Kind.DELETION && status == DataRequest.Status.DONE) {
			studentRecords.anonymise(request.studentId(), "data request " + id);
		}
		audit.record(AuditLog.Entry.of("data-request.handle", "data_request", id)
			.in(townOf(request.schoolId()), request.schoolId())
			.detail(request.kind() + " → " + status));
		return find(id).orElseThrow();
	}

	private @Nullable Long townOf(long schoolId) {
		return schools.findSchool(schoolId).map(SchoolView::townId).orElse(null);
	}

	static DataRequest map(ResultSet rs, int row) throws SQLException {
		var handled = rs.getTimestamp("handled_at");
		return new DataRequest(rs.getLong("id"), rs.getLong("student_id"), rs.getString("student_name"),
				rs.getLong("school_id"), rs.getLong("guardian_id"), rs.getString("guardian_name"),
				DataRequest.Kind.valueOf(rs.getString("kind")), rs.getString("details"),
				DataRequest.Status.valueOf(rs.getString("status")), rs.getString("response"),
				rs.getTimestamp("created_at").toInstant(), handled == null ? null : handled.toInstant());
	}
}
