package org.kehou.feedback.internal;

import java.util.Set;

import org.kehou.feedback.Surveys;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a survey campaign ({@code surveyId}): the level that created it — its school
 * (and town), its town, or the city — so that level and those above see it. A signed-in guardian or teacher in the
 * campaign's audience owns it too (to answer it); anyone else gets 404.
 */
@Configuration(proxyBeanMethods = false)
class SurveyOwners {

	@Bean
	OwnerResolver surveyOwner(JdbcClient jdbc, Surveys surveys) {
		return OwnerResolver.of("surveyId", id -> jdbc.sql("SELECT level, town_id, school_id FROM survey WHERE id = :id")
			.param("id", id)
			.query((rs, i) -> {
				Long town = rs.getObject("town_id", Long.class);
				Long school = rs.getObject("school_id", Long.class);
				return switch (rs.getString("level")) {
					case "SCHOOL" -> Owner.school(town, school == null ? -1 : school);
					case "TOWN" -> Owner.town(town == null ? -1 : town);
					default -> Owner.CITY;
				};
			})
			.optional()
			.map(owner -> {
				KehouUser user = CurrentUser.find().orElse(null);
				if (user == null || !surveys.eligible(id, user.id())) {
					return owner;
				}
				if (user.role() == Role.GUARDIAN && user.scope().guardianId() != null) {
					return owner.withGuardians(Set.of(user.scope().guardianId()));
				}
				if (user.role() == Role.TEACHER && user.scope().schoolId() != null) {
					return owner.and(Owner.school(null, user.scope().schoolId()));
				}
				return owner;
			}));
	}
}
