package org.kehou.billing.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Menu entries: orders and the billing settings, in the fees section next to the ledger. */
@Configuration(proxyBeanMethods = false)
class BillingMenu {

	@Bean
	NavigationItem ordersMenuItem() {
		return new NavigationItem("ledger.nav.section", "billing.nav.orders", "/console/billing/orders",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 1);
	}

	@Bean
	NavigationItem billingSettingsMenuItem() {
		return new NavigationItem("ledger.nav.section", "billing.nav.settings", "/console/billing/settings",
				EnumSet.of(Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 30);
	}
}
