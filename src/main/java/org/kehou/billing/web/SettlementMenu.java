package org.kehou.billing.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Menu entry: provider settlement (结算) in the 收费与账务 section, for the admins and the providers' admins. */
@Configuration(proxyBeanMethods = false)
class SettlementMenu {

	@Bean
	NavigationItem settlementMenuItem() {
		return new NavigationItem("ledger.nav.section", "settlement.nav.settlements", "/console/settlements",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN), 30);
	}
}
