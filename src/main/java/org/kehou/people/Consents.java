package org.kehou.people;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Guardians' decisions on the privacy notice, per child. A child's data may be used beyond the roster (course
 * selection, attendance, payments …) only when {@link #hasAccepted(long)}: at least one guardian accepted the
 * current notice version and no guardian's latest decision on it is a refusal.
 */
@Service
@Transactional(readOnly = true)
public class Consents {

	/** The version of the privacy notice in force (see /privacy). */
	public static final String NOTICE_VERSION = "2026-09";

	public enum Decision {
		ACCEPTED, REFUSED
	}

	/** One guardian's latest decision for one child. */
	public record ConsentView(long guardianId, long studentId, String noticeVersion, Decision decision,
			Instant decidedAt) {
	}

	private final JdbcClient jdbc;

	Consents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public boolean hasAccepted(long studentId) {
		List<ConsentView> latest = latest(studentId);
		return !latest.isEmpty() && latest.stream().allMatch(c -> c.decision() == Decision.ACCEPTED);
	}

	/** Each guardian's latest decision on the current notice version for a child. */
	public List<ConsentView> latest(long studentId) {
		return jdbc.sql("""
				SELECT DISTINCT ON (c.guardian_id) c.guardian_id, c.student_id, c.notice_version, c.decision, c.decided_at
				FROM consent c
				JOIN student_guardian sg ON sg.student_id = c.student_id AND sg.guardian_id = c.guardian_id
				WHERE c.student_id = :student AND c.notice_version = :version
				ORDER BY c.guardian_id, c.decided_at DESC, c.id DESC""")
			.param("student", studentId)
			.param("version", NOTICE_VERSION)
			.query((rs, i) -> new ConsentView(rs.getLong("guardian_id"), rs.getLong("student_id"),
					rs.getString("notice_version"), Decision.valueOf(rs.getString("decision")),
					rs.getTimestamp("decided_at").toInstant()))
			.list();
	}
}
