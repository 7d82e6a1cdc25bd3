package org.kehou.people.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.HomeSection;
import org.kehou.identity.KehouUser;
import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
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

	private static final Set<Role> ADMINS = EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN);

	@Bean
	NavigationItem studentsMenu() {
		return new NavigationItem(PEOPLE, "people.nav.students", "/console/students", ADMINS, 10);
	}

	@Bean
	NavigationItem guardiansMenu() {
		return new NavigationItem(PEOPLE, "people.nav.guardians", "/console/guardians", ADMINS, 20);
	}

	@Bean
	NavigationItem staffMenu() {
		return new NavigationItem(PEOPLE, "people.nav.staff", "/console/staff", ADMINS, 30);
	}

	@Bean
	NavigationItem rosterMenu() {
		return new NavigationItem(PEOPLE, "people.nav.roster", "/console/roster", EnumSet.of(Role.SCHOOL_ADMIN), 40);
	}

	@Bean
	NavigationItem dataRequestsMenu() {
		return new NavigationItem(PEOPLE, "people.nav.dataRequests", "/console/data-requests", ADMINS, 50);
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
		return new AnchoredSection(Role.GUARDIAN, Scope::guardianId, "people/home :: children", 10, guardianId -> {
			var children = guardians.childrenOf(guardianId)
				.stream()
				.map(c -> Map.of("student", c, "decided",
						consents.latest(c.id()).stream().anyMatch(d -> d.guardianId() == guardianId)))
				.toList();
			return Map.of("children", children);
		});
	}

	/** A school's roster in numbers: students, guardians, classes without students, open data requests. */
	@Bean
	HomeSection schoolRosterSection(JdbcClient jdbc) {
		return new AnchoredSection(Role.SCHOOL_ADMIN, Scope::schoolId, "people/home :: roster", 20, schoolId -> {
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
		});
	}

	/**
	 * A home-page block for the users of one role whose scope names an anchor (their guardian or school id); its
	 * model is made from that id.
	 */
	private record AnchoredSection(Role role, Function<Scope, @Nullable Long> anchor, String fragment, int order,
			LongFunction<Map<String, Object>> content) implements HomeSection {

		@Override
		public boolean appliesTo(KehouUser user) {
			return user.role() == role && anchor.apply(user.scope()) != null;
		}

		@Override
		public Map<String, Object> model(KehouUser user) {
			return content.apply(Objects.requireNonNull(anchor.apply(user.scope())));
		}
	}
}
