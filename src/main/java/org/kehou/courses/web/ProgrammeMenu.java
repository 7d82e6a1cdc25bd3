package org.kehou.courses.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The school administrator's menu entry to the current term's programme. */
@Configuration(proxyBeanMethods = false)
class ProgrammeMenu {

	@Bean
	NavigationItem programmeMenuItem() {
		return new NavigationItem("nav.section.catalogue", "programme.nav.programme", "/console/programme",
				EnumSet.of(Role.SCHOOL_ADMIN), 20);
	}
}
