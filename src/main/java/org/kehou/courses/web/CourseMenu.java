package org.kehou.courses.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The courses entries of the console menu. */
@Configuration(proxyBeanMethods = false)
class CourseMenu {

	static final String SECTION = "nav.section.catalogue";

	@Bean
	NavigationItem courseListMenuItem() {
		return new NavigationItem(SECTION, "courses.nav.list", "/console/courses",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN), 20);
	}

	@Bean
	NavigationItem courseAboveCapMenuItem() {
		return new NavigationItem(SECTION, "courses.nav.aboveCap", "/console/courses/above-cap",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN), 21);
	}
}
