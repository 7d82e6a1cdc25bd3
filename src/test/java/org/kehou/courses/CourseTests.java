package org.kehou.courses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.kehou.catalogue.FeeCaps;
import org.kehou.catalogue.NewFeeCap;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.providers.InstructorView;
import org.kehou.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * Providers' courses through the API on the real database: the price checked against the cap in force on
 * submission (the refusal names the cap), the town's review of its own pool, withdrawal, lowering an approved
 * course's price, instructors' assignability, schools' own courses, courses above a lowered cap, and scopes.
 */
@DemoCityTest
@RecordApplicationEvents
class CourseTests extends CourseTestSupport {

	@Autowired
	Courses courses;

	@Autowired
	ApplicationEvents events;

	long auditCount(String action, long course) {
		return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = :a AND target_type = 'course' AND target_id = :id")
			.param("a", action).param("id", String.valueOf(course)).query(Long.class).single();
	}

	@Test
	void aCourseAboveTheCapIsRefusedNamingTheCapWithinTheCapItIsApproved() throws Exception {
		KehouUser provider = admittedProvider("丹青艺术培训中心", town1);
		Money cap = cap("ARTS", town1, 45);
		Money above = cap.plus(Money.ofFen(1));
		long course = create(provider, course("少儿国画", "ARTS", 45, yuan(above), true));
		mvc.perform(get("/api/v1/courses/{id}", course).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DRAFT"))
			.andExpect(jsonPath("$.details.price.fen").value(above.fen()))
			.andExpect(jsonPath("$.details.materials.fen").value(8000));

		var capInForce = feeCaps.capFor("ARTS", town1, 45, FeeCaps.today()).orElseThrow();
		send(provider, post("/api/v1/courses/{id}/submit", course), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(allOf(containsString(above.toString()),
					containsString(capInForce.cap().amount() + "/" + capInForce.cap().lessonMinutes() + "分钟"),
					containsString("本课 45 分钟折合 " + cap), containsString(capInForce.source()))));
		assertThat(courses.find(course).orElseThrow().status()).isEqualTo(CourseStatus.DRAFT);
		assertThat(jdbc.sql("SELECT count(*) FROM course_town_admission WHERE course_id = :c").param("c", course)
			.query(Long.class).single()).isZero();

		send(provider, put("/api/v1/courses/{id}", course), course("少儿国画", "ARTS", 45, yuan(cap), true))
			.andExpect(status().isOk());
		send(provider, post("/api/v1/courses/{id}/submit", course), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"))
			.andExpect(jsonPath("$.admissions[0].status").value("PENDING"));
		send(town1Office, post("/api/v1/courses/{id}/review", course),
				"{\"action\": \"APPROVE\", \"notAcademicConfirmed\": true}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"))
			.andExpect(jsonPath("$.admissions[0].status").value("APPROVED"))
			.andExpect(jsonPath("$.reviews[0].action").value("APPROVE"))
			.andExpect(jsonPath("$.reviews[1].action").value("SUBMIT"));
		assertThat(auditCount("course.submit", course)).isEqualTo(1);
		assertThat(auditCount("course.approve", course)).isEqualTo(1);
		assertThat(events.stream(CourseStatusChanged.class).filter(e -> e.courseId() == course)).hasSize(2);
	}

	@Test
	void aProviderNotAdmittedAnywhereCannotSubmitNorToATownWhereItIsNotAdmitted() throws Exception {
		KehouUser newcomer = admittedProvider("新开机构");
		long course = create(newcomer, course("篮球", "SPORTS", 60, "20", true));
		send(newcomer, post("/api/v1/courses/{id}/submit", course), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("机构尚未获准进入任何镇街的机构库")));

		KehouUser provider = admittedProvider("城关体育", town1);
		long other = create(provider, course("足球", "SPORTS", 60, "20", true));
		send(provider, post("/api/v1/courses/{id}/submit", other), "{\"townIds\": [" + town2 + "]}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("not admitted in")));
		send(provider, post("/api/v1/courses/{id}/submit", other), "{\"townIds\": []}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.townIds").exists());
	}

