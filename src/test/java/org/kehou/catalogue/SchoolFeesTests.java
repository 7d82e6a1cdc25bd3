package org.kehou.catalogue;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Fee standards per school for guardians: the public page with a school picker shows the caps in force at the chosen
 * school (the town's lower cap where it set one), and a guardian's child page links to its school's standards.
 */
@DemoCityTest
class SchoolFeesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void thePublicPageShowsTheCapsInForceAtAChosenSchool() throws Exception {
		long school1 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		long school2 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school2'").query(Long.class).single();
		long town2 = jdbc.sql("SELECT town_id FROM school WHERE id = :id").param("id", school2).query(Long.class).single();
		String name1 = jdbc.sql("SELECT name FROM school WHERE id = :id").param("id", school1).query(String.class).single();
		String name2 = jdbc.sql("SELECT name FROM school WHERE id = :id").param("id", school2).query(String.class).single();

		mvc.perform(get("/fees").accept(MediaType.TEXT_HTML))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("school-picker"), containsString(name1),
					containsString("市直属学校"), not(containsString("id=\"school-caps\"")))));
		mvc.perform(get("/fees").param("school", String.valueOf(school1)).accept(MediaType.TEXT_HTML))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("id=\"school-caps\""),
					containsString(name1 + "执行的收费上限"), containsString("¥30.00 / 60分钟"),
					containsString("¥2.50 / 45分钟"), containsString("全市标准"))));

		// a town's own lower cap (written directly and removed again: the context is shared)
		long cap = jdbc.sql("""
				INSERT INTO fee_cap (category_code, town_id, amount_fen, lesson_minutes, valid_from, source, set_by)
				VALUES ('PSYCHOLOGY', :t, 1800, 60, CURRENT_DATE - 1, '东城街道测试文件', 'test') RETURNING id""")
			.param("t", town2).query(Long.class).single();
		try {
			mvc.perform(get("/fees").param("school", String.valueOf(school2)).accept(MediaType.TEXT_HTML))
				.andExpect(status().isOk())
				.andExpect(content().string(allOf(containsString(name2 + "执行的收费上限"),
						containsString("¥18.00 / 60分钟"), containsString("镇街标准"), containsString("东城街道测试文件"))));
			// another town's cap does not apply at school1 (other tests may have set town1's own caps)
			String page = mvc.perform(get("/fees").param("school", String.valueOf(school1)).accept(MediaType.TEXT_HTML))
				.andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
			String schoolCaps = page.substring(page.indexOf("id=\"school-caps\""));
			schoolCaps = schoolCaps.substring(0, schoolCaps.indexOf("</section>"));
			org.assertj.core.api.Assertions.assertThat(schoolCaps).doesNotContain("东城街道测试文件")
				.contains("¥30.00 / 60分钟");
		}
		finally {
			jdbc.sql("DELETE FROM fee_cap WHERE id = :id").param("id", cap).update();
		}
		mvc.perform(get("/fees").param("school", "-1").accept(MediaType.TEXT_HTML))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("没有这所学校")));
		mvc.perform(get("/fees").param("school", String.valueOf(school1)).param("lang", "en").accept(MediaType.TEXT_HTML))
			.andExpect(content().string(containsString("Fee caps in force at")));
	}

	@Test
	void aGuardiansChildPageLinksToItsSchoolsFeeStandards() throws Exception {
		var row = jdbc.sql("""
				SELECT u.id, u.guardian_id, sg.student_id, s.school_id FROM app_user u
				JOIN student_guardian sg ON sg.guardian_id = u.guardian_id JOIN student s ON s.id = sg.student_id
				WHERE u.role = 'GUARDIAN' ORDER BY u.id LIMIT 1""")
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4) })
			.single();
		KehouUser guardian = new KehouUser(row[0], "g", "g", null, Role.GUARDIAN,
				new Scope(Role.GUARDIAN, null, null, row[1], null), null, false, false, true);
		mvc.perform(get("/m/children/{studentId}", row[2]).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/fees?school=" + row[3])));
	}
}
