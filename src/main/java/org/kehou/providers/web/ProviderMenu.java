package org.kehou.providers.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The providers entries of the console menu. */
@Configuration(proxyBeanMethods = false)
class ProviderMenu {

	static final String SECTION = "providers.nav.section";

	@Bean
	NavigationItem providerReviewMenuItem() {
		return new NavigationItem(SECTION, "providers.nav.review", "/console/providers",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN), 10);
	}

	@Bean
	NavigationItem providerApplicationMenuItem() {
		return new NavigationItem(SECTION, "providers.nav.application", "/console/providers/mine",
				EnumSet.of(Role.PROVIDER_ADMIN), 10);
	}
}
