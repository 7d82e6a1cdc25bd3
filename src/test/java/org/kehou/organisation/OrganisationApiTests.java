package org.kehou.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The organisation API on the real database: scopes, roles, validation, the calendar rules, the audit log. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@RecordApplicationEvents
class OrganisationApiTests extends OrganisationFixtureTests {

	@Autowired
	ApplicationEvents events;

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	ResultActions getAs(KehouUser who, String path, Object... vars) throws Exception {
		return mvc.perform(get(path, vars).with(user(who)));
	}

	ResultActions postAs(KehouUser who, String json, String path, Object... vars) throws Exception {
		return mvc.perform(post(path, vars).with(user(who)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	ResultActions putAs(KehouUser who, String json, String path, Object... vars) throws Exception {
		return mvc.perform(put(path, vars).with(user(who)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	@Test
	void unauthenticatedCallsGet401ProblemDetails() throws Exception {
		mvc.perform(get("/api/v1/schools/{id}", f.school1()))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(get("/api/v1/towns")).andExpect(status().isUnauthorized());
	}

	@Test
	void cityAdminSeesEverySchoolAndFiltersByTownAndName() throws Exception {
		getAs(f.cityAdmin(), "/api/v1/schools?name={n}&size=50", f.tag())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.totalElements").value(3))
			// city-direct schools come first
			.andExpect(jsonPath("$.content[0].id").value(f.cityDirectSchool()))
			.andExpect(jsonPath("$.content[0].cityDirect").value(true));
		getAs(f.cityAdmin(), "/api/v1/schools?townId={t}", f.town2())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content", hasSize(1)))
			.andExpect(jsonPath("$.content[0].id").value(f.school2()));
		getAs(f.cityAdmin(), "/api/v1/schools?name={n}&page=0&size=2", f.tag())
			.andExpect(jsonPath("$.content", hasSize(2)))
			.andExpect(jsonPath("$.totalPages").value(2));
		getAs(f.cityAdmin(), "/api/v1/schools/{id}", f.school1())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.townId").value(f.town1()))
			.andExpect(jsonPath("$.platformId").value(f.platformId()))
			.andExpect(jsonPath("$.stage").value("PRIMARY"));
	}

	@Test
	void townAdminSeesOnlyTheirTown() throws Exception {
		getAs(f.townAdmin(), "/api/v1/schools?size=200")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[*].id", hasItem((int) f.school1())))
			.andExpect(jsonPath("$.content[*].id", not(hasItem((int) f.school2()))))
			.andExpect(jsonPath("$.content[*].id", not(hasItem((int) f.cityDirectSchool()))));
		getAs(f.townAdmin(), "/api/v1/schools/{id}", f.school2()).andExpect(status().isNotFound());
		getAs(f.townAdmin(), "/api/v1/schools/{id}", f.cityDirectSchool()).andExpect(status().isNotFound());
		getAs(f.townAdmin(), "/api/v1/schools?townId={t}", f.town2()).andExpect(status().isNotFound());
		getAs(f.townAdmin(), "/api/v1/towns/{t}", f.town2()).andExpect(status().isNotFound());
		getAs(f.townAdmin(), "/api/v1/towns")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(1)))
			.andExpect(jsonPath("$[0].id").value(f.town1()));
		postAs(f.townAdmin(), "{\"gradeLevel\":7,\"name\":\"1班\"}", "/api/v1/schools/{id}/classes", f.school2())
			.andExpect(status().isNotFound());
		postAs(f.townAdmin(), "{\"gradeLevel\":2,\"name\":\"5班\"}", "/api/v1/schools/{id}/classes", f.school1())
			.andExpect(status().isCreated());
	}

	@Test
	void outOfScopeAttemptsAreAudited() throws Exception {
		getAs(f.townAdmin(), "/api/v1/schools/{id}/classes", f.school2()).andExpect(status().isNotFound());
		assertThat(jdbc.sql("""
				SELECT count(*) FROM audit_event
				WHERE action = 'access.out-of-scope' AND target_id = :id AND outcome = 'DENIED'""")
			.param("id", String.valueOf(f.school2()))
			.query(Long.class)
			.single()).isPositive();
	}

	@Test
	void schoolAdminManagesOnlyTheirOwnSchool() throws Exception {
		getAs(f.schoolAdmin(), "/api/v1/schools?size=200")
			.andExpect(jsonPath("$.content", hasSize(1)))
			.andExpect(jsonPath("$.content[0].id").value(f.school1()));
		getAs(f.schoolAdmin(), "/api/v1/schools/{id}", f.school2()).andExpect(status().isNotFound());
		getAs(f.otherSchoolAdmin(), "/api/v1/schools/{id}/classes", f.school1()).andExpect(status().isNotFound());
		getAs(f.otherSchoolAdmin(), "/api/v1/terms/{id}", f.term1()).andExpect(status().isNotFound());
		putAs(f.otherSchoolAdmin(), "{\"kind\":\"HOLIDAY\"}", "/api/v1/terms/{id}/days/2026-10-01", f.term1())
			.andExpect(status().isNotFound());
		getAs(f.cityDirectSchoolAdmin(), "/api/v1/schools/{id}", f.cityDirectSchool()).andExpect(status().isOk());
		getAs(f.cityDirectSchoolAdmin(), "/api/v1/schools/{id}", f.school1()).andExpect(status().isNotFound());

		postAs(f.schoolAdmin(), "{\"gradeLevel\":3,\"name\":\"2班\"}", "/api/v1/schools/{id}/classes", f.school1())
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.gradeLevel").value(3))
			.andExpect(jsonPath("$.gradeName").value("三年级"))
			.andExpect(jsonPath("$.name").value("2班"));
		postAs(f.schoolAdmin(), "{\"gradeLevel\":3,\"name\":\"2班\"}", "/api/v1/schools/{id}/classes", f.school1())
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		getAs(f.schoolAdmin(), "/api/v1/schools/{id}/classes", f.school1())
			.andExpect(jsonPath("$", hasSize(2)));
		getAs(f.schoolAdmin(), "/api/v1/schools/{id}/grades", f.school1())
			.andExpect(jsonPath("$", hasSize(6)))
			.andExpect(jsonPath("$[2].classCount").value(2));
		assertThat(schools.findClass(f.school1(), 3, "2班")).isPresent();
		assertThat(jdbc.sql("""
				SELECT count(*) FROM audit_event
				WHERE action = 'school-class.create' AND school_id = :school AND actor_role = 'SCHOOL_ADMIN'""")
			.param("school", f.school1())
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void teachersReadTheirSchoolButChangeNothing() throws Exception {
		getAs(f.teacher(), "/api/v1/schools/{id}/classes", f.school1()).andExpect(status().isOk());
		getAs(f.teacher(), "/api/v1/terms/{id}", f.term1()).andExpect(status().isOk());
		postAs(f.teacher(), "{\"gradeLevel\":3,\"name\":\"9班\"}", "/api/v1/schools/{id}/classes", f.school1())
			.andExpect(status().isForbidden());
		getAs(f.teacher(), "/api/v1/towns").andExpect(status().isForbidden());
	}

	@Test
	void invalidInputGets400ProblemDetails() throws Exception {
		postAs(f.schoolAdmin(), "{\"gradeLevel\":12,\"name\":\" \"}", "/api/v1/schools/{id}/classes", f.school1())
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors.gradeLevel").exists())
			.andExpect(jsonPath("$.errors.name").exists());
		// a junior school has no grade 3
		postAs(f.cityAdmin(), "{\"gradeLevel\":3,\"name\":\"1班\"}", "/api/v1/schools/{id}/classes", f.school2())
			.andExpect(status().isBadRequest());
		postAs(f.schoolAdmin(), "{\"name\":\"春季\",\"schoolYear\":\"2027\",\"semester\":3}",
				"/api/v1/schools/{id}/terms", f.school1())
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.schoolYear").exists())
			.andExpect(jsonPath("$.errors.semester").exists())
			.andExpect(jsonPath("$.errors.startsOn").exists());
		getAs(f.cityAdmin(), "/api/v1/schools?size=1000").andExpect(status().isBadRequest());
		putAs(f.schoolAdmin(), "{\"kind\":\"HOLIDAY\"}", "/api/v1/terms/{id}/days/not-a-date", f.term1())
			.andExpect(status().isBadRequest());
		putAs(f.schoolAdmin(), "{\"kind\":\"SWAPPED_DAY\",\"followsWeekday\":9}", "/api/v1/terms/{id}/days/2026-09-27",
				f.term1())
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.followsWeekday").exists());
	}

	@Test
	void termCalendarLifecycle() throws Exception {
		getAs(f.schoolAdmin(), "/api/v1/terms/{id}", f.term1())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.term.status").value("PLANNED"))
			.andExpect(jsonPath("$.serviceDayCount").value(TermCalendar.of(OrganisationFixture.TERM_START,
					OrganisationFixture.TERM_END).serviceDayCount()));
		int before = terms.calendar(f.term1()).orElseThrow().serviceDayCount();

		putAs(f.schoolAdmin(), "{\"kind\":\"HOLIDAY\",\"note\":\"国庆节\"}", "/api/v1/terms/{id}/days/2026-10-01",
				f.term1())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.days[0].kind").value("HOLIDAY"))
			.andExpect(jsonPath("$.serviceDayCount").value(before - 1));
		putAs(f.schoolAdmin(), "{\"kind\":\"SWAPPED_DAY\",\"followsWeekday\":3}", "/api/v1/terms/{id}/days/2026-09-27",
				f.term1())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.serviceDayCount").value(before));
		// a swapped day on a Tuesday, a day outside the term: refused
		putAs(f.schoolAdmin(), "{\"kind\":\"SWAPPED_DAY\",\"followsWeekday\":3}", "/api/v1/terms/{id}/days/2026-09-29",
				f.term1())
			.andExpect(status().isBadRequest());
		putAs(f.schoolAdmin(), "{\"kind\":\"HOLIDAY\"}", "/api/v1/terms/{id}/days/2027-02-01", f.term1())
			.andExpect(status().isBadRequest());

		assertThat(terms.calendar(f.term1()).orElseThrow().timetableWeekday(java.time.LocalDate.of(2026, 9, 27)))
			.contains(java.time.DayOfWeek.WEDNESDAY);
		assertThat(terms.currentTerm(f.school1(), java.time.LocalDate.of(2026, 11, 2)))
			.hasValueSatisfying(t -> assertThat(t.id()).isEqualTo(f.term1()));

		mvc.perform(delete("/api/v1/terms/{id}/days/2026-10-01", f.term1()).with(user(f.schoolAdmin())).with(csrf()))
			.andExpect(status().isNoContent());
		mvc.perform(delete("/api/v1/terms/{id}/days/2026-10-01", f.term1()).with(user(f.schoolAdmin())).with(csrf()))
			.andExpect(status().isNotFound());

		// an overlapping term and the same semester twice are conflicts
		postAs(f.schoolAdmin(), """
				{"name":"重叠","schoolYear":"2027-2028","semester":1,"startsOn":"2027-01-10","endsOn":"2027-06-30"}""",
				"/api/v1/schools/{id}/terms", f.school1())
			.andExpect(status().isConflict());
		postAs(f.schoolAdmin(), """
				{"name":"2027年春季学期","schoolYear":"2026-2027","semester":2,"startsOn":"2027-02-22","endsOn":"2027-07-02"}""",
				"/api/v1/schools/{id}/terms", f.school1())
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("PLANNED"));
		getAs(f.teacher(), "/api/v1/schools/{id}/terms", f.school1()).andExpect(jsonPath("$", hasSize(2)));

		postAs(f.schoolAdmin(), "", "/api/v1/terms/{id}/open", f.term1()).andExpect(status().isOk());
		postAs(f.schoolAdmin(), "", "/api/v1/terms/{id}/close", f.term1())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("CLOSED"));
		putAs(f.schoolAdmin(), "{\"kind\":\"HOLIDAY\"}", "/api/v1/terms/{id}/days/2026-10-02", f.term1())
			.andExpect(status().isConflict());
		postAs(f.schoolAdmin(), "", "/api/v1/terms/{id}/close", f.term1()).andExpect(status().isConflict());
	}

	@Test
	void onlyTheCityAssignsPlatforms() throws Exception {
		getAs(f.cityAdmin(), "/api/v1/platforms")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.id == " + f.platformId() + ")].schools[*].id", hasItem((int) f.school1())));
		getAs(f.townAdmin(), "/api/v1/platforms").andExpect(status().isForbidden());
		putAs(f.townAdmin(), "{\"platformId\":" + f.platformId() + "}", "/api/v1/schools/{id}/platform", f.school1())
			.andExpect(status().isForbidden());
		putAs(f.cityAdmin(), "{\"platformId\":" + f.platformId() + "}", "/api/v1/schools/{id}/platform",
				f.cityDirectSchool())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.platformId").value(f.platformId()));
		putAs(f.cityAdmin(), "{\"platformId\":-5}", "/api/v1/schools/{id}/platform", f.school2())
			.andExpect(status().isBadRequest());
		putAs(f.cityAdmin(), "{}", "/api/v1/schools/{id}/platform", f.school2())
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.platformId").exists());
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'school.assign-platform' AND school_id = :s")
			.param("s", f.cityDirectSchool())
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void theApiIsDocumented() throws Exception {
		getAs(f.cityAdmin(), "/v3/api-docs")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/v1/schools/{schoolId}/classes'].post").exists())
			.andExpect(jsonPath("$.paths['/api/v1/terms/{termId}/days/{date}'].put").exists());
	}

	@Test
	void classesAndGradesByIdAreScopedByTheirSchool() throws Exception {
		getAs(f.teacher(), "/api/v1/classes/{id}", f.class1())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.schoolId").value(f.school1()))
			.andExpect(jsonPath("$.gradeLevel").value(3));
		getAs(f.otherSchoolAdmin(), "/api/v1/classes/{id}", f.class1()).andExpect(status().isNotFound());
		getAs(f.cityAdmin(), "/api/v1/classes/{id}", Long.MAX_VALUE).andExpect(status().isNotFound());
		long gradeId = schools.findClass(f.class1()).orElseThrow().gradeId();
		getAs(f.townAdmin(), "/api/v1/grades/{id}", gradeId)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.classCount").value(1));
		getAs(f.otherSchoolAdmin(), "/api/v1/grades/{id}", gradeId).andExpect(status().isNotFound());
	}

	@Test
	void changesArePublishedAsEvents() throws Exception {
		postAs(f.schoolAdmin(), "{\"gradeLevel\":5,\"name\":\"3班\"}", "/api/v1/schools/{id}/classes", f.school1())
			.andExpect(status().isCreated());
		putAs(f.schoolAdmin(), "{\"kind\":\"NO_SERVICE\"}", "/api/v1/terms/{id}/days/2026-11-12", f.term1())
			.andExpect(status().isOk());
		postAs(f.schoolAdmin(), "", "/api/v1/terms/{id}/close", f.term1()).andExpect(status().isOk());
		assertThat(events.stream(SchoolClassAdded.class)).anySatisfy(e -> {
			assertThat(e.schoolId()).isEqualTo(f.school1());
			assertThat(e.gradeLevel()).isEqualTo(5);
		});
		assertThat(events.stream(TermCalendarChanged.class))
			.contains(new TermCalendarChanged(f.term1(), f.school1(), java.time.LocalDate.of(2026, 11, 12)));
		assertThat(events.stream(TermClosed.class)).containsExactly(new TermClosed(f.term1(), f.school1()));
	}

	@Test
	void ownerResolversKnowCityDirectSchools() {
		assertThat(schools.findSchool(f.cityDirectSchool()).orElseThrow().owner().townIds()).isEmpty();
		assertThat(schools.countIn(f.townAdmin().scope()).schools()).isEqualTo(1);
		assertThat(schools.countIn(f.schoolAdmin().scope()).classes()).isEqualTo(1);
		assertThat(schools.schoolsIn(f.townAdmin().scope())).extracting(SchoolView::id).containsExactly(f.school1());
		assertThat(schools.schoolsIn(f.otherSchoolAdmin().scope())).extracting(SchoolView::id)
			.containsExactly(f.school2());
		assertThat(schools.findClass(f.class1())).hasValueSatisfying(c -> assertThat(c.displayName()).isEqualTo("三年级1班"));
	}
}
