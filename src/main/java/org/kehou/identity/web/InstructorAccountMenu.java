package org.kehou.identity.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The provider administrator's instructor accounts (教师账号), in the provider's menu section. */
@Configuration(proxyBeanMethods = false)
class InstructorAccountMenu {

	@Bean
	NavigationItem instructorAccountsMenuItem() {
		return new NavigationItem("providers.nav.section", "checkin.accounts.nav", "/console/instructor-accounts",
				EnumSet.of(Role.PROVIDER_ADMIN), 40);
	}
}
