package org.kehou.attendance.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns an inspection visit ({@code inspectionId}): the session's school and town
 * and the provider whose course it is — so the school's admin and inspectors, the town, the city and the offering's
 * provider (admin and instructors) see it. Like a session, a teacher sees only the visits of offerings they teach: for
 * a signed-in teacher who does not teach the offering the owner leaves out the school, and the check answers 404.
 */
@Configuration(proxyBeanMethods = false)
class InspectionOwners {

	@Bean
	OwnerResolver inspectionOwner(JdbcClient jdbc) {
		return OwnerResolver.of("inspectionId", id -> {
			record Row(long offering, long school, @Nullable Long town, @Nullable Long provider) {
			}
			return jdbc.sql("""
					SELECT v.offering_id, v.school_id, s.town_id, o.provider_id FROM inspection_visit v
					JOIN offering o ON o.id = v.offering_id JOIN school s ON s.id = v.school_id WHERE v.id = :id""")
				.param("id", id)
				.query((rs, i) -> new Row(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class),
						rs.getObject(4, Long.class)))
				.optional()
				.map(r -> {
					Owner owner = Owner.school(r.town(), r.school());
					if (r.provider() != null) {
						owner = owner.and(Owner.provider(r.provider()));
					}
					KehouUser user = CurrentUser.find().orElse(null);
					if (user == null || user.role() != Role.TEACHER) {
						return owner;
					}
					boolean teaches = user.staffId() != null && jdbc.sql(
							"SELECT EXISTS (SELECT 1 FROM offering_teacher WHERE staff_id = :staff AND offering_id = :o)")
						.param("staff", user.staffId())
						.param("o", r.offering())
						.query(Boolean.class)
						.single();
					return teaches ? owner : new Owner(owner.townIds(), Set.of(), owner.guardianIds(), owner.providerIds());
				});
		});
	}
}