	@Test
	void submissionNeedsTheNonAcademicDeclarationAndProvidersListNoBasicCare() throws Exception {
		KehouUser provider = admittedProvider("声明测试机构", town1);
		long course = create(provider, course("科学实验", "SCIENCE", 60, "20", false));
		send(provider, post("/api/v1/courses/{id}/submit", course), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("不属于学科类培训")));
		send(provider, post("/api/v1/providers/{p}/courses", id(provider)), course("托管", "BASIC_CARE", 45, "2", true))
			.andExpect(status().isBadRequest());
		send(provider, post("/api/v1/providers/{p}/courses", id(provider)), course("数学", "MATHS", 45, "2", true))
			.andExpect(status().isBadRequest());
		send(provider, post("/api/v1/providers/{p}/courses", id(provider)),
				"""
						{"name": "", "category": "ARTS", "grades": [0, 10], "lessonMinutes": 5, "lessonsPerTerm": 0,
						 "price": "abc", "minSize": 0, "maxSize": 30}""")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.name").exists())
			.andExpect(jsonPath("$.errors.lessonMinutes").exists())
			.andExpect(jsonPath("$.errors.price").exists())
			.andExpect(jsonPath("$.errors.minSize").exists());
		send(provider, post("/api/v1/providers/{p}/courses", id(provider)),
				course("大班", "ARTS", 60, "20", true).replace("\"minSize\": 10", "\"minSize\": 40"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void theTownReviewsItsOwnPoolWithReasonsAndRoles() throws Exception {
		KehouUser provider = admittedProvider("双镇机构", town1, town2);
		long course = create(provider, course("书法", "ARTS", 45, "10", true));
		send(provider, post("/api/v1/courses/{id}/submit", course), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isOk());

		send(provider, post("/api/v1/courses/{id}/review", course), "{\"action\": \"APPROVE\", \"notAcademicConfirmed\": true}")
			.andExpect(status().isForbidden());
		send(city, post("/api/v1/courses/{id}/review", course), "{\"action\": \"APPROVE\", \"notAcademicConfirmed\": true}")
			.andExpect(status().isForbidden());
		send(town2Office, post("/api/v1/courses/{id}/review", course), "{\"action\": \"APPROVE\", \"notAcademicConfirmed\": true}")
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/courses/{id}", course).with(user(town2Office))).andExpect(status().isNotFound());
		send(town1Office, post("/api/v1/courses/{id}/review", course), "{\"action\": \"RETURN\"}")
			.andExpect(status().isBadRequest());
		send(town1Office, post("/api/v1/courses/{id}/review", course), "{\"action\": \"APPROVE\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("不属于学科类培训")));
		send(town1Office, post("/api/v1/courses/{id}/review", course), "{}").andExpect(status().isBadRequest());

		send(town1Office, post("/api/v1/courses/{id}/review", course), "{\"action\": \"RETURN\", \"reason\": \"请补充课程大纲\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("RETURNED"))
			.andExpect(jsonPath("$.reviews[0].reason").value("请补充课程大纲"));
		send(town1Office, post("/api/v1/courses/{id}/review", course), "{\"action\": \"APPROVE\", \"notAcademicConfirmed\": true}")
			.andExpect(status().isConflict());

		send(provider, put("/api/v1/courses/{id}", course), course("书法（含大纲）", "ARTS", 45, "10", true))
			.andExpect(status().isOk());
		send(provider, post("/api/v1/courses/{id}/submit", course), "{\"townIds\": [" + town1 + ", " + town2 + "]}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
		send(town2Office, post("/api/v1/courses/{id}/review", course), "{\"action\": \"REJECT\", \"reason\": \"本镇已有同类课程\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
		send(town1Office, post("/api/v1/courses/{id}/review", course), "{\"action\": \"APPROVE\", \"notAcademicConfirmed\": true}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"));
		assertThat(auditCount("course.return", course)).isEqualTo(1);
		assertThat(auditCount("course.reject", course)).isEqualTo(1);
		assertThat(jdbc.sql("SELECT count(*) FROM course_review WHERE course_id = :c").param("c", course)
			.query(Long.class).single()).isEqualTo(5);

		// an approved course: only a lower price, and within the cap
		send(provider, put("/api/v1/courses/{id}", course), course("书法（新）", "ARTS", 45, "10", true))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("withdraw it and list a new course")));
		send(provider, put("/api/v1/courses/{id}", course), course("书法（含大纲）", "ARTS", 45, "12", true))
			.andExpect(status().isConflict());
		send(provider, put("/api/v1/courses/{id}", course), course("书法（含大纲）", "ARTS", 45, "9.50", true))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"))
			.andExpect(jsonPath("$.details.price.fen").value(950))
			.andExpect(jsonPath("$.reviews[0].action").value("REPRICE"));
		assertThat(auditCount("course.reprice", course)).isEqualTo(1);

		// a school of town 1 reads the approved course but does not change it
		KehouUser school1 = schoolAdmin(school("school1"));
		mvc.perform(get("/api/v1/courses/{id}", course).with(user(school1))).andExpect(status().isOk());
		send(school1, put("/api/v1/courses/{id}", course), course("书法（含大纲）", "ARTS", 45, "1", true))
			.andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/courses/{id}", course).with(user(schoolAdmin(school("school2")))))
			.andExpect(status().isNotFound());

		send(provider, post("/api/v1/courses/{id}/withdraw", course), "")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("WITHDRAWN"));
		send(provider, post("/api/v1/courses/{id}/withdraw", course), "").andExpect(status().isConflict());
		assertThat(auditCount("course.withdraw", course)).isEqualTo(1);
	}

	@Test
	void aProviderSeesOnlyItsOwnCoursesAndATownOnlyItsPool() throws Exception {
		KehouUser a = admittedProvider("甲机构", town1);
		KehouUser b = admittedProvider("乙机构", town2);
		long ofA = create(a, course("甲的课程", "READING", 60, "15", true));
		long ofB = create(b, course("乙的课程", "READING", 60, "15", true));
		send(b, post("/api/v1/courses/{id}/submit", ofB), "{\"townIds\": [" + town2 + "]}").andExpect(status().isOk());

		mvc.perform(get("/api/v1/courses?size=100").with(user(a)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[*].name").value(hasItem("甲的课程")))
			.andExpect(jsonPath("$.content[*].name").value(not(hasItem("乙的课程"))));
		mvc.perform(get("/api/v1/courses/{id}", ofB).with(user(a))).andExpect(status().isNotFound());
		send(a, put("/api/v1/courses/{id}", ofB), course("抢来的", "READING", 60, "1", true))
			.andExpect(status().isNotFound());
		send(a, post("/api/v1/providers/{p}/courses", id(b)), course("代建", "READING", 60, "1", true))
			.andExpect(status().isNotFound());

		mvc.perform(get("/api/v1/courses?size=100").with(user(town2Office)))
			.andExpect(jsonPath("$.content[*].name").value(hasItem("乙的课程")))
			.andExpect(jsonPath("$.content[*].name").value(not(hasItem("甲的课程"))));
		mvc.perform(get("/api/v1/courses?size=100").with(user(town1Office)))
			.andExpect(jsonPath("$.content[*].name").value(not(hasItem("乙的课程"))));
		mvc.perform(get("/api/v1/courses?size=100&status=SUBMITTED&category=READING").with(user(city)))
			.andExpect(jsonPath("$.content[*].name").value(hasItem("乙的课程")))
			.andExpect(jsonPath("$.content[*].name").value(not(hasItem("甲的课程"))));
		assertThat(courses.find(ofA)).isPresent();
	}

	@Test
	void anInstructorWithAnExpiredNoCriminalRecordCertificateCannotBeAssignedRenewingItMakesThemAssignable()
			throws Exception {
		KehouUser provider = admittedProvider("教员机构", town1);
		long course = create(provider, course("武术", "SPORTS", 60, "20", true));
		LocalDate today = FeeCaps.today();
		String idNumber = idNumber();
		InstructorView teacher = instructors.register(id(provider), instructor(idNumber, today.minusYears(1).minusDays(3)));

		send(provider, put("/api/v1/courses/{c}/instructors/{i}", course, teacher.id()), "")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("无犯罪记录证明已超过一年")));
		assertThat(courses.find(course).orElseThrow().instructors()).isEmpty();

		instructors.update(teacher.id(), instructor(idNumber, today.minusDays(2)));
		send(provider, put("/api/v1/courses/{c}/instructors/{i}", course, teacher.id()), "")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.instructors[0].name").value("赵老师"));
		assertThat(auditCount("course.instructor.assign", course)).isEqualTo(1);

		KehouUser other = admittedProvider("别家教员机构", town1);
		InstructorView stranger = instructors.register(id(other), instructor(idNumber(), today.minusDays(2)));
		send(provider, put("/api/v1/courses/{c}/instructors/{i}", course, stranger.id()), "")
			.andExpect(status().isNotFound());

		send(provider, delete("/api/v1/courses/{c}/instructors/{i}", course, teacher.id()), "")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.instructors").isEmpty());
	}

	@Test
	void aSchoolListsItsOwnCoursesApprovedWithinItsTownsCap() throws Exception {
		long school = school("school2");
		KehouUser admin = schoolAdmin(school);
		Money cap = cap("BASIC_CARE", town2, 45);
		send(admin, post("/api/v1/schools/{s}/courses", school), course("课后托管", "BASIC_CARE", 45,
				yuan(cap.plus(Money.ofFen(10))), true))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString(cap.toString())));
		String json = send(admin, post("/api/v1/schools/{s}/courses", school),
				course("课后托管", "BASIC_CARE", 45, yuan(cap), true))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("APPROVED"))
			.andExpect(jsonPath("$.schoolId").value(school))
			.andReturn().getResponse().getContentAsString();
		long course = ((Number) com.jayway.jsonpath.JsonPath.read(json, "$.id")).longValue();
		assertThat(auditCount("course.create", course)).isEqualTo(1);
		send(admin, put("/api/v1/courses/{id}", course), course("课后托管（作业辅导）", "BASIC_CARE", 45, yuan(cap), true))
			.andExpect(status().isOk());
		mvc.perform(get("/api/v1/courses/{id}", course).with(user(town2Office))).andExpect(status().isOk());
		mvc.perform(get("/api/v1/courses/{id}", course).with(user(town1Office))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/courses/{id}", course).with(user(schoolAdmin(school("school1")))))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/courses?size=100").with(user(admin)))
			.andExpect(jsonPath("$.content[*].name").value(hasItem("课后托管（作业辅导）")));
		send(admin, post("/api/v1/schools/{s}/courses", school("school1")), course("越权", "BASIC_CARE", 45, "1", true))
			.andExpect(status().isNotFound());

		long direct = cityDirectSchool();
		Money cityCap = cap("BASIC_CARE", null, 60);
		send(schoolAdmin(direct), post("/api/v1/schools/{s}/courses", direct),
				course("市直托管", "BASIC_CARE", 60, yuan(cityCap.plus(Money.ofFen(1))), true))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("市级")));
		send(schoolAdmin(direct), post("/api/v1/schools/{s}/courses", direct),
				course("市直托管", "BASIC_CARE", 60, yuan(cityCap), true))
			.andExpect(status().isCreated());
	}

	/** Sets a town cap in town 1 (town 2 must keep none: {@code FeeCapsTests} shares the database). */
	@Test
	void aCourseAboveALoweredTownCapIsListedUntilItsPriceIsLowered() throws Exception {
		KehouUser provider = admittedProvider("心理成长中心", town1);
		Money cityCap = cap("PSYCHOLOGY", town1, 60);
		Money price = cityCap.minus(Money.ofFen(100));
		long course = create(provider, course("情绪小课堂", "PSYCHOLOGY", 60, yuan(price), true));
		send(provider, post("/api/v1/courses/{id}/submit", course), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isOk());
		send(town1Office, post("/api/v1/courses/{id}/review", course), "{\"action\": \"APPROVE\", \"notAcademicConfirmed\": true}")
			.andExpect(status().isOk());
		assertThat(courses.aboveCap(city.scope(), FeeCaps.today())).extracting(AboveCap::courseId).doesNotContain(course);

		Money lowered = price.minus(Money.ofFen(200));
		feeCaps.setTownCap(town1, new NewFeeCap("PSYCHOLOGY", lowered, 60, FeeCaps.today(), "镇街教办 测试〔1〕号"));

		assertThat(courses.aboveCap(city.scope(), FeeCaps.today())).filteredOn(a -> a.courseId() == course)
			.singleElement()
			.satisfies(a -> {
				assertThat(a.cap().amount()).isEqualTo(lowered);
				assertThat(a.cap().source()).isEqualTo("镇街教办 测试〔1〕号");
				assertThat(a.townId()).isEqualTo(town1);
			});
		assertThat(courses.aboveCap(town1Office.scope(), FeeCaps.today())).extracting(AboveCap::courseId).contains(course);
		assertThat(courses.aboveCap(town2Office.scope(), FeeCaps.today())).extracting(AboveCap::courseId).doesNotContain(course);
		mvc.perform(get("/api/v1/courses/above-cap").with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].courseId").value(hasItem((int) course)));

		send(provider, put("/api/v1/courses/{id}", course), course("情绪小课堂", "PSYCHOLOGY", 60,
				yuan(lowered.plus(Money.ofFen(1))), true))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("镇街教办 测试〔1〕号")));
		send(provider, put("/api/v1/courses/{id}", course), course("情绪小课堂", "PSYCHOLOGY", 60, yuan(lowered), true))
			.andExpect(status().isOk());
		assertThat(courses.aboveCap(city.scope(), FeeCaps.today())).extracting(AboveCap::courseId).doesNotContain(course);
		mvc.perform(get("/api/v1/courses/above-cap").with(user(provider)))
			.andExpect(jsonPath("$[*].courseId").value(not(hasItem((int) course))));
		// the context is shared: SchoolFeesTests expects town1 to have no cap of its own
		jdbc.sql("DELETE FROM fee_cap WHERE source = '镇街教办 测试〔1〕号'").update();
	}
}
