package org.kehou.supervision.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The supervision platform's entries of the city admin's console menu. */
@Configuration(proxyBeanMethods = false)
class SupervisionMenu {

	static final String SECTION = "supervision.nav.section";

	@Bean
	NavigationItem supervisionPlatformsMenuItem() {
		return new NavigationItem(SECTION, "supervision.nav.platforms", "/console/supervision/platforms",
				EnumSet.of(Role.CITY_ADMIN), 10);
	}

	@Bean
	NavigationItem supervisionDashboardMenuItem() {
		return new NavigationItem(SECTION, "dashboard.nav", "/console/supervision/dashboard",
				EnumSet.of(Role.CITY_ADMIN), 5);
	}
}
