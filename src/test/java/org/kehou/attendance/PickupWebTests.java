package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Pickup over the web: the guardian's page (persons, the go-home-alone statement) and the teacher's release page
 * render in Chinese and English; a release to anyone but an authorised person is refused on the page and as a 409
 * Problem Detail; another school's (or offering's) teacher and another family's guardian get 404/403; bad input gets
 * Problem Details.
 */
@DemoCityTest
class PickupWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RollCalls rollCalls;

	@Autowired
	UserDetailsService users;

	AttendanceWorld world;

	KehouUser teacher;

	KehouUser guardian;

	long child;

	long stranger;

	long session;

	long theirSession;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		long mine = world.offering("舞蹈", "1 15:30-16:30");
		long theirs = world.offering("围棋", "1 15:30-16:30");
		world.teach(mine, "teacher1");
		teacher = (KehouUser) users.loadUserByUsername("teacher1");
		guardian = (KehouUser) users.loadUserByUsername("13800000001");
		List<Long> own = jdbc.sql("""
				SELECT sg.student_id FROM student_guardian sg JOIN student s ON s.id = sg.student_id
				WHERE sg.guardian_id = :g AND s.school_id = :s ORDER BY sg.student_id""")
			.param("g", guardian.scope().guardianId()).param("s", world.school).query(Long.class).list();
		world.reserved.addAll(own);
		jdbc.sql("UPDATE pickup_person SET removed_at = now() WHERE student_id IN (:c) AND removed_at IS NULL")
			.param("c", own).update();
		jdbc.sql("UPDATE go_home_alone SET revoked_at = now() WHERE student_id IN (:c) AND revoked_at IS NULL")
			.param("c", own).update();
		child = own.get(0);
		world.place(mine, child);
		stranger = world.children(mine, 1).get(0);
		world.children(theirs, 1);
		session = world.sessionToday(mine, "00:00", "00:01");
		theirSession = world.sessionToday(theirs, "00:00", "00:01");
		rollCalls.save(session, "roll", true, Map.of());
		rollCalls.save(theirSession, "roll", true, Map.of());
	}

	@Test
	void theGuardiansPageAddsAndRemovesPersonsAndSignsTheStatement() throws Exception {
		String page = mvc.perform(get("/m/children/{id}/pickup", child).with(user(guardian)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("接送设置").contains("还没有添加接送人").contains("自行离校").contains("我已阅读并同意以上声明");
		assertThat(mvc.perform(get("/m/children/{id}/pickup", child).param("lang", "en").with(user(guardian)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
			.contains("Authorised pickup persons").contains("I have read and accept the statement above");
		assertThat(mvc.perform(get("/m/children/{id}", child).with(user(guardian))).andReturn().getResponse()
			.getContentAsString()).contains("/m/children/" + child + "/pickup");

		mvc.perform(post("/m/children/{id}/pickup-persons", child).with(user(guardian)).with(csrf())
			.param("name", "孙奶奶").param("relation", "GRANDPARENT").param("phone", "123"))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("error", containsString("11 位手机号")));
		mvc.perform(post("/m/children/{id}/pickup-persons", child).with(user(guardian)).with(csrf())
			.param("name", "孙奶奶").param("relation", "GRANDPARENT").param("phone", "13512345678"))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", containsString("孙奶奶")));
		long person = jdbc.sql("SELECT id FROM pickup_person WHERE student_id = :s AND name = '孙奶奶' AND removed_at IS NULL")
			.param("s", child).query(Long.class).single();
		assertThat(mvc.perform(get("/m/children/{id}/pickup", child).with(user(guardian))).andReturn().getResponse()
			.getContentAsString()).contains("孙奶奶").contains("135****5678").doesNotContain("13512345678")
			.contains("data-confirm");

		mvc.perform(post("/m/children/{id}/go-home-alone", child).with(user(guardian)).with(csrf()))
			.andExpect(flash().attribute("error", containsString("我已阅读并同意以上声明")));
		mvc.perform(post("/m/children/{id}/go-home-alone", child).with(user(guardian)).with(csrf()).param("confirmed", "true"))
			.andExpect(flash().attribute("flash", containsString("已签署")));
		assertThat(mvc.perform(get("/m/children/{id}/pickup", child).with(user(guardian))).andReturn().getResponse()
			.getContentAsString()).contains("已允许自行离校").contains("撤销声明");
		mvc.perform(post("/m/children/{id}/go-home-alone/revoke", child).with(user(guardian)).with(csrf()))
			.andExpect(flash().attribute("flash", containsString("已撤销")));

		mvc.perform(post("/m/pickup-persons/{id}/remove", person).with(user(guardian)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(world.count("SELECT count(*) FROM pickup_person WHERE id = :p AND removed_at IS NOT NULL", person))
			.isEqualTo(1);
	}

	@Test
	void theTeachersPageReleasesToAuthorisedPersonsOnly() throws Exception {
		assertThat(mvc.perform(get("/m/sessions/{id}", session).with(user(teacher))).andReturn().getResponse()
			.getContentAsString()).contains("/m/sessions/" + session + "/pickup");
		String page = mvc.perform(get("/m/sessions/{id}/pickup", session).with(user(teacher)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("签退接送").contains("GUARDIAN:" + guardian.scope().guardianId()).contains("****")
			.doesNotContain("value=\"ALONE\"");
		assertThat(mvc.perform(get("/m/sessions/{id}/pickup", session).param("lang", "en").with(user(teacher)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).contains("Check-out");

		long strangersGuardian = jdbc.sql("SELECT min(guardian_id) FROM student_guardian WHERE student_id = :s")
			.param("s", stranger).query(Long.class).single();
		mvc.perform(post("/m/sessions/{id}/pickup", session).with(user(teacher)).with(csrf())
			.param("studentId", String.valueOf(child)).param("to", "GUARDIAN:" + strangersGuardian))
			.andExpect(flash().attribute("error", containsString("不是该学生的家长或授权接送人")));
		mvc.perform(post("/m/sessions/{id}/pickup", session).with(user(teacher)).with(csrf())
			.param("studentId", String.valueOf(child)).param("to", "ALONE"))
			.andExpect(flash().attribute("error", containsString("自行离校")));
		mvc.perform(post("/m/sessions/{id}/pickup", session).with(user(teacher)).with(csrf())
			.param("studentId", String.valueOf(child)).param("to", "SOMEONE"))
			.andExpect(flash().attributeExists("error"));
		assertThat(world.count("SELECT count(*) FROM pickup_release WHERE session_id = :p", session)).isZero();

		mvc.perform(post("/m/sessions/{id}/pickup", session).with(user(teacher)).with(csrf())
			.param("studentId", String.valueOf(child)).param("to", "GUARDIAN:" + guardian.scope().guardianId()))
			.andExpect(flash().attributeExists("flash"));
		mvc.perform(post("/m/sessions/{id}/pickup", session).with(user(teacher)).with(csrf())
			.param("studentId", String.valueOf(child)).param("to", "GUARDIAN:" + guardian.scope().guardianId()))
			.andExpect(flash().attributeExists("flash")); // a double tap: the same release
		assertThat(world.count("SELECT count(*) FROM pickup_release WHERE session_id = :p", session)).isEqualTo(1);
		assertThat(mvc.perform(get("/m/sessions/{id}/pickup", session).with(user(teacher))).andReturn().getResponse()
			.getContentAsString()).contains("接走");

		mvc.perform(get("/m/sessions/{id}/pickup", theirSession).with(user(teacher))).andExpect(status().isNotFound());
		mvc.perform(post("/m/sessions/{id}/pickup", theirSession).with(user(teacher)).with(csrf())
			.param("studentId", String.valueOf(stranger)).param("to", "ALONE"))
			.andExpect(status().isNotFound());
	}

	@Test
	void theApiRefusesUnauthorisedReleasesAndOtherScopes() throws Exception {
		mvc.perform(post("/api/v1/students/{id}/pickup-persons", child).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"周叔叔\",\"relation\":\"RELATIVE\",\"phone\":\"13512340000\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.phoneMasked").value("135****0000"));
		long person = jdbc.sql("SELECT id FROM pickup_person WHERE student_id = :s AND name = '周叔叔' AND removed_at IS NULL")
			.param("s", child).query(Long.class).single();
		mvc.perform(get("/api/v1/students/{id}/pickup", child).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pickup.persons[0].name").value("周叔叔"))
			.andExpect(jsonPath("$.statement").value(containsString("自行离校")));

		String board = mvc.perform(get("/api/v1/sessions/{id}/pickup", session).with(user(teacher)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(board).contains("\"to\":\"PERSON\"").contains("135****0000").doesNotContain("13512340000");

		mvc.perform(post("/api/v1/sessions/{id}/releases", session).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"studentId\":" + stranger + ",\"to\":\"PERSON\",\"id\":" + person + "}"))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.reason").value("UNAUTHORISED"))
			.andExpect(jsonPath("$.detail").value(containsString("授权接送人")));
		mvc.perform(post("/api/v1/sessions/{id}/releases", session).param("lang", "en").with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"studentId\":" + child + ",\"to\":\"ALONE\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("NOT_PERMITTED_ALONE"))
			.andExpect(jsonPath("$.detail").value(containsString("go-home-alone")));
		assertThat(world.count("SELECT count(*) FROM pickup_release WHERE session_id = :p", session)).isZero();

		mvc.perform(post("/api/v1/sessions/{id}/releases", session).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"studentId\":" + child + ",\"to\":\"PERSON\",\"id\":" + person + "}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.toName").value("周叔叔"))
			.andExpect(jsonPath("$.replay").value(false));
		mvc.perform(post("/api/v1/sessions/{id}/releases", session).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"studentId\":" + child + ",\"to\":\"PERSON\",\"id\":" + person + "}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.replay").value(true));

		// another offering's teacher, another school's admin, another family's guardian
		mvc.perform(get("/api/v1/sessions/{id}/pickup", theirSession).with(user(teacher))).andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/sessions/{id}/releases", theirSession).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"studentId\":" + stranger + ",\"to\":\"ALONE\"}"))
			.andExpect(status().isNotFound());
		KehouUser otherSchool = (KehouUser) users.loadUserByUsername("school2");
		mvc.perform(get("/api/v1/sessions/{id}/pickup", session).with(user(otherSchool))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/students/{id}/pickup", child).with(user(otherSchool))).andExpect(status().isNotFound());
		KehouUser otherFamily = (KehouUser) users.loadUserByUsername("13800000002");
		mvc.perform(get("/api/v1/students/{id}/pickup", child).with(user(otherFamily))).andExpect(status().isNotFound());
		mvc.perform(delete("/api/v1/pickup-persons/{id}", person).with(user(otherFamily)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(put("/api/v1/students/{id}/go-home-alone", child).with(user(otherFamily)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"confirmed\":true}"))
			.andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/students/{id}/pickup-persons", stranger).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"周\",\"relation\":\"RELATIVE\",\"phone\":\"13512340001\"}"))
			.andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/students/{id}/pickup-persons", child).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"周\",\"relation\":\"RELATIVE\",\"phone\":\"13512340001\"}"))
			.andExpect(status().isForbidden());
		assertThat(world.count("SELECT count(*) FROM pickup_person WHERE phone_masked = :p", "135****0001")).isZero();

		mvc.perform(delete("/api/v1/pickup-persons/{id}", person).with(user(guardian)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.removedAt").isNotEmpty());
	}

	@Test
	void badInputGetsProblemDetails() throws Exception {
		mvc.perform(post("/api/v1/students/{id}/pickup-persons", child).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\",\"relation\":\"RELATIVE\",\"phone\":\"123\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors.name").exists())
			.andExpect(jsonPath("$.errors.phone").exists());
		mvc.perform(post("/api/v1/students/{id}/pickup-persons", child).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"周\",\"relation\":\"PILOT\",\"phone\":\"13512340002\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(put("/api/v1/students/{id}/go-home-alone", child).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"confirmed\":false}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.confirmed").exists());
		mvc.perform(delete("/api/v1/students/{id}/go-home-alone", child).with(user(guardian)).with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("NOT_SIGNED"));
		mvc.perform(post("/api/v1/sessions/{id}/releases", session).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"to\":\"GUARDIAN\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.studentId").exists());
		mvc.perform(post("/api/v1/sessions/{id}/releases", session).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"studentId\":" + child + ",\"to\":\"GUARDIAN\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(post("/api/v1/sessions/{id}/releases", session).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"studentId\":" + child + ",\"to\":\"NEIGHBOUR\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(world.count("SELECT count(*) FROM pickup_release WHERE session_id = :p", session)).isZero();
	}
}
