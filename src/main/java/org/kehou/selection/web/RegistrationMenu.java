package org.kehou.selection.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registration entry of the console menu (the school's current term). */
@Configuration(proxyBeanMethods = false)
class RegistrationMenu {

	@Bean
	NavigationItem registrationMenuItem() {
		return new NavigationItem("selection.nav.section", "registration.nav.list", "/console/registrations",
				EnumSet.of(Role.SCHOOL_ADMIN), 10);
	}
}
