package org.kehou.people;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kehou.people.internal.StudentRecords;
import org.springframework.mock.web.MockMultipartFile;

/** Every people page renders, in Chinese and English, with its empty state. */
class PeoplePagesTests extends PeopleWorldTests {

	@Test
	void consolePagesRender() throws Exception {
		var admin = w.adminA();
		for (String lang : List.of("zh_CN", "en")) {
			mvc.perform(get("/console/students").param("lang", lang).with(user(admin)))
				.andExpect(status().isOk())
				.andExpect(content().string(not(containsString("??"))));
			mvc.perform(get("/console/students").param("name", "没有这个人").with(user(admin)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("class=\"empty\"")));
			mvc.perform(get("/console/students/{id}", w.studentA.id()).param("lang", lang).with(user(admin)))
				.andExpect(status().isOk())
				.andExpect(content().string(not(containsString("??"))));
			mvc.perform(get("/console/guardians").param("lang", lang).with(user(admin)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("甲家长")));
			mvc.perform(get("/console/staff").param("lang", lang).with(user(admin)))
				.andExpect(status().isOk())
				.andExpect(content().string(not(containsString("??"))));
			mvc.perform(get("/console/data-requests").param("lang", lang).with(user(admin)))
				.andExpect(status().isOk())
				.andExpect(content().string(not(containsString("??"))));
			mvc.perform(get("/console/schools/{id}/roster", w.a.schoolId()).param("lang", lang).with(user(admin)))
				.andExpect(status().isOk())
				.andExpect(content().string(not(containsString("??"))));
			mvc.perform(get("/console").param("lang", lang).with(user(admin)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("/console/schools/" + w.a.schoolId() + "/roster")));
		}
		mvc.perform(get("/console/roster").with(user(admin)))
			.andExpect(redirectedUrl("/console/schools/" + w.a.schoolId() + "/roster"));
		mvc.perform(get("/console/students").with(user(Fixtures.cityAdmin())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("乙同学")));
		// another town's school named in the filter: refused centrally (organisation's schoolId resolver)
		mvc.perform(get("/console/students").param("schoolId", String.valueOf(w.c.schoolId()))
			.with(user(Fixtures.townAdmin(w.town1)))).andExpect(status().isNotFound());
	}

	@Test
	void rosterPageShowsTheReportOfABadFile() throws Exception {
		byte[] file = RosterImportTests.xlsx(List.of(new RosterImportTests.Line("R1", "某同学", "男", "123", "一年级",
				"1班", "", "某家长", Fixtures.phone(), "父亲", "", "", "")));
		mvc.perform(multipart("/console/schools/{id}/roster", w.a.schoolId())
			.file(new MockMultipartFile("file", "bad.xlsx", RosterImportTests.XLSX, file))
			.with(user(w.adminA()))
			.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("身份证号无效")));
		mvc.perform(multipart("/console/schools/{id}/roster", w.a.schoolId())
			.file(new MockMultipartFile("file", "bad.xlsx", RosterImportTests.XLSX, file))
			.param("lang", "en")
			.with(user(w.adminA()))
			.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Invalid ID number")));
		mvc.perform(multipart("/console/schools/{id}/roster", w.a.schoolId())
			.file(new MockMultipartFile("file", "not.xlsx", RosterImportTests.XLSX, "hello".getBytes()))
			.with(user(w.adminA()))
			.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("无法读取文件")));
		mvc.perform(get("/console/schools/{id}/roster/template", w.a.schoolId()).with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(content().contentType(RosterImportTests.XLSX));
		mvc.perform(get("/console/schools/{id}/roster", w.b.schoolId()).with(user(w.adminA())))
			.andExpect(status().isNotFound());
	}

	@Test
	void studentPageActionsWork() throws Exception {
		mvc.perform(post("/console/students/{s}/guardians/{g}/phone", w.studentA.id(), w.guardian1)
			.with(user(w.adminA()))
			.with(csrf())).andExpect(status().isOk()).andExpect(content().string(containsString(w.phoneG1)));
		mvc.perform(post("/console/students/{id}/evidence", w.studentA.id()).param("category", "SUBSISTENCE")
			.param("evidenceStatus", "APPROVED")
			.with(user(w.adminA()))
			.with(csrf())).andExpect(status().is3xxRedirection());
		org.assertj.core.api.Assertions.assertThat(students.viewFullIdNumber(w.studentA.id())).isEqualTo(w.idNumberA);
		mvc.perform(post("/console/schools/{id}/staff", w.a.schoolId()).param("staffNo", "P" + Fixtures.unique())
			.param("name", "王老师")
			.param("roles", "TEACHER", "INSPECTOR")
			.with(user(w.adminA()))
			.with(csrf())).andExpect(redirectedUrl("/console/staff"));
		mvc.perform(post("/console/students/{id}/leave", w.studentA.id()).with(user(w.adminA())).with(csrf()))
			.andExpect(status().is3xxRedirection());
	}

	@Test
	void guardianPhonePagesRender() throws Exception {
		var g1 = w.guardian1User();
		for (String lang : List.of("zh_CN", "en")) {
			mvc.perform(get("/m").param("lang", lang).with(user(g1)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("甲同学")))
				.andExpect(content().string(not(containsString("??"))));
			mvc.perform(get("/m/children").param("lang", lang).with(user(g1))).andExpect(status().isOk());
			mvc.perform(get("/m/children/{id}", w.studentA.id()).param("lang", lang).with(user(g1)))
				.andExpect(status().isOk())
				.andExpect(content().string(not(containsString("??"))));
		}
		mvc.perform(post("/m/children/{id}/id-number", w.studentA.id()).with(user(g1)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(w.idNumberA)));
		var lonely = Fixtures.guardian(jdbc.sql("""
				INSERT INTO guardian (name, phone_enc, phone_hash, phone_masked)
				VALUES ('无孩家长', '\\x01', decode(md5(random()::text), 'hex'), '138****0000') RETURNING id""")
			.query(Long.class)
			.single());
		mvc.perform(get("/m/children").with(user(lonely)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"empty\"")));
	}

	@Test
	void longListsArePaged() throws Exception {
		for (int i = 0; i < 20; i++) {
			students.create(w.a.schoolId(), new StudentRecords.StudentInput("P" + Fixtures.unique(), "翻页" + i, "M", null,
					w.a.classId("一年级", "1班"), Set.of()));
		}
		mvc.perform(get("/console/students").with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"pager\"")))
			.andExpect(content().string(containsString("page=2")));
		mvc.perform(get("/console/students").param("page", "2").with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("page=1")));
		mvc.perform(get("/console/guardians").param("lang", "en").with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"pager\"")))
			.andExpect(content().string(not(containsString("??"))));
	}
}
