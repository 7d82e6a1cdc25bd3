package org.kehou.notification.internal;

import java.util.Set;

import org.kehou.identity.AccountDirectory;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.kehou.identity.Scope;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The module's settings and the owner of an inbox message for the central access check ({@code messageId}): the
 * scope anchors of its recipient. Reading and marking a message is further restricted to the recipient itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfiguration {

	@Bean
	OwnerResolver messageOwners(JdbcClient jdbc, AccountDirectory accounts) {
		return OwnerResolver.of("messageId", id -> jdbc.sql("SELECT recipient_user_id FROM inbox_message WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.optional()
			.flatMap(accounts::scopeOf)
			.map(NotificationConfiguration::ownerOf));
	}

	static Owner ownerOf(Scope scope) {
		return switch (scope.role()) {
			case CITY_ADMIN -> Owner.CITY;
			case TOWN_ADMIN -> scope.townId() == null ? Owner.CITY : Owner.town(scope.townId());
			case SCHOOL_ADMIN, TEACHER, INSPECTOR -> scope.schoolId() == null ? Owner.CITY
					: Owner.school(scope.townId(), scope.schoolId());
			case GUARDIAN -> Owner.CITY.withGuardians(scope.guardianId() == null ? Set.of() : Set.of(scope.guardianId()));
			case PROVIDER_ADMIN, INSTRUCTOR -> scope.providerId() == null ? Owner.CITY : Owner.provider(scope.providerId());
		};
	}
}
