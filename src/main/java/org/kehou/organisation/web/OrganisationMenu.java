package org.kehou.organisation.web;

import java.util.EnumSet;
import java.util.Map;

import org.kehou.identity.HomeSection;
import org.kehou.identity.KehouUser;
import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.kehou.organisation.Schools;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The organisation entries of the console menu and the counts block of administrators' home pages. */
@Configuration(proxyBeanMethods = false)
class OrganisationMenu {

	static final String SECTION = "nav.section.organisation";

	@Bean
	NavigationItem townsMenuItem() {
		return new NavigationItem(SECTION, "organisation.nav.towns", "/console/towns", EnumSet.of(Role.CITY_ADMIN),
				10);
	}

	@Bean
	NavigationItem schoolsMenuItem() {
		return new NavigationItem(SECTION, "organisation.nav.schools", "/console/schools",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 20);
	}

	@Bean
	NavigationItem platformsMenuItem() {
		return new NavigationItem(SECTION, "organisation.nav.platforms", "/console/platforms",
				EnumSet.of(Role.CITY_ADMIN), 30);
	}

	@Bean
	HomeSection organisationCounts(Schools schools) {
		return new HomeSection() {

			@Override
			public boolean appliesTo(KehouUser user) {
				return user.role() == Role.CITY_ADMIN || user.role() == Role.TOWN_ADMIN
						|| user.role() == Role.SCHOOL_ADMIN;
			}

			@Override
			public String fragment() {
				return "organisation/home :: counts";
			}

			@Override
			public Map<String, Object> model(KehouUser user) {
				return Map.of("counts", schools.countIn(user.scope()), "role", user.role().name());
			}

			@Override
			public int order() {
				return 10;
			}
		};
	}
}
