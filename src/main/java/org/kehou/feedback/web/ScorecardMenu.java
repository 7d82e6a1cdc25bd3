package org.kehou.feedback.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Scorecards' entries in the 质量评价 section: the scorecards (a provider admin lands on its own card) and the exit
 * reviews of the city and the towns.
 */
@Configuration(proxyBeanMethods = false)
class ScorecardMenu {

	@Bean
	NavigationItem scorecardMenuItem() {
		return new NavigationItem("rating.nav.section", "scorecard.nav.scorecards", "/console/scorecards",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN), 40);
	}

	@Bean
	NavigationItem exitReviewMenuItem() {
		return new NavigationItem("rating.nav.section", "scorecard.nav.exitReviews", "/console/exit-reviews",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN), 41);
	}
}
