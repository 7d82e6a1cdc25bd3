package org.kehou.courses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.catalogue.CapLevel;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.providers.Providers;
import org.kehou.providers.ProviderStatus;
import org.kehou.providers.ReviewAction;
import org.kehou.providers.Whitelist;
import org.kehou.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The school programme (课程遴选) on the real database in the demo city: the whitelist, which courses a school may
 * pick (town pools, provider status, own courses, city-direct schools), the filters, adding and removing with the
 * refusal reasons, the city expelling a provider, scopes and pages. Courses are inserted with SQL.
 */
@DemoCityTest
class ProgrammeTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	Programmes programmes;

	@Autowired
	Whitelist whitelist;

	@Autowired
	Providers providers;

	long town1;

	long town2;

	long school1;

	long school2;

	long cityDirectSchool;

	long term1;

	long term2;

	long cityDirectTerm;

	KehouUser school1Admin;

	KehouUser school2Admin;

	KehouUser town1Office;

	KehouUser town2Office;

	KehouUser city;

	/** A token in every name this test creates, so the lists can be narrowed to this test's rows. */
	String tag;

	@BeforeEach
	void world() {
		school1 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		school2 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school2'").query(Long.class).single();
		town1 = townOf(school1);
		town2 = townOf(school2);
		cityDirectSchool = jdbc.sql("SELECT min(id) FROM school WHERE town_id IS NULL").query(Long.class).single();
		term1 = termOf(school1);
		term2 = termOf(school2);
		cityDirectTerm = termOf(cityDirectSchool);
		school1Admin = demoAccount("school1");
		school2Admin = demoAccount("school2");
		town1Office = account(Role.TOWN_ADMIN, town1, null);
		town2Office = account(Role.TOWN_ADMIN, town2, null);
		city = account(Role.CITY_ADMIN, null, null);
		tag = "T" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
	}

	// --- fixtures ------------------------------------------------------------------------------------------------

	long townOf(long school) {
		return jdbc.sql("SELECT town_id FROM school WHERE id = :id").param("id", school).query(Long.class).single();
	}

	long termOf(long school) {
		return jdbc.sql("SELECT min(id) FROM term WHERE school_id = :id").param("id", school).query(Long.class).single();
	}

	/** A demo account as signed in (no new school administrators: DemoCityTests counts them). */
	KehouUser demoAccount(String username) {
		return jdbc.sql("SELECT id, role, town_id, school_id, staff_id, display_name FROM app_user WHERE username = :u")
			.param("u", username)
			.query((rs, i) -> {
				Role role = Role.valueOf(rs.getString("role"));
				return new KehouUser(rs.getLong("id"), username, rs.getString("display_name"), null, role,
						new Scope(role, rs.getObject("town_id", Long.class), rs.getObject("school_id", Long.class), null,
								null),
						rs.getObject("staff_id", Long.class), false, false, true);
			})
			.single();
	}

	/** A fresh town or city account (no username, so the demo city's counts stay). */
	KehouUser account(Role role, @Nullable Long townId, @Nullable Long schoolId) {
		String name = "t-prog-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
		long id = jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, town_id, school_id) VALUES (:h, :u, :r, :t, :s)
				RETURNING id""").param("h", name.getBytes(StandardCharsets.UTF_8)).param("u", name)
			.param("r", role.name()).param("t", townId).param("s", schoolId)
			.query(Long.class).single();
		return new KehouUser(id, name, name, null, role, new Scope(role, townId, schoolId, null, null), null, false,
				false, true);
	}

	/** A provider with the given city-wide status, admitted (APPROVED, valid until {@code until}) in the towns. */
	long provider(String name, String status, @Nullable LocalDate until, long... towns) {
		long id = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, :s) RETURNING id")
			.param("n", name + " " + tag).param("s", status).query(Long.class).single();
		for (long town : towns) {
			jdbc.sql("""
					INSERT INTO provider_town_admission (provider_id, town_id, status, valid_until)
					VALUES (:p, :t, 'APPROVED', :until)""").param("p", id).param("t", town).param("until", until).update();
		}
		return id;
	}

	long provider(String name, long... towns) {
		return provider(name, "APPROVED", LocalDate.now().plusYears(1), towns);
	}

	/** A provider's course, approved in the given town pools. */
	long providerCourse(long provider, String name, String category, String status, long priceFen, long... towns) {
		long id = insertCourse(provider, null, name, category, status, priceFen, new Integer[] { 1, 2, 3 });
		for (long town : towns) {
			jdbc.sql("INSERT INTO course_town_admission (course_id, town_id, status) VALUES (:c, :t, 'APPROVED')")
				.param("c", id).param("t", town).update();
		}
		return id;
	}

	long insertCourse(@Nullable Long provider, @Nullable Long school, String name, String category, String status,
			long priceFen, Integer[] grades) {
		return jdbc.sql("""
				INSERT INTO course (provider_id, school_id, name, category_code, grades, lesson_minutes, lessons_per_term,
				                    price_fen, min_size, max_size, status)
				VALUES (:p, :s, :n, :c, CAST(:g AS SMALLINT[]), 60, 16, :price, 10, 30, :status) RETURNING id""")
			.param("p", provider).param("s", school).param("n", name + " " + tag).param("c", category)
			.param("g", grades).param("price", priceFen).param("status", status)
			.query(Long.class).single();
	}

	List<Long> selectableIds(long term, CourseFilter filter) {
		CourseFilter tagged = new CourseFilter(filter.category(), filter.grade(), filter.maxPrice(), filter.providerId(),
				filter.q() == null ? tag : filter.q());
		return programmes.selectable(term, tagged, PageRequest.of(0, 100)).map(SelectableCourse::id).getContent();
	}

	ResultActions addApi(KehouUser who, long term, long course) throws Exception {
		return mvc.perform(post("/api/v1/terms/{termId}/programme", term).with(user(who)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"courseId\": " + course + "}"));
	}

	// --- whitelist -----------------------------------------------------------------------------------------------

	@Test
	void whitelistHoldsApprovedAdmittedUnexpiredProvidersOnly() {
		long admitted = provider("白名单机构", town1);
		long expired = provider("过期机构", "APPROVED", LocalDate.now().minusDays(1), town1);
		long openEnded = provider("无期限机构", "APPROVED", null, town1);
		long suspended = provider("暂停机构", "SUSPENDED", LocalDate.now().plusYears(1), town1);
		long pending = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES ('待审机构', 'SUBMITTED') RETURNING id")
			.query(Long.class).single();
		jdbc.sql("INSERT INTO provider_town_admission (provider_id, town_id, status) VALUES (:p, :t, 'PENDING')")
			.param("p", pending).param("t", town1).update();
		LocalDate today = LocalDate.now();

		assertThat(whitelist.admittedProviderIds(town1, today)).contains(admitted, openEnded)
			.doesNotContain(expired, suspended, pending);
		assertThat(whitelist.admittedProviderIds(town2, today)).doesNotContain(admitted);
		assertThat(whitelist.isAdmitted(admitted, town1, today)).isTrue();
		assertThat(whitelist.isAdmitted(admitted, town2, today)).isFalse();
		assertThat(whitelist.isAdmitted(expired, town1, today.minusDays(1))).as("valid on its last day").isTrue();
		assertThat(whitelist.isAdmitted(expired, town1, today)).isFalse();
		assertThat(whitelist.admitted(today)).contains(new Whitelist.Admitted(admitted, town1));
		assertThat(whitelist.statuses(List.of(admitted, suspended, pending, -1L))).containsEntry(admitted,
				ProviderStatus.APPROVED)
			.containsEntry(suspended, ProviderStatus.SUSPENDED)
			.containsEntry(pending, ProviderStatus.SUBMITTED)
			.doesNotContainKey(-1L);
	}

	// --- selectable list -----------------------------------------------------------------------------------------

	@Test
	void selectableAreTownApprovedCoursesOfWhitelistedProvidersAndTheSchoolsOwn() {
		long p = provider("岐江艺术", town1, town2);
		long notAdmitted = provider("未准入机构", town2);
		long inTown = providerCourse(p, "少儿书法", "ARTS", "APPROVED", 2000, town1);
		long otherTownOnly = providerCourse(p, "篮球", "SPORTS", "APPROVED", 2000, town2);
		long submitted = providerCourse(p, "机器人", "SCIENCE", "SUBMITTED", 2000, town1);
		long ofNotAdmitted = providerCourse(notAdmitted, "围棋", "ARTS", "APPROVED", 2000, town1);
		long own = insertCourse(null, school1, "校本剪纸", "ARTS", "APPROVED", 0, new Integer[] { 4, 5 });
		long ownDraft = insertCourse(null, school1, "校本草稿", "ARTS", "DRAFT", 0, new Integer[] { 4 });
		long otherSchools = insertCourse(null, school2, "他校课程", "ARTS", "APPROVED", 0, new Integer[] { 1 });

		assertThat(selectableIds(term1, CourseFilter.NONE)).containsExactlyInAnyOrder(inTown, own);
		assertThat(selectableIds(term2, CourseFilter.NONE)).containsExactlyInAnyOrder(otherTownOnly, otherSchools);

		SelectableCourse row = programmes.selectable(term1, new CourseFilter(null, null, null, p, tag), PageRequest.of(0, 5))
			.getContent()
			.get(0);
		assertThat(row.providerName()).startsWith("岐江艺术");
		assertThat(row.price()).isEqualTo(Money.ofFen(2000));
		assertThat(row.lessonsPerTerm()).isEqualTo(16);
		assertThat(row.maxSize()).isEqualTo(30);
		assertThat(row.cap()).isNotNull();
		assertThat(row.cap().amount()).isEqualTo(Money.parse("¥30.00"));
		assertThat(row.inProgramme()).isFalse();

		assertThat(programmes.selectability(term1, otherTownOnly)).isEqualTo(Selectability.COURSE_NOT_APPROVED_IN_TOWN);
		assertThat(programmes.selectability(term1, submitted)).isEqualTo(Selectability.COURSE_NOT_APPROVED);
		assertThat(programmes.selectability(term1, ofNotAdmitted)).isEqualTo(Selectability.PROVIDER_NOT_ADMITTED);
		assertThat(programmes.selectability(term1, ownDraft)).isEqualTo(Selectability.COURSE_NOT_APPROVED);
		assertThat(programmes.selectability(term1, otherSchools)).isEqualTo(Selectability.OTHER_SCHOOLS_COURSE);
		assertThat(programmes.selectability(term1, inTown)).isEqualTo(Selectability.SELECTABLE);
	}

	@Test
	void filtersNarrowTheListAndPagesSplitIt() throws Exception {
		long p = provider("香山体育", town1);
		long q = provider("香山科技", town1);
		long arts = providerCourse(p, "国画", "ARTS", "APPROVED", 2500, town1);
		long sports = providerCourse(p, "足球", "SPORTS", "APPROVED", 1500, town1);
		long science = providerCourse(q, "编程", "SCIENCE", "APPROVED", 2800, town1);
		long own = insertCourse(null, school1, "校本足球", "SPORTS", "APPROVED", 0, new Integer[] { 5, 6 });

		assertThat(selectableIds(term1, new CourseFilter("SPORTS", null, null, null, null)))
			.containsExactlyInAnyOrder(sports, own);
		assertThat(selectableIds(term1, new CourseFilter(null, 5, null, null, null))).containsExactly(own);
		assertThat(selectableIds(term1, new CourseFilter(null, 2, null, null, null)))
			.containsExactlyInAnyOrder(arts, sports, science);
		assertThat(selectableIds(term1, new CourseFilter(null, null, Money.parse("¥25"), null, null)))
			.containsExactlyInAnyOrder(arts, sports, own);
		assertThat(selectableIds(term1, new CourseFilter(null, null, null, q, null))).containsExactly(science);
		assertThat(selectableIds(term1, new CourseFilter(null, null, null, null, "足球 " + tag)))
			.containsExactlyInAnyOrder(sports, own);
		assertThat(selectableIds(term1, new CourseFilter(null, null, null, null, "编程"))).contains(science)
			.doesNotContain(arts);

		Page<SelectableCourse> first = programmes.selectable(term1, new CourseFilter(null, null, null, null, tag),
				PageRequest.of(0, 3));
		Page<SelectableCourse> second = programmes.selectable(term1, new CourseFilter(null, null, null, null, tag),
				PageRequest.of(1, 3));
		assertThat(first.getTotalElements()).isEqualTo(4);
		assertThat(first.getContent()).hasSize(3);
		assertThat(second.getContent()).hasSize(1);
		assertThat(first.getContent()).doesNotContainAnyElementsOf(second.getContent());

		mvc.perform(get("/api/v1/terms/{termId}/selectable-courses", term1).with(user(school1Admin))
			.param("category", "SCIENCE").param("maxPrice", "30").param("q", tag).param("grade", "1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.totalElements").value(1))
			.andExpect(jsonPath("$.content[0].id").value(science))
			.andExpect(jsonPath("$.content[0].cap.amount.fen").exists());
		mvc.perform(get("/api/v1/terms/{termId}/selectable-courses", term1).with(user(school1Admin)).param("grade", "12"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void cityDirectSchoolsPickCoursesApprovedInAnyPoolOfTheirProvidersAtTheCitysCap() {
		long p = provider("市直机构", town1);
		long elsewhere = provider("他镇机构", town2);
		long approvedInTown1 = providerCourse(p, "合唱", "ARTS", "APPROVED", 2000, town1);
		long approvedWhereNotAdmitted = providerCourse(elsewhere, "街舞", "ARTS", "APPROVED", 2000, town1);
		long own = insertCourse(null, cityDirectSchool, "市直校本", "READING", "APPROVED", 0, new Integer[] { 7 });

		assertThat(selectableIds(cityDirectTerm, CourseFilter.NONE)).containsExactlyInAnyOrder(approvedInTown1, own);
		assertThat(programmes.selectability(cityDirectTerm, approvedWhereNotAdmitted))
			.isEqualTo(Selectability.COURSE_NOT_APPROVED_IN_TOWN);
		SelectableCourse row = programmes.selectable(cityDirectTerm, new CourseFilter(null, null, null, p, tag),
				PageRequest.of(0, 1)).getContent().get(0);
		assertThat(row.cap().level()).isEqualTo(CapLevel.CITY);
	}

	// --- adding and removing -------------------------------------------------------------------------------------

	@Test
	void theSchoolAddsAndRemovesCoursesAndIsToldWhyOtherwise() throws Exception {
		long p = provider("添加机构", town1, town2);
		long notAdmitted = provider("不在白名单", town2);
		long course = providerCourse(p, "舞蹈", "ARTS", "APPROVED", 2000, town1);
		long otherTown = providerCourse(p, "游泳", "SPORTS", "APPROVED", 2000, town2);
		long withdrawn = providerCourse(p, "撤回课程", "ARTS", "WITHDRAWN", 2000, town1);
		long ofNotAdmitted = providerCourse(notAdmitted, "击剑", "SPORTS", "APPROVED", 2000, town1);
		long otherSchools = insertCourse(null, school2, "他校剪纸", "ARTS", "APPROVED", 0, new Integer[] { 1 });

		addApi(school1Admin, term1, course).andExpect(status().isCreated())
			.andExpect(jsonPath("$.courseId").value(course))
			.andExpect(jsonPath("$.availability").value("SELECTABLE"))
			.andExpect(jsonPath("$.providerStatus").value("APPROVED"));
		addApi(school1Admin, term1, course).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("ALREADY_IN_PROGRAMME"))
			.andExpect(jsonPath("$.detail").value(containsString("已在本学期课程中")));
		addApi(school1Admin, term1, otherTown).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("COURSE_NOT_APPROVED_IN_TOWN"));
		addApi(school1Admin, term1, withdrawn).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("COURSE_NOT_APPROVED"));
		addApi(school1Admin, term1, ofNotAdmitted).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("PROVIDER_NOT_ADMITTED"));
		addApi(school1Admin, term1, otherSchools).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("OTHER_SCHOOLS_COURSE"));
		addApi(school1Admin, term1, -5).andExpect(status().isBadRequest());
		mvc.perform(post("/api/v1/terms/{termId}/programme", term1).with(user(school1Admin)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.courseId").exists());

		mvc.perform(get("/api/v1/terms/{termId}/programme", term1).with(user(school1Admin)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.entries[?(@.courseId == %d)].name".formatted(course)).exists());
		assertThat(programmes.selectable(term1, new CourseFilter(null, null, null, p, tag), PageRequest.of(0, 5))
			.getContent()
			.get(0)
			.inProgramme()).isTrue();
		assertThat(audits("programme.add", course)).isOne();

		mvc.perform(delete("/api/v1/terms/{termId}/programme", term1).param("course", String.valueOf(course))
			.with(user(school1Admin)).with(csrf())).andExpect(status().isNoContent());
		mvc.perform(delete("/api/v1/terms/{termId}/programme", term1).param("course", String.valueOf(course))
			.with(user(school1Admin)).with(csrf())).andExpect(status().isNotFound());
		assertThat(audits("programme.remove", course)).isOne();
		assertThat(programmes.programme(term1).entries()).noneMatch(e -> e.courseId() == course);
	}

	@Test
	void aClosedTermsProgrammeCannotChange() throws Exception {
		long p = provider("闭学期机构", town1);
		long course = providerCourse(p, "陶艺", "ARTS", "APPROVED", 2000, town1);
		long closed = jdbc.sql("""
				INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
				VALUES (:s, :n, '2025-2026', 2, DATE '2026-02-20', DATE '2026-07-01', 'CLOSED') RETURNING id""")
			.param("s", school1).param("n", "已结束学期 " + tag).query(Long.class).single();
		try {
			addApi(school1Admin, closed, course).andExpect(status().isConflict())
				.andExpect(jsonPath("$.reason").value("TERM_CLOSED"));
			mvc.perform(get("/console/terms/{termId}/programme", closed).with(user(school1Admin)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("本学期已结束")))
				.andExpect(content().string(not(containsString("programme/remove"))));
		}
		finally {
			// the demo city's counts are checked by DemoCityTests in the same context
			jdbc.sql("DELETE FROM term WHERE id = :id").param("id", closed).update();
		}
	}

	// --- the city suspends or expels a provider ------------------------------------------------------------------

	@Test
	void expellingAProviderRemovesItsCoursesEverywhereAndShowsTheStatusToTheSchools() throws Exception {
		long p = provider("将退出机构", town1, town2);
		long course = providerCourse(p, "退出机构的课程", "ARTS", "APPROVED", 2000, town1, town2);
		long another = providerCourse(p, "另一门课程", "SPORTS", "APPROVED", 2000, town1);
		programmes.add(term1, course);
		programmes.add(term2, course);
		assertThat(selectableIds(term1, CourseFilter.NONE)).contains(course, another);
		assertThat(selectableIds(cityDirectTerm, CourseFilter.NONE)).contains(course);

		providers.review(p, ReviewAction.EXPEL, "严重违规，退出", city.scope());

		for (long term : List.of(term1, term2, cityDirectTerm)) {
			assertThat(selectableIds(term, CourseFilter.NONE)).as("term " + term).doesNotContain(course, another);
		}
		for (long term : List.of(term1, term2)) {
			ProgrammeEntry entry = programmes.programme(term).entries().stream().filter(e -> e.courseId() == course)
				.findFirst().orElseThrow();
			assertThat(entry.providerStatus()).isEqualTo(ProviderStatus.EXPELLED);
			assertThat(entry.availability()).isEqualTo(Selectability.PROVIDER_EXPELLED);
		}
		mvc.perform(get("/console/terms/{termId}/programme", term1).with(user(school1Admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("机构已退出，不能再开班")))
			.andExpect(content().string(containsString("programme-warning")));
		mvc.perform(get("/api/v1/terms/{termId}/programme", term2).with(user(school2Admin)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.entries[?(@.courseId == %d)].availability".formatted(course)).value("PROVIDER_EXPELLED"));
		addApi(school1Admin, term1, another).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("PROVIDER_EXPELLED"))
			.andExpect(jsonPath("$.detail").value(containsString("已退出")));
	}

	@Test
	void suspendingAProviderHidesItsCoursesAndFlagsTheProgramme() throws Exception {
		long p = provider("将暂停机构", town1);
		long course = providerCourse(p, "暂停机构的课程", "ARTS", "APPROVED", 2000, town1);
		programmes.add(term1, course);

		providers.review(p, ReviewAction.SUSPEND, "资质待核", city.scope());

		assertThat(selectableIds(term1, CourseFilter.NONE)).doesNotContain(course);
		assertThat(programmes.programme(term1).entries()).filteredOn(e -> e.courseId() == course)
			.singleElement()
			.extracting(ProgrammeEntry::availability)
			.isEqualTo(Selectability.PROVIDER_SUSPENDED);
		mvc.perform(get("/console/terms/{termId}/programme", term1).with(user(school1Admin)).locale(java.util.Locale.ENGLISH)
			.param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("The provider is suspended")));
	}

	// --- scope and pages -----------------------------------------------------------------------------------------

	@Test
	void otherSchoolsAndTownsGetNotFoundTheTownAndCityRead() throws Exception {
		long p = provider("范围机构", town1);
		long course = providerCourse(p, "范围课程", "ARTS", "APPROVED", 2000, town1);

		for (KehouUser outsider : List.of(school2Admin, town2Office)) {
			mvc.perform(get("/api/v1/terms/{termId}/programme", term1).with(user(outsider)))
				.andExpect(status().isNotFound());
			mvc.perform(get("/api/v1/terms/{termId}/selectable-courses", term1).with(user(outsider)))
				.andExpect(status().isNotFound());
			mvc.perform(get("/console/terms/{termId}/programme", term1).with(user(outsider)))
				.andExpect(status().isNotFound());
		}
		addApi(school2Admin, term1, course).andExpect(status().isNotFound());
		addApi(town1Office, term1, course).andExpect(status().isForbidden());
		addApi(city, term1, course).andExpect(status().isForbidden());
		assertThat(programmes.programme(term1).entries()).noneMatch(e -> e.courseId() == course);

		programmes.add(term1, course);
		for (KehouUser reader : List.of(town1Office, city)) {
			mvc.perform(get("/api/v1/terms/{termId}/programme", term1).with(user(reader)))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.entries[?(@.courseId == %d)]".formatted(course)).exists());
			mvc.perform(get("/console/terms/{termId}/programme", term1).with(user(reader)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("范围课程")))
				.andExpect(content().string(containsString("只读")))
				.andExpect(content().string(not(containsString("programme/remove"))));
		}
		mvc.perform(delete("/api/v1/terms/{termId}/programme", term1).param("course", String.valueOf(course))
			.with(user(town1Office)).with(csrf())).andExpect(status().isForbidden());
		mvc.perform(delete("/api/v1/terms/{termId}/programme", term1).param("course", String.valueOf(course))
			.with(user(school2Admin)).with(csrf())).andExpect(status().isNotFound());
		assertThat(programmes.programme(term1).entries()).anyMatch(e -> e.courseId() == course);
	}

	@Test
	void theConsolePageAddsFiltersAndRemoves() throws Exception {
		long p = provider("页面机构", town1);
		long course = providerCourse(p, "页面课程", "ARTS", "APPROVED", 2000, town1);

		mvc.perform(get("/console/programme").with(user(school1Admin)))
			.andExpect(redirectedUrl("/console/terms/" + term1 + "/programme"));
		mvc.perform(get("/console/terms/{termId}/programme", term1).with(user(school1Admin)).param("q", tag))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("页面课程")))
			.andExpect(content().string(containsString("¥20.00 / 60分钟")))
			.andExpect(content().string(containsString("收费上限 ¥30.00")))
			.andExpect(content().string(containsString("hx-get")));
		mvc.perform(get("/console/terms/{termId}/programme/courses", term1).with(user(school1Admin))
			.param("q", tag).param("category", "SPORTS"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("没有符合条件的可选课程")))
			.andExpect(content().string(not(containsString("<html"))));
		mvc.perform(get("/console/terms/{termId}/programme/courses", term1).with(user(school1Admin))
			.param("maxPrice", "abc"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("价格格式有误")));

		mvc.perform(post("/console/terms/{termId}/programme", term1).param("course", String.valueOf(course))
			.with(user(school1Admin)).with(csrf()))
			.andExpect(redirectedUrl("/console/terms/" + term1 + "/programme"));
		mvc.perform(post("/console/terms/{termId}/programme", term1).param("course", String.valueOf(course))
			.with(user(school1Admin)).with(csrf()))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attribute("error", "该课程已在本学期课程中。"));
		mvc.perform(get("/console/terms/{termId}/programme", term1).with(user(school1Admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("entry-" + course)))
			.andExpect(content().string(containsString("data-confirm")));
		mvc.perform(post("/console/terms/{termId}/programme/remove", term1).param("course", String.valueOf(course))
			.with(user(school1Admin)).with(csrf()))
			.andExpect(redirectedUrl("/console/terms/" + term1 + "/programme"));
		assertThat(programmes.programme(term1).entries()).noneMatch(e -> e.courseId() == course);
	}

	@Test
	void theDemoCityLetsSchool1BuildItsProgrammeRightAway() throws Exception {
		Page<SelectableCourse> demo = programmes.selectable(term1, CourseFilter.NONE, PageRequest.of(0, 500));
		assertThat(demo.getTotalElements()).isGreaterThan(10);
		List<SelectableCourse> ofProviders = demo.getContent().stream().filter(c -> !c.ownCourse()).toList();
		assertThat(ofProviders).extracting(SelectableCourse::categoryCode).contains("ARTS", "SPORTS", "SCIENCE");
		assertThat(ofProviders).allSatisfy(c -> assertThat(c.cap()).as(c.name()).isNotNull());
		assertThat(ofProviders.stream().filter(c -> !c.aboveCap()).count()).as("priced within the caps")
			.isGreaterThan(10);
		assertThat(demo.getContent()).anyMatch(SelectableCourse::ownCourse);
		assertThat(jdbc.sql("SELECT status FROM provider WHERE id = 1").query(String.class).single())
			.as("provider1's application stays a draft").isEqualTo("DRAFT");
		mvc.perform(get("/console/terms/{termId}/programme", term1).with(user(school1Admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(ofProviders.get(0).providerName())));
	}

	@Test
	void aCourseAboveTheCapInForceCannotBePickedUntilItsPriceIsLowered() throws Exception {
		long provider = provider("超限机构", town1);
		// approved earlier, then the cap was lowered below its price
		long course = providerCourse(provider, "超限课", "LABOUR", "APPROVED", 999_999, town1);
		assertThat(programmes.selectability(term1, course)).isEqualTo(Selectability.PRICE_ABOVE_CAP);
		List<SelectableCourse> listed = programmes
			.selectable(term1, new CourseFilter(null, null, null, null, "超限课 " + tag), PageRequest.of(0, 10))
			.getContent();
		assertThat(listed).singleElement().satisfies(c -> assertThat(c.aboveCap()).isTrue());
		mvc.perform(get("/console/terms/{termId}/programme/courses", term1).param("q", "超限课 " + tag)
			.with(user(school1Admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("价格高于现行收费上限")));
		addApi(school1Admin, term1, course).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("PRICE_ABOVE_CAP"));

		jdbc.sql("UPDATE course SET price_fen = 1000 WHERE id = :c").param("c", course).update();
		assertThat(programmes.selectability(term1, course)).isEqualTo(Selectability.SELECTABLE);
		addApi(school1Admin, term1, course).andExpect(status().isCreated());
	}

	@Test
	void aProviderReturnedByAnotherTownStaysOnTheWhitelistWhereItIsAdmitted() {
		long provider = provider("两镇申请机构", "RETURNED", LocalDate.now().plusYears(1), town1);
		assertThat(whitelist.isAdmitted(provider, town1, LocalDate.now())).isTrue();
		assertThat(whitelist.isAdmitted(provider, town2, LocalDate.now())).isFalse();
	}

	long audits(String action, long course) {
		return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = :a AND target_id = :t")
			.param("a", action).param("t", String.valueOf(course)).query(Long.class).single();
	}
}
