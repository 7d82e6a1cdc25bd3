package org.kehou.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The survey pages and API end to end: a school admin creates, fills and publishes a campaign in the console; the
 * guardian finds it on the phone, is told what is missing, answers, and cannot answer again (Problem Details); the
 * results page carries the chart data and the export is an .xlsx; another school's admin and an ineligible teacher
 * get 404, the town above sees it.
 */
@DemoCityTest
class SurveyWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserDetailsService users;

	KehouUser school1;

	KehouUser school2;

	KehouUser town1;

	KehouUser guardian;

	KehouUser teacher;

	@BeforeEach
	void accounts() {
		school1 = (KehouUser) users.loadUserByUsername("school1");
		school2 = (KehouUser) users.loadUserByUsername("school2");
		town1 = (KehouUser) users.loadUserByUsername("town1");
		guardian = (KehouUser) users.loadUserByUsername("13800000001");
		teacher = (KehouUser) users.loadUserByUsername("teacher1");
	}

	@AfterEach
	void cleanUp() {
		jdbc.sql("DELETE FROM survey WHERE title LIKE '测试%'").update();
		jdbc.sql("DELETE FROM inbox_message WHERE topic = 'survey.opened'").update();
	}

	@Test
	void aCampaignFromTheConsoleToTheGuardiansPhoneAndBack() throws Exception {
		LocalDateTime now = Surveys.now().truncatedTo(ChronoUnit.MINUTES);
		// a refused form comes back with the message and what was typed
		mvc.perform(post("/console/surveys").with(user(school1)).with(csrf()).param("title", "测试网页问卷")
			.param("audience", "GUARDIANS").param("opensAt", now.toString()).param("closesAt", now.minusHours(1).toString()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("结束时间要晚于开始时间")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("测试网页问卷")));
		MvcResult created = mvc.perform(post("/console/surveys").with(user(school1)).with(csrf()).param("title", "测试网页问卷")
			.param("audience", "GUARDIANS").param("anonymous", "on").param("opensAt", now.minusHours(1).toString())
			.param("closesAt", now.plusDays(2).toString()))
			.andExpect(status().is3xxRedirection()).andReturn();
		String location = created.getResponse().getRedirectedUrl();
		long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
		mvc.perform(post("/console/surveys/" + id + "/questions").with(user(school1)).with(csrf()).param("kind", "SINGLE")
			.param("text", "孩子喜欢课后服务吗").param("required", "on").param("choices", "喜欢\n一般\n不喜欢"))
			.andExpect(status().is3xxRedirection());
		mvc.perform(post("/console/surveys/" + id + "/questions").with(user(school1)).with(csrf()).param("kind", "TEXT")
			.param("text", "建议"))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/console/surveys/new").with(user(school1))).andExpect(status().isOk());
		mvc.perform(get("/console/surveys/" + id).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("孩子喜欢课后服务吗")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"add-question\"")));
		mvc.perform(get("/console/surveys/" + id).with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("id=\"add-question\""))));
		mvc.perform(post("/console/surveys/" + id + "/publish").with(user(school1)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/console/surveys").with(user(school1)))
			.andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("测试网页问卷")));
		long[] questions = jdbc.sql("SELECT id FROM survey_question WHERE survey_id = :s ORDER BY position").param("s", id)
			.query(Long.class).list().stream().mapToLong(Long::longValue).toArray();

		// the guardian: listed, told what is missing, answers, thanked, marked as answered
		mvc.perform(get("/m/surveys").with(user(guardian)))
			.andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("测试网页问卷")));
		mvc.perform(post("/m/surveys/" + id).with(user(guardian)).with(csrf()).param("q" + questions[1], "很好"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("第 1 题是必答题")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("很好")));
		mvc.perform(post("/m/surveys/" + id).with(user(guardian)).with(csrf()).param("q" + questions[0], "0")
			.param("q" + questions[1], "请联系 13812345678"))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/m/surveys/" + id).with(user(guardian)))
			.andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("您已提交这份问卷")));
		mvc.perform(post("/api/v1/surveys/" + id + "/answers").with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"answers\": {\"" + questions[0] + "\": [\"1\"]}}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("ALREADY_ANSWERED"));

		// results: chart data, screened text, no name; the export
		mvc.perform(get("/console/surveys/" + id).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("data-chart")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("138****5678")))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("13812345678"))));
		MvcResult xlsx = mvc.perform(get("/console/surveys/" + id + "/results.xlsx").with(user(school1)))
			.andExpect(status().isOk()).andReturn();
		byte[] book = xlsx.getResponse().getContentAsByteArray();
		assertThat(new String(book, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
		mvc.perform(get("/api/v1/surveys/" + id + "/results").with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.answered").value(1))
			.andExpect(jsonPath("$.questions[0].counts[0].count").value(1));

		// scope: another school's admin and a teacher outside the audience do not find it; the town above does
		mvc.perform(get("/console/surveys/" + id).with(user(school2))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/surveys/" + id + "/results").with(user(school2))).andExpect(status().isNotFound());
		mvc.perform(get("/console/surveys").with(user(school2)))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("测试网页问卷"))));
		mvc.perform(get("/m/surveys/" + id).with(user(teacher))).andExpect(status().isNotFound());
		mvc.perform(get("/console/surveys/" + id).with(user(town1)))
			.andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("测试网页问卷")));
		// the town sees it but only the school may close it
		mvc.perform(post("/api/v1/surveys/" + id + "/close").with(user(town1)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(post("/console/surveys/" + id + "/close").with(user(school1)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(jdbc.sql("SELECT status FROM survey WHERE id = :s").param("s", id).query(String.class).single())
			.isEqualTo("CLOSED");
	}

	@Test
	void theApiCreatesACampaignWithItsQuestionsAndRefusesBadOnesWithProblemDetails() throws Exception {
		String now = Surveys.now().truncatedTo(ChronoUnit.MINUTES).toString();
		String later = Surveys.now().truncatedTo(ChronoUnit.MINUTES).plusDays(1).toString();
		mvc.perform(post("/api/v1/surveys").with(user(school1)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"title": "测试接口", "audience": "GUARDIANS", "anonymous": true, "opensAt": "%s", "closesAt": "%s",
					 "questions": [{"kind": "SINGLE", "text": "只有一个选项", "choices": ["是"]}]}""".formatted(now, later)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("INVALID"));
		assertThat(jdbc.sql("SELECT count(*) FROM survey WHERE title = '测试接口'").query(Long.class).single()).isZero();
		mvc.perform(post("/api/v1/surveys").with(user(school1)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"title": "测试接口", "audience": "GUARDIANS", "anonymous": false, "opensAt": "%s", "closesAt": "%s",
					 "questions": [{"kind": "SCALE", "text": "满意度", "required": true, "satisfaction": true}]}"""
				.formatted(now, later)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").isNumber());
		mvc.perform(get("/api/v1/surveys").with(user(school1)))
			.andExpect(status().isOk()).andExpect(jsonPath("$.surveys[0].title").value("测试接口"))
			.andExpect(jsonPath("$.surveys[0].status").value("DRAFT"));
	}
}
