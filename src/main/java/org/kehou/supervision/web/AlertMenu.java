package org.kehou.supervision.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The supervision platform's alerts and inspection tasks in the console menu. */
@Configuration(proxyBeanMethods = false)
class AlertMenu {

	@Bean
	NavigationItem supervisionAlertsMenuItem() {
		return new NavigationItem(SupervisionMenu.SECTION, "alert.nav", AlertPages.PATH,
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN), 20);
	}

	@Bean
	NavigationItem supervisionInspectionsMenuItem() {
		return new NavigationItem(SupervisionMenu.SECTION, "oversight.nav", InspectionTaskPages.PATH,
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.INSPECTOR), 30);
	}
}
