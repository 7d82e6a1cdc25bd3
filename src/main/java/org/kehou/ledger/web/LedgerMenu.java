package org.kehou.ledger.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Menu entry: the ledger for city, town and school administrators. */
@Configuration(proxyBeanMethods = false)
class LedgerMenu {

	@Bean
	NavigationItem ledgerMenuItem() {
		return new NavigationItem("ledger.nav.section", "ledger.nav.ledger", "/console/ledger",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 10);
	}
}
