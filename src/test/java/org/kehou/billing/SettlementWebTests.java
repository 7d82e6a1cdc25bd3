package org.kehou.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

/**
 * The settlement pages and API: a provider admin sees only its own provider's statements, a school admin its school's,
 * a town admin its town's; the console makes, submits and approves a statement; the exports download; the menu
 * entry and the empty state.
 */
@DemoCityTest
class SettlementWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	UserDetailsService users;

	@Autowired
	Settlements settlements;

	SettlementWorld world;

	long provider;

	KehouUser admin;

	@BeforeEach
	void world() {
		world = new SettlementWorld(jdbc, "school1");
		provider = world.provider("网页结算机构");
		long instructor = world.instructor(provider, cipher, "林老师");
		long offering = world.offering("编程", provider, instructor, 4000);
		long session = world.session(offering, world.monday.plusDays(2), "SCHEDULED");
		world.checkIn(session, instructor, provider);
		for (long child : world.children(3)) {
			world.line(world.order(child), offering, 4000, 4, 0, world.monday, null);
		}
		admin = world.providerAdmin(provider);
	}

	KehouUser as(String login) {
		return (KehouUser) users.loadUserByUsername(login);
	}

	String body(MockHttpServletRequestBuilder request, KehouUser who) throws Exception {
		return mvc.perform(request.with(user(who)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void eachSideSeesItsOwnStatementsOnly() throws Exception {
		SettlementView s = settlements.create(admin, provider, world.term, null);
		String providerName = s.providerName();

		List<Integer> mine = JsonPath.read(body(get("/api/v1/settlements"), admin), "$[*].id");
		assertThat(mine).containsExactly((int) s.id());
		assertThat(body(get("/api/v1/settlements/{id}", s.id()), admin)).contains("\"totalFen\":12000");
		assertThat(body(get("/console/settlements"), admin)).contains(providerName);

		// another provider's admin: not in the list, 404 on the statement, its actions and exports
		KehouUser provider1 = as("provider1");
		assertThat(body(get("/api/v1/settlements"), provider1)).doesNotContain(providerName);
		assertThat(body(get("/console/settlements"), provider1)).doesNotContain(providerName);
		for (String path : List.of("/api/v1/settlements/{id}", "/console/settlements/{id}",
				"/api/v1/settlements/{id}/statement.pdf", "/api/v1/settlements/{id}/statement.xlsx")) {
			mvc.perform(get(path, s.id()).with(user(provider1))).andExpect(status().isNotFound());
		}
		mvc.perform(post("/api/v1/settlements/{id}/submit", s.id()).with(user(provider1)).with(csrf()))
			.andExpect(status().isNotFound());
		assertThat(settlements.find(s.id()).orElseThrow().status()).isEqualTo(SettlementStatus.DRAFT);

		// the school and its town see it; another town's school does not
		assertThat(JsonPath.<List<Integer>>read(body(get("/api/v1/settlements"), as("school1")), "$[*].id"))
			.contains((int) s.id());
		assertThat(JsonPath.<List<Integer>>read(body(get("/api/v1/settlements"), as("town1")), "$[*].id"))
			.contains((int) s.id());
		assertThat(JsonPath.<List<Integer>>read(body(get("/api/v1/settlements"), as("city")), "$[*].id"))
			.contains((int) s.id());
		assertThat(body(get("/api/v1/settlements"), as("school2"))).doesNotContain(providerName);
		mvc.perform(get("/api/v1/settlements/{id}", s.id()).with(user(as("school2")))).andExpect(status().isNotFound());
		// roles outside settlement
		mvc.perform(get("/api/v1/settlements").with(user(as("teacher1")))).andExpect(status().isForbidden());
		mvc.perform(get("/console/settlements").with(user(as("13800000001")))).andExpect(status().isForbidden());
	}

	@Test
	void theConsoleMakesSubmitsAndApprovesAStatement() throws Exception {
		String list = body(get("/console/settlements"), admin);
		assertThat(list).contains("id=\"settlements-empty\"", "机构结算", "value=\"" + provider + ":" + world.term + "\"");

		String location = mvc
			.perform(post("/console/settlements").param("pair", provider + ":" + world.term).param("month", "")
				.with(user(admin))
				.with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).startsWith("/console/settlements/");
		long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
		String draft = body(get(location), admin);
		assertThat(draft).contains("草稿", "¥120.00", "壹佰贰拾元整", "林老师 15:25", "提交学校审核", "删除草稿")
			.doesNotContain("审核通过并入账");
		// the same period again: refused with a readable message, nothing made
		mvc.perform(post("/console/settlements").param("pair", provider + ":" + world.term).with(user(admin)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(settlements.list(admin.scope(), Settlements.Filter.NONE)).hasSize(1);

		mvc.perform(post(location + "/submit").with(user(admin)).with(csrf())).andExpect(status().is3xxRedirection());
		KehouUser school1 = as("school1");
		String submitted = body(get(location), school1);
		SettlementTests.keep("settlement-page.html", submitted.getBytes(StandardCharsets.UTF_8));
		SettlementTests.keep("settlements-page.html", body(get("/console/settlements"), school1).getBytes(StandardCharsets.UTF_8));
		assertThat(submitted).contains("待审核", "审核通过并入账", "name=\"expectedTotalFen\" value=\"12000\"", "data-confirm");
		mvc.perform(post(location + "/approve").param("expectedTotalFen", "12000").with(user(school1)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		SettlementView approved = settlements.find(id).orElseThrow();
		assertThat(approved.status()).isEqualTo(SettlementStatus.APPROVED);
		assertThat(approved.postingId()).isNotNull();
		assertThat(body(get(location), admin)).contains("已审核入账", school1.displayName())
			.doesNotContain("提交学校审核");

		// a second approval over the API: 409 with the reason
		mvc.perform(post("/api/v1/settlements/{id}/approve", id).with(user(school1)).with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("WRONG_STATUS"));

		mvc.perform(get("/api/v1/settlements/{id}/statement.pdf", id).with(user(admin)))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.APPLICATION_PDF));
		mvc.perform(get("/api/v1/settlements/{id}/statement.xlsx", id).with(user(as("town1"))))
			.andExpect(status().isOk())
			.andExpect(content().contentType(SettlementApiXlsx.TYPE));

		// filters: approved shows it, returned does not
		assertThat(body(get("/console/settlements").param("status", "APPROVED"), school1)).contains("data-settlement=\"" + id + "\"");
		assertThat(body(get("/console/settlements").param("status", "RETURNED").param("provider", String.valueOf(provider)),
				school1)).doesNotContain("data-settlement=\"" + id + "\"").contains("id=\"settlements-empty\"");
	}

	@Test
	void theApiMakesAStatementAndRefusesBadRequests() throws Exception {
		String made = mvc
			.perform(post("/api/v1/settlements").contentType(MediaType.APPLICATION_JSON)
				.content("{\"providerId\":" + provider + ",\"termId\":" + world.term + "}")
				.with(user(admin))
				.with(csrf()))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("DRAFT"))
			.andExpect(jsonPath("$.totalFen").value(12000))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		int id = JsonPath.read(made, "$.id");
		mvc.perform(post("/api/v1/settlements").contentType(MediaType.APPLICATION_JSON)
			.content("{\"providerId\":" + provider + ",\"termId\":" + world.term + ",\"month\":\"" + world.monday.toString().substring(0, 7) + "\"}")
			.with(user(admin))
			.with(csrf())).andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("TAKEN"));
		// another provider's term and provider: 404, nothing made
		mvc.perform(post("/api/v1/settlements").contentType(MediaType.APPLICATION_JSON)
			.content("{\"providerId\":" + provider + ",\"termId\":" + world.term + "}")
			.with(user(as("provider1")))
			.with(csrf())).andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/settlements").contentType(MediaType.APPLICATION_JSON)
			.content("{\"providerId\":" + provider + ",\"termId\":" + world.term + ",\"month\":\"2020-13\"}")
			.with(user(admin))
			.with(csrf())).andExpect(status().isBadRequest());
		mvc.perform(post("/api/v1/settlements/{id}/return", id).contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\":\"\"}")
			.with(user(as("school1")))
			.with(csrf())).andExpect(status().isBadRequest());
		mvc.perform(post("/api/v1/settlements/{id}/submit", id).with(user(admin)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
		mvc.perform(post("/api/v1/settlements/{id}/return", id).contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\":\"请附签到记录\"}")
			.with(user(as("town1")))
			.with(csrf())).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("RETURNED"));
	}

	@Test
	void theMenuHasTheEntryAndAMonthShowsAsAMonth() throws Exception {
		assertThat(body(get("/console/settlements"), as("city"))).contains("href=\"/console/settlements\"", "收费与账务");
		java.time.YearMonth month = java.time.YearMonth.from(world.monday);
		SettlementView s = settlements.create(admin, provider, world.term, month);
		String label = month.getYear() + "年" + month.getMonthValue() + "月";
		assertThat(body(get("/console/settlements"), admin)).contains(label);
		assertThat(body(get("/console/settlements/{id}", s.id()), admin)).contains(label);
		assertThat(body(get("/console/settlements").param("lang", "en"), admin)).contains(month.getMonthValue() + "/" + month.getYear());
	}

	/** The .xlsx content type the API answers with. */
	static final class SettlementApiXlsx {

		static final String TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	}
}
