package org.kehou.catalogue.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The catalogue entries of the console menu. */
@Configuration(proxyBeanMethods = false)
class CatalogueMenu {

	static final String SECTION = "nav.section.catalogue";

	@Bean
	NavigationItem feeStandardsMenuItem() {
		return new NavigationItem(SECTION, "catalogue.nav.feeStandards", "/console/fee-standards",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN), 10);
	}
}
