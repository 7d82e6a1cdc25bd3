package org.kehou.supervision.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Policy publishing in the supervision platform's menu. */
@Configuration(proxyBeanMethods = false)
class PolicyMenu {

	@Bean
	NavigationItem supervisionPoliciesMenuItem() {
		return new NavigationItem(SupervisionMenu.SECTION, "policy.nav", "/console/supervision/policies",
				EnumSet.of(Role.CITY_ADMIN), 30);
	}
}
