package org.kehou.organisation.web;

import java.util.EnumSet;
import java.util.Map;

import org.kehou.identity.HomeSection;
import org.kehou.identity.KehouUser;
import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.kehou.organisation.Schools;
import org.kehou.organisation.Terms;
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

	/**
	 * For everybody who works in one school (teachers, inspectors, the school's administrator): the school, today in
	 * its term calendar (a service day? a 调休 day following which weekday's timetable?) and the classes the teacher
	 * is homeroom teacher of.
	 */
	@Bean
	HomeSection schoolToday(Schools schools, Terms terms) {
		return new HomeSection() {

			@Override
			public boolean appliesTo(KehouUser user) {
				return user.scope().schoolId() != null && (user.role() == Role.TEACHER || user.role() == Role.INSPECTOR
						|| user.role() == Role.SCHOOL_ADMIN);
			}

			@Override
			public String fragment() {
				return "organisation/home :: today";
			}

			@Override
			public Map<String, Object> model(KehouUser user) {
				long schoolId = java.util.Objects.requireNonNull(user.scope().schoolId());
				java.time.LocalDate today = java.time.LocalDate.now(Terms.CITY_ZONE);
				Map<String, Object> model = new java.util.HashMap<>();
				model.put("today", today);
				for (String key : new String[] { "school", "term", "status", "follows", "daysLeft" }) {
					model.put(key, null); // the fragment reads them all; SpEL needs the keys present
				}
				schools.findSchool(schoolId).ifPresent(school -> model.put("school", school));
				terms.currentTerm(schoolId, today).ifPresent(term -> {
					model.put("term", term);
					terms.calendar(term.id()).ifPresent(calendar -> {
						model.put("status", calendar.status(today));
						calendar.timetableWeekday(today).ifPresent(d -> model.put("follows", d.getValue()));
						model.put("daysLeft", calendar.serviceDaysBetween(today, calendar.endsOn()).size());
					});
				});
				Long staffId = user.staffId();
				model.put("homerooms", staffId == null ? java.util.List.of()
						: schools.classesOf(schoolId).stream().filter(c -> staffId.equals(c.homeroomStaffId())).toList());
				return model;
			}

			@Override
			public int order() {
				return 5;
			}
		};
	}
}
