package org.kehou.attendance.internal;

import org.kehou.people.StudentAnonymised;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * When a student's personal data is erased, attendance erases what it holds about the child beyond ids: the reasons a
 * guardian gave for leave (often an illness) and the decision notes, the authorised pickup persons' names and phones
 * (removed) and the signed go-home-alone statement (revoked). Marks, leave, releases and sessions stay, by id, for the
 * figures and for billing.
 */
@Component
class AttendanceErasure {

	/** What an erased text reads. */
	static final String ERASED = "—";

	private final JdbcClient jdbc;

	AttendanceErasure(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@ApplicationModuleListener
	void on(StudentAnonymised event) {
		jdbc.sql("""
				UPDATE leave_request SET reason = :erased, decision_note = NULL
				WHERE student_id = :s AND (reason <> :erased OR decision_note IS NOT NULL)""")
			.param("erased", ERASED)
			.param("s", event.studentId())
			.update();
		jdbc.sql("""
				UPDATE pickup_person SET name = :erased, phone_enc = NULL, phone_hash = NULL, phone_masked = '***',
				  removed_at = COALESCE(removed_at, now())
				WHERE student_id = :s""")
			.param("erased", ERASED)
			.param("s", event.studentId())
			.update();
		jdbc.sql("UPDATE go_home_alone SET statement = :erased, revoked_at = COALESCE(revoked_at, now()) WHERE student_id = :s")
			.param("erased", ERASED)
			.param("s", event.studentId())
			.update();
	}
}
