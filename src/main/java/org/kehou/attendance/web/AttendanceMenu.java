package org.kehou.attendance.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The roll call's tile on the phone home of teachers and instructors; the school admin's attendance and sessions pages.
 */
@Configuration(proxyBeanMethods = false)
class AttendanceMenu {

	@Bean
	NavigationItem rollCallMenuItem() {
		return new NavigationItem("attendance.nav.section", "attendance.nav.rollCall", "/m/roll-call",
				EnumSet.of(Role.TEACHER, Role.INSTRUCTOR), 10);
	}

	@Bean
	NavigationItem schoolAttendanceMenuItem() {
		return new NavigationItem("attendance.nav.section", "attendance.nav.school", "/console/attendance",
				EnumSet.of(Role.SCHOOL_ADMIN), 10);
	}

	@Bean
	NavigationItem schoolSessionsMenuItem() {
		return new NavigationItem("attendance.nav.section", "attendance.nav.sessions", "/console/sessions",
				EnumSet.of(Role.SCHOOL_ADMIN), 11);
	}
}
