package org.kehou.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The reporting page on the shared demo city (the reporter is not connected there): the figures, the empty state,
 * parked records with their reasons, the three actions and who may use them.
 */
@DemoCityTest
class ReportingPagesTests {

	static final KehouUser CITY = new KehouUser(-1, "test-city", "市管理员", null, Role.CITY_ADMIN,
			new Scope(Role.CITY_ADMIN, null, null, null, null), null, false, false, true);

	static final KehouUser TOWN = new KehouUser(-2, "test-town", "镇管理员", null, Role.TOWN_ADMIN,
			new Scope(Role.TOWN_ADMIN, 1L, null, null, null), null, false, false, true);

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theCityAdminSeesTheBacklogParkedRecordsAndActs() throws Exception {
		String page = mvc.perform(get("/console/reporting").with(user(CITY)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(page).contains("向市级监管平台报送", "待报送", "没有被搁置的记录", "未配置报送目标", "data-confirm");

		jdbc.sql("""
				INSERT INTO exchange_parked (record_type, source_key, version, reasons, parked_at)
				VALUES ('attendance', '999999:888888', 7, '/status: must be one of present, absent, leave, late', now())""")
			.update();
		try {
			mvc.perform(get("/console/reporting").with(user(CITY)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("a-999999-888888")))
				.andExpect(content().string(containsString("/status: must be one of present")));

			long before = jdbc.sql("SELECT count(*) FROM exchange_outbox").query(Long.class).single();
			mvc.perform(post("/console/reporting/retry-parked").with(user(CITY)).with(csrf()))
				.andExpect(redirectedUrl("/console/reporting"))
				.andExpect(flash().attribute("flash", "已重新排队 1 条被搁置的记录"));
			assertThat(jdbc.sql("SELECT count(*) FROM exchange_parked").query(Long.class).single()).isZero();

			mvc.perform(post("/console/reporting/resync").with(user(CITY)).with(csrf()))
				.andExpect(redirectedUrl("/console/reporting"));
			long after = jdbc.sql("SELECT count(*) FROM exchange_outbox").query(Long.class).single();
			long students = jdbc.sql("SELECT count(*) FROM student").query(Long.class).single();
			assertThat(after - before).isGreaterThanOrEqualTo(students + 1);

			mvc.perform(post("/console/reporting/send").with(user(CITY)).with(csrf()))
				.andExpect(redirectedUrl("/console/reporting"))
				.andExpect(flash().attributeExists("error"));
			assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'reporting-resync'")
				.query(Long.class).single()).isPositive();
		}
		finally {
			jdbc.sql("DELETE FROM exchange_parked WHERE source_key = '999999:888888'").update();
			jdbc.sql("DELETE FROM exchange_outbox WHERE op = 'S'").update();
		}
	}

	@Test
	void otherRolesMayNotSeeOrActOnReporting() throws Exception {
		mvc.perform(get("/console/reporting").with(user(TOWN))).andExpect(status().isForbidden());
		mvc.perform(post("/console/reporting/resync").with(user(TOWN)).with(csrf())).andExpect(status().isForbidden());
	}
}
