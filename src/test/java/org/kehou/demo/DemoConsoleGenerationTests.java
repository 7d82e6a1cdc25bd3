package org.kehou.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.time.Duration;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.kehou.demo.internal.DemoCityGenerator;
import org.kehou.demo.internal.DemoStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** An empty database in demo mode without generation at start: the city administrator generates from the console. */
@SpringBootTest(properties = { "kehou.demo.enabled=true", "kehou.demo.generate-on-start=false" })
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DemoConsoleGenerationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DemoCityGenerator generator;

	@Autowired
	UserDetailsService accounts;

	@Test
	void theCityAdministratorGeneratesACityFromTheConsole() throws Exception {
		assertThat(jdbc.sql("SELECT count(*) FROM school").query(Long.class).single()).isZero();
		var city = user(accounts.loadUserByUsername("city"));
		mvc.perform(get("/console/demo").with(city))
			.andExpect(content().string(Matchers.containsString("action=\"/console/demo/generate\"")));
		mvc.perform(post("/console/demo/generate").param("scale", "TINY").with(csrf()).with(city))
			.andExpect(redirectedUrl("/console/demo"))
			.andExpect(flash().attribute("flash", Matchers.containsString("微型")));
		mvc.perform(get("/console/demo/status").with(city))
			.andExpect(content().string(Matchers.anyOf(Matchers.containsString("hx-trigger=\"every 1s\""),
					Matchers.containsString("已完成"))));
		await().atMost(Duration.ofSeconds(60)).until(() -> !generator.status().running());
		assertThat(generator.status().state()).isEqualTo(DemoStatus.State.DONE);
		assertThat(generator.status().summary().students()).isEqualTo(160);
		assertThat(jdbc.sql("SELECT count(*) FROM app_user WHERE username IS NOT NULL").query(Long.class).single())
			.isEqualTo(8 + 24);
		mvc.perform(get("/console/demo/status").with(city))
			.andExpect(content().string(Matchers.containsString("已完成")))
			.andExpect(content().string(Matchers.not(Matchers.containsString("hx-trigger"))));
		// a second run is refused: the database holds a city now
		mvc.perform(post("/console/demo/generate").param("scale", "SMALL").with(csrf()).with(city))
			.andExpect(flash().attribute("error", Matchers.containsString("数据库中已有数据")));
	}
}
