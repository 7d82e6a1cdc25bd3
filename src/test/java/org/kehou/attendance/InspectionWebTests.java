package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Inspections over HTTP: the inspector's phone pages in Chinese and English, the visit form (taps, count, photo
 * upload, messages under the fields), multipart upload through the API with a replay, Problem Details for bad input,
 * the teachers' view on the session page, the console lists of the school and the provider, and scope: another
 * school's inspector, a teacher of another offering and another provider are refused.
 */
@DemoCityTest
class InspectionWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserDetailsService users;

	AttendanceWorld world;

	long offering;

	long session;

	KehouUser inspector;

	KehouUser teacher;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		offering = world.offering("巡课网页", "1 15:30-16:30");
		world.children(offering, 3);
		world.teach(offering, "teacher1");
		jdbc.sql("UPDATE offering SET provider_id = 1 WHERE id = :o").param("o", offering).update();
		// started at midnight, so a visit "now" is always inside it
		session = world.sessionToday(offering, "00:00", "23:59");
		InspectionTests.quiet(jdbc, session);
		inspector = (KehouUser) users.loadUserByUsername("inspector1");
		teacher = (KehouUser) users.loadUserByUsername("teacher1");
	}

	@Test
	void theInspectorsPagesRenderAndTheFormRecordsAVisitWithAPhoto() throws Exception {
		String day = page(get("/m/inspections").with(user(inspector)));
		assertThat(day).contains("今日巡课", "巡课网页 " + world.tag, "未巡课", "/m/sessions/" + session + "/inspection");
		assertThat(page(get("/m/inspections").param("lang", "en").with(user(inspector))))
			.contains("Today", "Not visited");
		String form = page(get("/m/sessions/{id}/inspection", session).with(user(inspector)));
		assertThat(form).contains("教学秩序", "安全管理", "教学质量", "学生状态", "accept=\"image/*\"", "capture=",
				"name=\"rating-ORDER\"", "0 到 13 人");
		assertThat(page(get("/m/sessions/{id}/inspection", session).param("lang", "en").with(user(inspector))))
			.contains("Class order", "Safety", "Children present");

		// bad input: the form comes back with the reasons in Chinese, nothing stored
		String refused = mvc.perform(multipart("/m/sessions/{id}/inspection", session)
			.file(new MockMultipartFile("photo", "x.jpg", "image/jpeg", InspectionTests.PDF))
			.param("requestKey", "form-1").param("visitedAt", "00:00").param("presentCount", "99")
			.param("rating-ORDER", "5").param("rating-SAFETY", "4").param("rating-TEACHING", "4")
			.with(user(inspector)).with(csrf()))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(refused).contains("巡课记录有误", "实到人数不能超过 13 人", "请为这一项打分", "只能上传 JPG 或 PNG 图片");
		assertThat(world.count("SELECT count(*) FROM inspection_visit WHERE session_id = :p", session)).isZero();

		mvc.perform(multipart("/m/sessions/{id}/inspection", session)
			.file(new MockMultipartFile("photo", "IMG_0001.HEIC", "image/jpeg", InspectionTests.JPEG))
			.param("requestKey", "form-2").param("visitedAt", "00:00").param("presentCount", "3")
			.param("rating-ORDER", "5").param("rating-SAFETY", "4").param("rating-TEACHING", "4")
			.param("rating-STUDENTS", "3").param("notes", "秩序井然")
			.with(user(inspector)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(world.count("SELECT count(*) FROM inspection_photo p JOIN inspection_visit v ON v.id = p.visit_id WHERE v.session_id = :p",
				session)).isEqualTo(1);
		assertThat(page(get("/m/inspections").with(user(inspector)))).contains("已巡课");
		assertThat(page(get("/m/sessions/{id}/inspection", session).with(user(inspector)))).contains("修改巡课记录", "秩序井然");

		// the teacher sees it on the session page (a fragment the page loads)
		assertThat(page(get("/m/sessions/{id}", session).with(user(teacher))))
			.contains("/m/sessions/" + session + "/inspections");
		assertThat(page(get("/m/sessions/{id}/inspections", session).with(user(teacher))))
			.contains(inspector.displayName(), "秩序井然", "平均 4.00 分", "/photo");
	}

	@Test
	void theApiTakesAMultipartVisitAndAnswersProblemDetails() throws Exception {
		String json = """
				{"requestKey":"api-1","presentCount":3,"notes":"很好",
				 "ratings":{"ORDER":5,"SAFETY":5,"TEACHING":4,"STUDENTS":4}}""";
		MockMultipartFile part = new MockMultipartFile("visit", "", MediaType.APPLICATION_JSON_VALUE,
				json.getBytes(StandardCharsets.UTF_8));
		MockMultipartFile photo = new MockMultipartFile("photo", "p.png", "image/png", InspectionTests.PNG);
		String created = mvc.perform(multipart("/api/v1/sessions/{id}/inspections", session).file(part).file(photo)
			.with(user(inspector)).with(csrf()))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.replay").value(false))
			.andExpect(jsonPath("$.visit.ratings.ORDER").value(5))
			.andExpect(jsonPath("$.visit.hasPhoto").value(true))
			.andReturn().getResponse().getContentAsString();
		long id = Long.parseLong(created.replaceAll("^.*\"visit\":\\{\"id\":(\\d+).*$", "$1"));
		mvc.perform(multipart("/api/v1/sessions/{id}/inspections", session).file(part).file(photo)
			.with(user(inspector)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.replay").value(true))
			.andExpect(jsonPath("$.visit.id").value(id));
		byte[] stored = mvc.perform(get("/api/v1/inspections/{id}/photo", id).with(user(teacher)))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.IMAGE_PNG))
			.andReturn().getResponse().getContentAsByteArray();
		assertThat(stored).isEqualTo(InspectionTests.PNG);

		mvc.perform(multipart("/api/v1/sessions/{id}/inspections", session)
			.file(new MockMultipartFile("visit", "", MediaType.APPLICATION_JSON_VALUE,
					json.replace("api-1", "api-2").getBytes(StandardCharsets.UTF_8)))
			.file(new MockMultipartFile("photo", "fake.png", "image/png", InspectionTests.PDF))
			.param("lang", "en").with(user(inspector)).with(csrf()))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors.photo").value("Only JPG or PNG images (recognised by their content)"));
		mvc.perform(post("/api/v1/sessions/{id}/inspections", session).with(user(inspector)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"requestKey\":\"api-3\",\"presentCount\":3,\"ratings\":{\"ORDER\":7,\"SAFETY\":5,\"TEACHING\":4}}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors['ratings.ORDER']").value("评分须在 1 到 5 分之间"))
			.andExpect(jsonPath("$.errors['ratings.STUDENTS']").exists());
		mvc.perform(post("/api/v1/sessions/{id}/inspections", session).with(user(inspector)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"requestKey\":\"api-4\",\"presentCount\":2,\"visitedAt\":\""
					+ Sessions.now().toLocalDate().plusDays(1).atTime(LocalTime.NOON) + "\",\"ratings\":{\"ORDER\":3,\"SAFETY\":3,\"TEACHING\":3,\"STUDENTS\":3}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.visitedAt").exists());
		// a revision without a photo, as JSON
		mvc.perform(post("/api/v1/sessions/{id}/inspections", session).with(user(inspector)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"requestKey\":\"api-5\",\"presentCount\":2,\"ratings\":{\"ORDER\":3,\"SAFETY\":3,\"TEACHING\":3,\"STUDENTS\":3}}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.revised").value(true))
			.andExpect(jsonPath("$.visit.revisions").value(1))
			.andExpect(jsonPath("$.visit.hasPhoto").value(true));

		mvc.perform(get("/api/v1/inspections/today").with(user(inspector)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.session.id == " + session + ")].mine").value(org.hamcrest.Matchers.contains((int) id)));
		mvc.perform(get("/api/v1/sessions/{id}/inspections", session).with(user(teacher)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value(id));
		mvc.perform(get("/api/v1/offerings/{id}/inspections", offering).with(user((KehouUser) users.loadUserByUsername("school1"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.summary.visits").value(1))
			.andExpect(jsonPath("$.summary.averages.ORDER").value(3.0))
			.andExpect(jsonPath("$.items[0].id").value(id));
		mvc.perform(get("/api/v1/schools/{id}/inspections", world.school).param("from", "2026-10-09").param("to", "2026-10-01")
			.with(user((KehouUser) users.loadUserByUsername("school1"))))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void theConsoleListsTheSchoolsAndTheProvidersVisitsWithAverages() throws Exception {
		KehouUser admin = (KehouUser) users.loadUserByUsername("school1");
		KehouUser provider = (KehouUser) users.loadUserByUsername("provider1");
		String empty = page(get("/console/inspections").param("from", "2001-01-01").param("to", "2001-01-31").with(user(admin)));
		assertThat(empty).contains("巡课记录", "这段时间没有巡课记录");
		mvc.perform(post("/api/v1/sessions/{id}/inspections", session).with(user(inspector)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"requestKey\":\"c-1\",\"presentCount\":3,\"notes\":\"控制台可见\",\"ratings\":{\"ORDER\":4,\"SAFETY\":5,\"TEACHING\":3,\"STUDENTS\":4}}"))
			.andExpect(status().isCreated());
		String list = page(get("/console/inspections").param("lang", "en").with(user(admin)));
		assertThat(list).contains("Inspection records", "巡课网页 " + world.tag, "控制台可见", "Class order", "Overall average");
		assertThat(page(get("/console/inspections").with(user(provider)))).contains("巡课网页 " + world.tag, "控制台可见");
		assertThat(page(get("/console/inspections").param("from", "2026-10-09").param("to", "2026-10-01").with(user(admin))))
			.contains("日期范围有误");
		String home = page(get("/m").with(user(inspector)));
		assertThat(home).contains("/m/inspections");
	}

	@Test
	void anotherSchoolsInspectorAnotherTeacherAndAnotherProviderAreRefused() throws Exception {
		mvc.perform(post("/api/v1/sessions/{id}/inspections", session).with(user(inspector)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"requestKey\":\"s-1\",\"presentCount\":3,\"ratings\":{\"ORDER\":4,\"SAFETY\":5,\"TEACHING\":3,\"STUDENTS\":4}}"))
			.andExpect(status().isCreated());
		long visit = jdbc.sql("SELECT id FROM inspection_visit WHERE session_id = :s").param("s", session).query(Long.class).single();
		long school2 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school2'").query(Long.class).single();
		KehouUser stranger = InspectionTests.inspector(jdbc, school2);
		mvc.perform(multipart("/api/v1/sessions/{id}/inspections", session)
			.file(new MockMultipartFile("visit", "", MediaType.APPLICATION_JSON_VALUE,
					"{\"requestKey\":\"x\",\"presentCount\":1,\"ratings\":{\"ORDER\":1,\"SAFETY\":1,\"TEACHING\":1,\"STUDENTS\":1}}".getBytes(StandardCharsets.UTF_8)))
			.with(user(stranger)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/m/sessions/{id}/inspection", session).with(user(stranger))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/inspections/{id}", visit).with(user(stranger))).andExpect(status().isNotFound());
		assertThat(page(get("/m/inspections").with(user(stranger)))).doesNotContain("巡课网页 " + world.tag);
		assertThat(world.count("SELECT count(*) FROM inspection_visit WHERE session_id = :p", session)).isEqualTo(1);

		long otherStaff = jdbc.sql("""
				SELECT min(id) FROM staff WHERE school_id = :s
				  AND id NOT IN (SELECT staff_id FROM offering_teacher WHERE offering_id = :o AND staff_id IS NOT NULL)""")
			.param("s", world.school).param("o", offering).query(Long.class).single();
		KehouUser otherTeacher = InspectionTests.account(jdbc, Role.TEACHER, world.school, otherStaff, null);
		mvc.perform(get("/api/v1/inspections/{id}", visit).with(user(otherTeacher))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/inspections/{id}/photo", visit).with(user(otherTeacher))).andExpect(status().isNotFound());
		mvc.perform(get("/m/sessions/{id}/inspections", session).with(user(otherTeacher))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/inspections/{id}", visit).with(user(teacher))).andExpect(status().isOk());
		mvc.perform(post("/api/v1/sessions/{id}/inspections", session).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isForbidden());

		mvc.perform(get("/api/v1/providers/{id}/inspections", 1).with(user((KehouUser) users.loadUserByUsername("provider1"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[?(@.id == " + visit + ")]").exists());
		long otherProvider = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES ('巡课网页测试机构', 'SUBMITTED') RETURNING id")
			.query(Long.class).single();
		KehouUser otherAdmin = InspectionTests.account(jdbc, Role.PROVIDER_ADMIN, null, null, otherProvider);
		mvc.perform(get("/api/v1/inspections/{id}", visit).with(user(otherAdmin))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/providers/{id}/inspections", 1).with(user(otherAdmin))).andExpect(status().isNotFound());
		assertThat(page(get("/console/inspections").with(user(otherAdmin)))).doesNotContain("巡课网页 " + world.tag);
	}

	@Test
	void theApiIsDocumented() throws Exception {
		mvc.perform(get("/v3/api-docs").with(user((KehouUser) users.loadUserByUsername("city"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/v1/sessions/{sessionId}/inspections'].post").exists())
			.andExpect(jsonPath("$.paths['/api/v1/providers/{providerId}/inspections'].get").exists());
	}

	private String page(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
		return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}
}
