package org.kehou.feedback.internal;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a complaint ({@code complaintId}) and a complaint's photo
 * ({@code complaintPhotoId}): the child's school and its town, and the child's guardians. Providers and teachers see no
 * complaints (their endpoints do not admit those roles).
 */
@Configuration(proxyBeanMethods = false)
class ComplaintOwners {

	private static final String OWNER = """
			SELECT c.school_id, c.town_id,
			  ARRAY(SELECT g.guardian_id FROM student_guardian g WHERE g.student_id = c.student_id)
			FROM complaint c WHERE c.id = """;

	@Bean
	OwnerResolver complaintOwner(JdbcClient jdbc) {
		return OwnerResolver.of("complaintId", id -> jdbc.sql(OWNER + ":id")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1)).withGuardians(ids(rs.getArray(3))))
			.optional());
	}

	@Bean
	OwnerResolver complaintPhotoOwner(JdbcClient jdbc) {
		return OwnerResolver.of("complaintPhotoId", id -> jdbc.sql(OWNER
				+ "(SELECT complaint_id FROM complaint_photo WHERE id = :id)")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1)).withGuardians(ids(rs.getArray(3))))
			.optional());
	}

	private static Set<Long> ids(Array array) throws SQLException {
		return Set.copyOf(Arrays.asList((Long[]) array.getArray()));
	}
}
