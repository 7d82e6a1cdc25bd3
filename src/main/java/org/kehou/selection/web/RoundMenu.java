package org.kehou.selection.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Menu entries under 报名与开班: the school's rounds and fill of its current term, the town office's joint schedule.
 */
@Configuration(proxyBeanMethods = false)
class RoundMenu {

	@Bean
	NavigationItem roundsMenuItem() {
		return new NavigationItem("selection.nav.section", "rounds.nav.rounds", "/console/rounds",
				EnumSet.of(Role.SCHOOL_ADMIN), 40);
	}

	@Bean
	NavigationItem fillMenuItem() {
		return new NavigationItem("selection.nav.section", "rounds.nav.fill", "/console/fill",
				EnumSet.of(Role.SCHOOL_ADMIN), 50);
	}

	@Bean
	NavigationItem townRoundsMenuItem() {
		return new NavigationItem("selection.nav.section", "rounds.nav.town", "/console/town-rounds",
				EnumSet.of(Role.TOWN_ADMIN), 40);
	}
}
