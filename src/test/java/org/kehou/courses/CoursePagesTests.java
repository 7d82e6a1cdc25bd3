package org.kehou.courses;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.kehou.catalogue.FeeCaps;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.providers.InstructorView;
import org.kehou.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The course console pages: a provider lists and submits a course, the town reviews it against its cap. */
@DemoCityTest
class CoursePagesTests extends CourseTestSupport {

	@Autowired
	Courses courses;

	MockHttpServletRequestBuilder form(KehouUser who, String path, Object... vars) {
		return post(path, vars).with(user(who)).with(csrf());
	}

	MockHttpServletRequestBuilder courseForm(MockHttpServletRequestBuilder request, String name, String price) {
		return request.param("name", name).param("category", "ARTS").param("description", "水彩入门")
			.param("grades", "3", "4").param("lessonMinutes", "60").param("lessonsPerTerm", "16").param("price", price)
			.param("materialsFee", "50").param("minSize", "8").param("maxSize", "25").param("notAcademic", "true");
	}

	@Test
	void aProviderListsAndSubmitsACourseTheTownReviewsItAgainstItsCap() throws Exception {
		KehouUser provider = admittedProvider("水彩画室", town1);
		mvc.perform(get("/console/courses/new").with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("本课程不属于学科类培训")))
			.andExpect(content().string(not(containsString("value=\"BASIC_CARE\""))));
		mvc.perform(courseForm(form(provider, "/console/courses/new"), "", "30"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("必填")));

