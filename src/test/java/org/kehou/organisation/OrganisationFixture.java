package org.kehou.organisation;

import java.time.LocalDate;
import java.util.UUID;

import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;

/**
 * Test data made through the module's own services: a city, a platform, two towns with a school each, a
 * city-direct school, a class and an autumn term. Codes carry a random suffix so test classes sharing the one
 * database never collide.
 */
record OrganisationFixture(String tag, long platformId, long town1, long town2, long school1, long school2,
		long cityDirectSchool, long class1, long term1) {

	static final LocalDate TERM_START = LocalDate.of(2026, 9, 1);

	static final LocalDate TERM_END = LocalDate.of(2027, 1, 15);

	static OrganisationFixture create(Towns towns, Schools schools, ServicePlatforms platforms, Terms terms) {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		towns.defineCity("TESTCITY", "测试市");
		long platform = platforms.register("P-" + tag, "第一服务平台" + tag, "某科技公司", "https://p1.example.cn");
		long town1 = towns.registerTown("T1-" + tag, "城关镇" + tag, "TOWN").id();
		long town2 = towns.registerTown("T2-" + tag, "滨江街道" + tag, "STREET").id();
		long school1 = schools.register(new NewSchool("S1-" + tag, "城关实验小学" + tag, town1, Stage.PRIMARY, "城关路1号"))
			.id();
		long school2 = schools.register(new NewSchool("S2-" + tag, "滨江中学" + tag, town2, Stage.JUNIOR, null)).id();
		long direct = schools.register(new NewSchool("S3-" + tag, "市第一中学" + tag, null, Stage.NINE_YEAR, null)).id();
		platforms.assign(school1, platform);
		long class1 = schools.addClass(school1, 3, "1班").id();
		long term = terms.create(school1, new NewTerm("2026年秋季学期", "2026-2027", 1, TERM_START, TERM_END)).id();
		return new OrganisationFixture(tag, platform, town1, town2, school1, school2, direct, class1, term);
	}

	KehouUser cityAdmin() {
		return user(1, Role.CITY_ADMIN, new Scope(Role.CITY_ADMIN, null, null, null, null));
	}

	KehouUser townAdmin() {
		return user(2, Role.TOWN_ADMIN, new Scope(Role.TOWN_ADMIN, town1, null, null, null));
	}

	KehouUser schoolAdmin() {
		return user(3, Role.SCHOOL_ADMIN, new Scope(Role.SCHOOL_ADMIN, town1, school1, null, null));
	}

	KehouUser otherSchoolAdmin() {
		return user(4, Role.SCHOOL_ADMIN, new Scope(Role.SCHOOL_ADMIN, town2, school2, null, null));
	}

	KehouUser teacher() {
		return user(5, Role.TEACHER, new Scope(Role.TEACHER, town1, school1, null, null));
	}

	KehouUser cityDirectSchoolAdmin() {
		return user(6, Role.SCHOOL_ADMIN, new Scope(Role.SCHOOL_ADMIN, null, cityDirectSchool, null, null));
	}

	private static KehouUser user(long id, Role role, Scope scope) {
		return new KehouUser(-id, "test-" + role.name().toLowerCase(), "测试" + id, null, role, scope, null, false,
				false, true);
	}
}
