package org.kehou.people.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.kehou.identity.HomeSection;
import org.kehou.identity.KehouUser;
import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.kehou.people.Consents;
import org.kehou.people.Guardians;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The people module's menu entries and home-page blocks. */
@Configuration(proxyBeanMethods = false)
class PeopleMenu {

	private static final String PEOPLE = "nav.section.people";

	private static final String MINE = "nav.section.mine";

	@Bean
	NavigationItem studentsMenu() {
		return new NavigationItem(PEOPLE, "people.nav.students", "/console/students",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 10);
	}

	@Bean
	NavigationItem guardiansMenu() {
		return new NavigationItem(PEOPLE, "people.nav.guardians", "/console/guardians",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 20);
	}

	@Bean
	NavigationItem staffMenu() {
		return new NavigationItem(PEOPLE, "people.nav.staff", "/console/staff",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 30);
	}

	@Bean
	NavigationItem rosterMenu() {
		return new NavigationItem(PEOPLE, "people.nav.roster", "/console/roster", EnumSet.of(Role.SCHOOL_ADMIN), 40);
	}

	@Bean
	NavigationItem dataRequestsMenu() {
		return new NavigationItem(PEOPLE, "people.nav.dataRequests", "/console/data-requests",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 50);
	}

	@Bean
	NavigationItem childrenMenu() {
		return new NavigationItem(MINE, "people.nav.children", "/m/children", EnumSet.of(Role.GUARDIAN), 10);
	}

	@Bean
	NavigationItem privacyMenu() {
		return new NavigationItem(MINE, "people.nav.privacy", "/privacy", EnumSet.of(Role.GUARDIAN), 90);
	}

	/** A guardian's children, with whether each still waits for a decision on the privacy notice. */
	@Bean
	HomeSection guardianChildrenSection(Guardians guardians, Consents consents) {
		return new HomeSection() {

			@Override
			public boolean appliesTo(KehouUser user) {
				return user.role() == Role.GUARDIAN && user.scope().guardianId() != null;
			}

			@Override
			public String fragment() {
				return "people/home :: children";
			}

			@Override
			public Map<String, Object> model(KehouUser user) {
				long guardianId = java.util.Objects.requireNonNull(user.scope().guardianId());
				var children = guardians.childrenOf(guardianId)
					.stream()
					.map(c -> Map.of("student", c, "decided",
							consents.latest(c.id()).stream().anyMatch(d -> d.guardianId() == guardianId)))
					.toList();
				return Map.of("children", children);
			}

			@Override
			public int order() {
				return 10;
			}
		};
	}

	/** A school's roster in numbers: students, guardians, classes without students, open data requests. */
	@Bean
	HomeSection schoolRosterSection(JdbcClient jdbc) {
		return new HomeSection() {

			@Override
			public boolean appliesTo(KehouUser user) {
				return user.role() == Role.SCHOOL_ADMIN && user.scope().schoolId() != null;
			}

			@Override
			public String fragment() {
				return "people/home :: roster";
			}

			@Override
			public Map<String, Object> model(KehouUser user) {
				long schoolId = java.util.Objects.requireNonNull(user.scope().schoolId());
				List<Long> counts = jdbc.sql("""
						SELECT (SELECT count(*) FROM student WHERE school_id = :s AND status = 'ACTIVE'),
						       (SELECT count(DISTINCT sg.guardian_id) FROM student_guardian sg
						          JOIN student st ON st.id = sg.student_id WHERE st.school_id = :s),
						       (SELECT count(*) FROM staff WHERE school_id = :s AND active),
						       (SELECT count(*) FROM data_request r JOIN student st ON st.id = r.student_id
						          WHERE st.school_id = :s AND r.status = 'OPEN')""")
					.param("s", schoolId)
					.query((rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
					.single();
				return Map.of("schoolId", schoolId, "students", counts.get(0), "guardians", counts.get(1), "staff",
						counts.get(2), "openRequests", counts.get(3));
			}

			@Override
			public int order() {
				return 20;
			}
		};
	}
}
