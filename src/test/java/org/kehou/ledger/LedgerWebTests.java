package org.kehou.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kehou.ledger.LedgerWorld.fen;
import static org.kehou.ledger.LedgerWorld.posting;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

/** The ledger page and API: each administrator sees the accounts and postings of their scope only. */
@DemoCityTest
class LedgerWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserDetailsService users;

	LedgerWorld world;

	long school1;

	long school2;

	long child1;

	long child2;

	@BeforeEach
	void world() {
		world = new LedgerWorld(jdbc);
		school1 = world.school("school1");
		school2 = world.school("school2");
		child1 = world.students(school1, 7).get(6);
		child2 = world.students(school2, 7).get(6);
	}

	KehouUser as(String login) {
		return (KehouUser) users.loadUserByUsername(login);
	}

	String body(String url, String login) throws Exception {
		return mvc.perform(get(url).with(user(as(login))))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void aSchoolAdminSeesItsOwnAccountsAndPostingsAndNotTheOtherSchoolsOwners() throws Exception {
		// a posting across the two schools (a school-1 child, school 2's account): school 1 sees it, not school 2's name
		Entry across = ledger.post(posting(world.key("across"), PostingKind.ORDER, "order:across",
				Leg.debit(AccountRef.guardianReceivable(child1), fen(777)),
				Leg.credit(AccountRef.schoolAccount(school2), fen(777))));
		Entry other = ledger.post(posting(world.key("other"), PostingKind.ORDER, "order:other",
				Leg.debit(AccountRef.guardianReceivable(child2), fen(555)),
				Leg.credit(AccountRef.schoolAccount(school2), fen(555))));
		String school2Name = jdbc.sql("SELECT name FROM school WHERE id = :id").param("id", school2).query(String.class).single();
		String child1Name = jdbc.sql("SELECT name FROM student WHERE id = :id").param("id", child1).query(String.class).single();

		String postings = body("/api/v1/ledger/postings?size=100", "school1");
		List<Integer> ids = JsonPath.read(postings, "$.items[*].id");
		assertThat(ids).contains((int) across.id()).doesNotContain((int) other.id());
		assertThat(postings).contains(child1Name).doesNotContain(school2Name);
		assertThat(JsonPath.<List<Object>>read(postings, "$.items[?(@.id == " + across.id() + ")].legs[1].visible"))
			.containsExactly(false);
		assertThat(JsonPath.<List<Object>>read(postings, "$.items[?(@.id == " + across.id() + ")].legs[1].ownerId"))
			.isEmpty();

		String trial = body("/api/v1/ledger/trial-balance", "school1");
		long mine = jdbc.sql("SELECT count(*) FROM ledger_account WHERE school_id = :s").param("s", school1).query(Long.class).single();
		assertThat(JsonPath.<List<Integer>>read(trial, "$.kinds[*].accounts").stream().mapToLong(Integer::longValue).sum())
			.isEqualTo(mine);
		assertThat(JsonPath.<List<String>>read(trial, "$.kinds[*].kind")).doesNotContain("GATEWAY_CLEARING",
				"PROVIDER_PAYABLE");
		assertThat(JsonPath.<Boolean>read(trial, "$.wholeLedger")).isFalse();

		mvc.perform(get("/api/v1/ledger/postings/{id}", other.id()).with(user(as("school1"))))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/ledger/postings/{id}", across.id()).with(user(as("school1"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.totalFen").value(777))
			.andExpect(jsonPath("$.legs[0].ownerName").value(child1Name));
		mvc.perform(get("/api/v1/ledger/postings/{id}", other.id()).with(user(as("town1")))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/ledger/postings?schoolId=" + school2).with(user(as("school1"))))
			.andExpect(status().isNotFound());

		String page = body("/console/ledger?lang=en", "school1");
		assertThat(page).contains("The school&#39;s accounts and postings", "order:across", "(outside your scope)")
			.doesNotContain("order:other", school2Name);
	}

	@Test
	void theCitySeesTheWholeLedgerAndItsProof() throws Exception {
		ledger.post(posting(world.key("city"), PostingKind.PAYMENT, "payment:city",
				Leg.debit(AccountRef.gatewayClearing(), fen(1000)), Leg.credit(AccountRef.guardianReceivable(child2), fen(1000))));
		ledger.post(posting(world.key("city-cash"), PostingKind.PAYMENT, "payment:cash",
				Leg.debit(AccountRef.cash(school2), fen(200)), Leg.credit(AccountRef.guardianReceivable(child2), fen(200))));

		String trial = body("/api/v1/ledger/trial-balance", "city");
		assertThat(JsonPath.<Boolean>read(trial, "$.wholeLedger")).isTrue();
		assertThat(JsonPath.<Boolean>read(trial, "$.balances")).isTrue();
		assertThat(JsonPath.<List<String>>read(trial, "$.kinds[*].kind")).contains("GATEWAY_CLEARING");
		assertThat(JsonPath.<Number>read(trial, "$.debitFen").longValue())
			.isEqualTo(JsonPath.<Number>read(trial, "$.creditFen").longValue());

		mvc.perform(get("/api/v1/ledger/proof").with(user(as("city"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.holds").value(true));
		mvc.perform(get("/api/v1/ledger/proof").with(user(as("school1")))).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/ledger/trial-balance").with(user(as("13800000001")))).andExpect(status().isForbidden());
		mvc.perform(get("/console/ledger").with(user(as("provider1")))).andExpect(status().isForbidden());

		String page = body("/console/ledger?lang=en", "city");
		assertThat(page).contains("The ledger balances", "Gateway clearing", "payment:city", "Platform");

		String docs = body("/v3/api-docs", "city");
		assertThat(docs).contains("/api/v1/ledger/trial-balance", "/api/v1/ledger/postings/{postingId}", "/api/v1/ledger/proof");

		String paged = body("/api/v1/ledger/postings?size=1&page=1", "city");
		assertThat(JsonPath.<List<Object>>read(paged, "$.items")).hasSize(1);
		assertThat(JsonPath.<Integer>read(paged, "$.page")).isEqualTo(1);
		assertThat(JsonPath.<Integer>read(paged, "$.total")).isGreaterThanOrEqualTo(2);
		assertThat(JsonPath.<String>read(paged, "$.items[0].reference")).isEqualTo("payment:city");
	}

	@Test
	void aSchoolWithoutPostingsGetsTheEmptyState() throws Exception {
		long quiet = jdbc.sql("""
				SELECT id FROM school WHERE id NOT IN (SELECT school_id FROM ledger_account WHERE school_id IS NOT NULL)
				ORDER BY id LIMIT 1""").query(Long.class).single();
		String page = body("/console/ledger?lang=en&schoolId=" + quiet, "city");
		assertThat(page).contains("No accounts yet", "No postings yet", "one side of their postings");
		String trial = body("/api/v1/ledger/trial-balance?schoolId=" + quiet, "city");
		assertThat(JsonPath.<List<Object>>read(trial, "$.kinds")).isEmpty();
	}
}
