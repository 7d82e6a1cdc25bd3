package org.kehou.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** The console pages render in Chinese (and English), keep scopes and show form errors. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class OrganisationPagesTests extends OrganisationFixtureTests {

	@Autowired
	MockMvc mvc;

	@Test
	void schoolListRendersInChineseWithFiltersAndEmptyState() throws Exception {
		mvc.perform(get("/console/schools").param("name", f.tag()).with(user(f.cityAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("城关实验小学" + f.tag())))
			.andExpect(content().string(containsString("市直属")))
			.andExpect(content().string(containsString("学校名称或代码")))
			.andExpect(content().string(containsString("第一服务平台" + f.tag())));
		mvc.perform(get("/console/schools").param("name", "不存在的学校" + f.tag()).with(user(f.cityAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("没有符合条件的学校。")));
		mvc.perform(get("/console/schools").param("name", f.tag()).param("cityDirect", "true").with(user(f.cityAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("市第一中学" + f.tag())))
			.andExpect(content().string(not(containsString("城关实验小学" + f.tag()))));
		mvc.perform(get("/console/schools").with(user(f.townAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("城关实验小学" + f.tag())))
			.andExpect(content().string(not(containsString("滨江中学" + f.tag()))));
	}

	@Test
	void schoolListInEnglish() throws Exception {
		mvc.perform(get("/console/schools").param("lang", "en").param("name", f.tag()).with(user(f.cityAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("School name or code")))
			.andExpect(content().string(containsString("City-direct")));
	}

	@Test
	void schoolPageShowsGradesClassesPlatformAndValidatesTheClassForm() throws Exception {
		mvc.perform(get("/console/schools/{id}", f.school1()).with(user(f.schoolAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("三年级")))
			.andExpect(content().string(containsString("1班")))
			.andExpect(content().string(containsString("第一服务平台" + f.tag())))
			.andExpect(content().string(not(containsString("指定服务平台"))));
		mvc.perform(post("/console/schools/{id}/classes", f.school1()).param("gradeLevel", "")
			.param("name", "")
			.with(user(f.schoolAdmin()))
			.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("请填写此项。")));
		mvc.perform(post("/console/schools/{id}/classes", f.school1()).param("gradeLevel", "3")
			.param("name", "1班")
			.with(user(f.schoolAdmin()))
			.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("该年级已有同名班级。")));
		mvc.perform(post("/console/schools/{id}/classes", f.school1()).param("gradeLevel", "4")
			.param("name", "2班")
			.with(user(f.schoolAdmin()))
			.with(csrf()))
			.andExpect(redirectedUrl("/console/schools/" + f.school1()))
			.andExpect(flash().attribute("flash", "已新增班级 四年级2班。"));
		assertThat(schools.findClass(f.school1(), 4, "2班")).isPresent();
	}

	@Test
	void cityAdminAssignsAPlatformOnTheSchoolPage() throws Exception {
		mvc.perform(get("/console/schools/{id}", f.school2()).with(user(f.cityAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("指定服务平台")));
		mvc.perform(post("/console/schools/{id}/platform", f.school2()).param("platformId", "" + f.platformId())
			.with(user(f.cityAdmin()))
			.with(csrf())).andExpect(redirectedUrl("/console/schools/" + f.school2()));
		assertThat(schools.findSchool(f.school2()).orElseThrow().platformId()).isEqualTo(f.platformId());
		mvc.perform(post("/console/schools/{id}/platform", f.school2()).param("platformId", "" + f.platformId())
			.with(user(f.townAdmin()))
			.with(csrf())).andExpect(status().isForbidden());
	}

	@Test
	void otherTownsSchoolPagesAreNotFound() throws Exception {
		mvc.perform(get("/console/schools/{id}", f.school2()).with(user(f.townAdmin())))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/terms/{id}", f.term1()).with(user(f.otherSchoolAdmin())))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/towns").with(user(f.townAdmin()))).andExpect(status().isForbidden());
	}

	@Test
	void termCalendarShowsTheMonthGridAndAcceptsExceptions() throws Exception {
		terms.setDay(f.term1(), CalendarDay.holiday(LocalDate.of(2026, 10, 1), "国庆节"));
		terms.setDay(f.term1(), CalendarDay.swapped(LocalDate.of(2026, 10, 10), DayOfWeek.THURSDAY, null));
		mvc.perform(get("/console/terms/{id}", f.term1()).param("month", "2026-10").with(user(f.schoolAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("2026年10月")))
			.andExpect(content().string(containsString("国庆节")))
			.andExpect(content().string(containsString("day swapped_day")))
			.andExpect(content().string(containsString("按星期四课表")))
			.andExpect(content().string(containsString("data-confirm=\"确定删除 2026-10-01 的校历调整吗")));

		// a swapped day on a weekday is refused with a readable message
		mvc.perform(post("/console/terms/{id}/days", f.term1()).param("date", "2026-10-13")
			.param("kind", "SWAPPED_DAY")
			.param("followsWeekday", "1")
			.with(user(f.schoolAdmin()))
			.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("只有周六或周日才能设为调休或补课日。")));
		mvc.perform(post("/console/terms/{id}/days", f.term1()).param("date", "")
			.param("kind", "")
			.with(user(f.schoolAdmin()))
			.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("请填写此项。")));
		mvc.perform(post("/console/terms/{id}/days", f.term1()).param("date", "2026-11-14")
			.param("kind", "MAKEUP_DAY")
			.param("followsWeekday", "1")
			.param("note", "期中补课")
			.with(user(f.schoolAdmin()))
			.with(csrf()))
			.andExpect(redirectedUrl("/console/terms/" + f.term1() + "?month=2026-11"));
		assertThat(terms.calendar(f.term1()).orElseThrow().timetableWeekday(LocalDate.of(2026, 11, 14)))
			.contains(DayOfWeek.MONDAY);
		mvc.perform(post("/console/terms/{id}/days/2026-11-14/delete", f.term1()).with(user(f.schoolAdmin()))
			.with(csrf())).andExpect(redirectedUrl("/console/terms/" + f.term1() + "?month=2026-11"));
		assertThat(terms.calendar(f.term1()).orElseThrow().day(LocalDate.of(2026, 11, 14))).isEmpty();
	}

	@Test
	void termsPageCreatesATermAndShowsConflicts() throws Exception {
		mvc.perform(get("/console/schools/{id}/terms", f.school1()).with(user(f.schoolAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("2026年秋季学期")))
			.andExpect(content().string(containsString("新建学期")));
		mvc.perform(post("/console/schools/{id}/terms", f.school1()).param("name", "重复")
			.param("schoolYear", "2026-2027")
			.param("semester", "1")
			.param("startsOn", "2027-03-01")
			.param("endsOn", "2027-07-01")
			.with(user(f.schoolAdmin()))
			.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("本校已有同一学年同一学期")));
		mvc.perform(post("/console/schools/{id}/terms", f.school1()).param("name", "2027年春季学期")
			.param("schoolYear", "2026-2027")
			.param("semester", "2")
			.param("startsOn", "2027-03-01")
			.param("endsOn", "2027-07-01")
			.with(user(f.schoolAdmin()))
			.with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(terms.termsOf(f.school1())).hasSize(2);
	}

	@Test
	void townsAndPlatformsPagesForTheCity() throws Exception {
		mvc.perform(get("/console/towns").with(user(f.cityAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("城关镇" + f.tag())))
			.andExpect(content().string(containsString("街道")));
		mvc.perform(get("/console/platforms").with(user(f.cityAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("第一服务平台" + f.tag())))
			.andExpect(content().string(containsString("城关实验小学" + f.tag())));
	}

	@Test
	void homePageShowsCountsAndTheMenu() throws Exception {
		mvc.perform(get("/console").with(user(f.townAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("组织机构概况")))
			.andExpect(content().string(containsString("class=\"stat\"")))
			.andExpect(content().string(containsString("href=\"/console/schools\"")));
	}
}