		Money cap = cap("ARTS", town1, 60);
		String location = mvc.perform(courseForm(form(provider, "/console/courses/new"), "水彩入门",
				yuan(cap.plus(Money.ofFen(500)))))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrlPattern("/console/courses/*"))
			.andReturn().getResponse().getRedirectedUrl();
		long course = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

		mvc.perform(get("/console/courses").with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("水彩入门")))
			.andExpect(content().string(containsString("<td>艺术</td>")));
		mvc.perform(get("/console/courses/{id}", course).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("提交到以下镇街的课程库")))
			.andExpect(content().string(containsString("本课 60 分钟折合 " + cap + "）")))
			.andExpect(content().string(containsString("data-confirm=\"撤回后该课程将退出所有镇街课程库")));

		mvc.perform(form(provider, "/console/courses/{id}/submit", course).param("townIds", String.valueOf(town1)))
			.andExpect(redirectedUrl("/console/courses/" + course))
			.andExpect(flash().attribute("error", containsString("收费上限 " + feeCaps.capFor("ARTS", town1, 60,
					FeeCaps.today()).orElseThrow().cap().amount())));

		mvc.perform(courseForm(form(provider, "/console/courses/{id}", course), "水彩入门", yuan(cap)))
			.andExpect(redirectedUrl("/console/courses/" + course));
		mvc.perform(form(provider, "/console/courses/{id}/submit", course).param("townIds", String.valueOf(town1)))
			.andExpect(flash().attribute("flash", "课程已提交，请等待镇街教办审核。"));

		mvc.perform(get("/console/courses/{id}", course).with(user(town1Office)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("本镇街现行收费上限：" + reviewCap())))
			.andExpect(content().string(containsString("我已核实：课程内容不属于学科类培训")))
			.andExpect(content().string(not(containsString("提交到以下镇街的课程库"))));
		mvc.perform(get("/console/courses").with(user(town1Office)))
			.andExpect(content().string(containsString("水彩入门")));
		mvc.perform(get("/console/courses").with(user(town2Office)))
			.andExpect(content().string(not(containsString("水彩入门"))));
		mvc.perform(get("/console/courses/{id}", course).with(user(town2Office))).andExpect(status().isNotFound());

		mvc.perform(form(town1Office, "/console/courses/{id}/review", course).param("action", "APPROVE"))
			.andExpect(flash().attribute("error", containsString("不属于学科类培训")));
		mvc.perform(form(town1Office, "/console/courses/{id}/review", course).param("action", "APPROVE")
			.param("notAcademicConfirmed", "true"))
			.andExpect(flash().attribute("flash", "已通过该课程。"));
		mvc.perform(get("/console/courses/{id}", course).with(user(provider)))
			.andExpect(content().string(containsString("降低价格")))
			.andExpect(content().string(containsString("已通过")));
	}

	/** How the review form describes the ARTS cap for 60-minute lessons in town 1. */
	String reviewCap() {
		var cap = feeCaps.capFor("ARTS", town1, 60, FeeCaps.today()).orElseThrow();
		return (cap.level() == org.kehou.catalogue.CapLevel.CITY ? "市级" : "镇街") + " " + cap.cap().amount() + " / "
				+ cap.cap().lessonMinutes() + " 分钟（本课 60 分钟折合 " + cap.amount() + "）";
	}

	@Test
	void instructorsAreAssignedOnTheCoursePageWithTheReasonsWhenRefused() throws Exception {
		KehouUser provider = admittedProvider("陶艺工坊", town1);
		long course = create(provider, course("陶艺", "ARTS", 60, "10", true));
		LocalDate today = FeeCaps.today();
		InstructorView expired = instructors.register(id(provider), instructor(idNumber(), today.minusYears(2)));
		mvc.perform(get("/console/courses/{id}", course).with(user(provider)))
			.andExpect(content().string(containsString("赵老师 — 暂不可安排")));
		mvc.perform(form(provider, "/console/courses/{id}/instructors", course)
			.param("instructorId", String.valueOf(expired.id())))
			.andExpect(flash().attribute("error", containsString("无犯罪记录证明已超过一年")));
	}

	@Test
	void theAboveCapPageAsksTheProviderToChangeThePrice() throws Exception {
		KehouUser provider = admittedProvider("无超价机构", town1);
		mvc.perform(get("/console/courses/above-cap").with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("没有价格超出收费上限的课程")));
		long course = create(provider, course("超价课", "LABOUR", 60, "1", true));
		// planted above the cap as if a town had lowered it after the approval
		jdbc.sql("UPDATE course SET status = 'APPROVED', price_fen = 999999 WHERE id = :c").param("c", course).update();
		jdbc.sql("INSERT INTO course_town_admission (course_id, town_id, status) VALUES (:c, :t, 'APPROVED')")
			.param("c", course).param("t", town1).update();
		mvc.perform(get("/console/courses/above-cap").with(user(provider)))
			.andExpect(content().string(containsString("超价课")))
			.andExpect(content().string(containsString("请修改价格")));
		mvc.perform(get("/console/courses").with(user(provider)))
			.andExpect(content().string(containsString("超出收费上限")));
		mvc.perform(get("/console/courses/{id}", course).with(user(provider)))
			.andExpect(content().string(containsString("超出收费上限")));
		mvc.perform(get("/console/courses/above-cap").with(user(town2Office)))
			.andExpect(content().string(not(containsString("超价课"))));
		mvc.perform(get("/console/courses/above-cap").with(user(city)))
			.andExpect(content().string(containsString("超价课")));
		// the context is shared: ProgrammeTests expects every selectable course within its cap
		jdbc.sql("UPDATE course SET status = 'WITHDRAWN' WHERE id = :c").param("c", course).update();
	}

	@Test
	void aSchoolAdministratorCreatesBasicCareOnThePage() throws Exception {
		long school = school("school1");
		KehouUser admin = schoolAdmin(school);
		mvc.perform(get("/console/courses/new").with(user(admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"BASIC_CARE\"")));
		Money cap = cap("BASIC_CARE", town1, 45);
		String location = mvc.perform(form(admin, "/console/courses/new").param("name", "放学托管")
			.param("category", "BASIC_CARE").param("grades", "1", "2").param("lessonMinutes", "45")
			.param("lessonsPerTerm", "80").param("price", yuan(cap)).param("minSize", "1").param("maxSize", "60")
			.param("notAcademic", "true"))
			.andExpect(status().is3xxRedirection())
			.andReturn().getResponse().getRedirectedUrl();
		mvc.perform(get(location).with(user(admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("放学托管")))
			.andExpect(content().string(containsString("已通过")));
		mvc.perform(get("/console/courses").with(user(admin)))
			.andExpect(content().string(containsString("放学托管")));
		mvc.perform(get("/console").with(user(admin)))
			.andExpect(content().string(containsString("/console/courses")));
		mvc.perform(get("/console/courses/new").with(user(town1Office))).andExpect(status().isForbidden());
		mvc.perform(get("/console/courses").with(user(admin)))
			.andExpect(content().string(not(startsWith("x"))));
	}
}
