package org.kehou.identity.internal;

import java.util.EnumSet;
import java.util.Set;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Identity's menu entries: accounts and the audit log (security), one's own account (mine). */
@Configuration(proxyBeanMethods = false)
class IdentityNavigation {

	@Bean
	NavigationItem accountsNavigation() {
		return new NavigationItem("nav.section.security", "identity.nav.accounts", "/console/accounts",
				Set.of(Role.ADMINS), 10);
	}

	@Bean
	NavigationItem auditNavigation() {
		return new NavigationItem("nav.section.security", "identity.nav.audit", "/console/audit",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN), 20);
	}

	@Bean
	NavigationItem accountNavigation() {
		return new NavigationItem("nav.section.mine", "identity.nav.account", "/account", EnumSet.allOf(Role.class),
				90);
	}
}
