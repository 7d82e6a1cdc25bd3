package org.kehou.cityfeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.kehou.TestAccounts;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The city feed's pages on the shared demo city (not connected to any city there): the state page with its empty
 * states, a pull without a connection explained, the policy lists' empty states, and who may not come in.
 */
@DemoCityTest
class CityFeedPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	KehouUser account(String login) {
		return TestAccounts.account(jdbc, cipher, login);
	}

	String body(MvcResult r) throws Exception {
		return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void theFeedPageShowsTheStateAndExplainsAPullWithoutAConnection() throws Exception {
		KehouUser city = account("city");
		String page = body(mvc.perform(get("/console/cityfeed").with(user(city))).andReturn());
		assertThat(page).contains("市级下发数据", "未连接市级监管平台", "立即拉取", "没有因市级白名单暂停的机构");
		MvcResult pulled = mvc.perform(post("/console/cityfeed/pull").with(user(city)).with(csrf())).andReturn();
		assertThat(pulled.getResponse().getRedirectedUrl()).isEqualTo("/console/cityfeed");
		assertThat(String.valueOf(pulled.getFlashMap().get("error"))).contains("未连接");
		assertThat(mvc.perform(get("/console/cityfeed").with(user(account("town1")))).andReturn().getResponse()
			.getStatus()).isEqualTo(403);
		assertThat(mvc.perform(post("/console/cityfeed/pull").with(user(account("school1"))).with(csrf())).andReturn()
			.getResponse().getStatus()).isEqualTo(403);
	}

	@Test
	void policyListsHaveAnEmptyStateAndGuardiansUseThePhone() throws Exception {
		assertThat(body(mvc.perform(get("/console/policies").with(user(account("school1")))).andReturn()))
			.contains("暂无政策通知");
		assertThat(body(mvc.perform(get("/m/policies").with(user(account("13800000001")))).andReturn()))
			.contains("暂无政策通知");
		assertThat(mvc.perform(get("/console/policies").with(user(account("13800000001")))).andReturn().getResponse()
			.getStatus()).isEqualTo(403);
	}
}
