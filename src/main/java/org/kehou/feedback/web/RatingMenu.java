package org.kehou.feedback.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Ratings' entries: the console comparison for admins and providers; the phone tile of teachers and instructors. */
@Configuration(proxyBeanMethods = false)
class RatingMenu {

	@Bean
	NavigationItem ratingConsoleMenuItem() {
		return new NavigationItem("rating.nav.section", "rating.nav.console", "/console/ratings",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN), 10);
	}

	@Bean
	NavigationItem ratingTeacherMenuItem() {
		return new NavigationItem("rating.nav.section", "rating.nav.teacher", "/m/ratings",
				EnumSet.of(Role.TEACHER, Role.INSTRUCTOR), 10);
	}
}
