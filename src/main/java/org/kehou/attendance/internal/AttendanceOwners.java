package org.kehou.attendance.internal;

import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.AttendanceProperties;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.kehou.identity.Role;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a session ({@code sessionId}: its school and town, the provider whose
 * course it is), an inspection visit ({@code inspectionId}: like its session) and a leave request ({@code leaveId}: the
 * child's school and town, the child's guardians).
 * <p>
 * A teacher's scope is the school, but a teacher may see only the sessions (visits, leave) of offerings they teach: for a
 * signed-in teacher who does not teach the offering, the owner leaves out the school, so the check answers 404 like
 * for any record out of scope. Likewise an instructor may see only the sessions of offerings they teach (the account's
 * linked instructor): for one who does not, the owner leaves out the provider.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AttendanceProperties.class)
class AttendanceOwners {

	@Bean
	OwnerResolver sessionOwner(JdbcClient jdbc) {
		return OwnerResolver.of("sessionId", id -> ofOffering(jdbc, """
				SELECT cs.offering_id, cs.school_id, s.town_id, o.provider_id FROM class_session cs
				JOIN offering o ON o.id = cs.offering_id JOIN school s ON s.id = cs.school_id WHERE cs.id = :id""", id));
	}

	/** An inspection visit: owned like its session (a teacher or instructor sees only those of offerings they teach). */
	@Bean
	OwnerResolver inspectionOwner(JdbcClient jdbc) {
		return OwnerResolver.of("inspectionId", id -> ofOffering(jdbc, """
				SELECT v.offering_id, v.school_id, s.town_id, o.provider_id FROM inspection_visit v
				JOIN offering o ON o.id = v.offering_id JOIN school s ON s.id = v.school_id WHERE v.id = :id""", id));
	}

	/**
	 * The owner of a record of an offering: its school and town, the provider whose course it is, narrowed for
	 * teachers and instructors ({@link #teacherOrNot}). {@code sql} selects offering, school, town, provider by
	 * {@code :id}.
	 */
	private static Optional<Owner> ofOffering(JdbcClient jdbc, String sql, long id) {
		record Row(long offering, long school, @Nullable Long town, @Nullable Long provider) {
		}
		return jdbc.sql(sql)
			.param("id", id)
			.query((rs, i) -> new Row(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class),
					rs.getObject(4, Long.class)))
			.optional()
			.map(r -> {
				Owner owner = Owner.school(r.town(), r.school());
				if (r.provider() != null) {
					owner = owner.and(Owner.provider(r.provider()));
				}
				return teacherOrNot(jdbc, owner, "offering_id = :x", r.offering());
			});
	}

	@Bean
	OwnerResolver leaveOwner(JdbcClient jdbc) {
		return OwnerResolver.of("leaveId", id -> jdbc.sql("""
				SELECT l.school_id, s.town_id, ARRAY(SELECT g.guardian_id FROM student_guardian g WHERE g.student_id = l.student_id)
				FROM leave_request l JOIN school s ON s.id = l.school_id WHERE l.id = :id""")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1)).withGuardians(ids(rs.getArray(3))))
			.optional()
			.map(owner -> teacherOrNot(jdbc, owner,
					"offering_id IN (SELECT cs.offering_id FROM leave_session ls JOIN class_session cs ON cs.id = ls.session_id WHERE ls.leave_id = :x)",
					id)));
	}

	/** The ids of a PostgreSQL {@code BIGINT[]}. */
	static Set<Long> ids(java.sql.Array array) throws java.sql.SQLException {
		return Set.copyOf(java.util.Arrays.asList((Long[]) array.getArray()));
	}

	/**
	 * For a signed-in teacher who teaches none of the offerings selected by {@code offerings}: the owner without school;
	 * for an instructor who teaches none of them (or whose account is not linked to an instructor): without provider.
	 */
	private static Owner teacherOrNot(JdbcClient jdbc, Owner owner, String offerings, long value) {
		KehouUser user = CurrentUser.find().orElse(null);
		if (user != null && user.role() == Role.INSTRUCTOR) {
			boolean teaches = user.instructorId() != null && jdbc.sql(
					"SELECT EXISTS (SELECT 1 FROM offering_teacher WHERE instructor_id = :i AND " + offerings + ")")
				.param("i", user.instructorId())
				.param("x", value)
				.query(Boolean.class)
				.single();
			return teaches ? owner : new Owner(owner.townIds(), owner.schoolIds(), owner.guardianIds(), Set.of());
		}
		if (user == null || user.role() != Role.TEACHER) {
			return owner;
		}
		boolean teaches = user.staffId() != null && jdbc.sql(
				"SELECT EXISTS (SELECT 1 FROM offering_teacher WHERE staff_id = :staff AND " + offerings + ")")
			.param("staff", user.staffId())
			.param("x", value)
			.query(Boolean.class)
			.single();
		return teaches ? owner : new Owner(owner.townIds(), Set.of(), owner.guardianIds(), owner.providerIds());
	}
}
