package org.kehou.attendance.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Inspections' entries: the inspector's phone tile (巡课); the school's and the provider's records in the console. */
@Configuration(proxyBeanMethods = false)
class InspectionMenu {

	@Bean
	NavigationItem inspectionMenuItem() {
		return new NavigationItem("attendance.nav.section", "inspection.nav.visit", "/m/inspections",
				EnumSet.of(Role.INSPECTOR), 20);
	}

	@Bean
	NavigationItem inspectionRecordsMenuItem() {
		return new NavigationItem("attendance.nav.section", "inspection.nav.records", "/console/inspections",
				EnumSet.of(Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN), 20);
	}
}
