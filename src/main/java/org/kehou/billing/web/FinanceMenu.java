package org.kehou.billing.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Menu entries of reconciliation, the special-fund report and the school's public fee report. */
@Configuration(proxyBeanMethods = false)
class FinanceMenu {

	@Bean
	NavigationItem reconciliationMenuItem() {
		return new NavigationItem("ledger.nav.section", "finance.nav.reconciliation", "/console/billing/reconciliation",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN), 30);
	}

	@Bean
	NavigationItem fundMenuItem() {
		return new NavigationItem("ledger.nav.section", "finance.nav.fund", "/console/billing/fund",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 40);
	}

	@Bean
	NavigationItem publicReportMenuItem() {
		return new NavigationItem("ledger.nav.section", "finance.nav.publicReport", "/console/billing/public-report",
				EnumSet.of(Role.SCHOOL_ADMIN), 50);
	}
}
