package org.kehou.attendance.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Check-in on the phone home of instructors, the classroom codes for teachers and school admins, the sheets. */
@Configuration(proxyBeanMethods = false)
class CheckInMenu {

	@Bean
	NavigationItem instructorCheckInMenuItem() {
		return new NavigationItem("attendance.nav.section", "checkin.nav.checkIn", "/m/check-in",
				EnumSet.of(Role.INSTRUCTOR), 5);
	}

	@Bean
	NavigationItem checkInCodesMenuItem() {
		return new NavigationItem("attendance.nav.section", "checkin.nav.codes", "/m/check-in-codes",
				EnumSet.of(Role.TEACHER), 20);
	}

	@Bean
	NavigationItem checkInSheetMenuItem() {
		return new NavigationItem("attendance.nav.section", "checkin.nav.sheet", "/console/check-ins",
				EnumSet.of(Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN), 20);
	}
}
