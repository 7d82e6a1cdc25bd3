package org.kehou.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.attendance.Sessions;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.selection.Places;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Billing through its events, pages and API: a place confirmed by the school becomes an order by itself (the
 * PlaceChanged listener), the guardian sees and pays it on the phone, a session the school cancels is credited by
 * itself (the SessionCancelled listener); the school's console lists and records offline payments; another guardian
 * or school sees nothing; bad input gets a readable message or a Problem Detail and changes nothing.
 */
@DemoCityTest
class BillingWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserDetailsService users;

	@Autowired
	Places places;

	@Autowired
	Sessions sessions;

	@Autowired
	Orders orders;

	BillingWorld world;

	KehouUser guardian;

	KehouUser school1;

	long child;

	long offering;

	long orderId;

	@BeforeEach
	void world() {
		world = new BillingWorld(jdbc);
		guardian = (KehouUser) users.loadUserByUsername("13800000001");
		school1 = (KehouUser) users.loadUserByUsername("school1");
		child = jdbc.sql("""
				SELECT min(g.student_id) FROM student_guardian g JOIN student s ON s.id = g.student_id
				WHERE g.guardian_id = :g AND s.school_id = :s""")
			.param("g", guardian.scope().guardianId()).param("s", world.school).query(Long.class).single();
		offering = world.offering("创意美术", 2500, 4);
		world.register(child);
		places.place(offering, child, null, "测试：学校安排");
		orderId = await().atMost(Duration.ofSeconds(30)).until(this::order, Optional::isPresent).orElseThrow().id();
	}

	@org.junit.jupiter.api.AfterEach
	void forgetRegistration() {
		// the demo guardian's child keeps no registration of this test's term (other tests list its registrations)
		jdbc.sql("DELETE FROM registration WHERE term_id = :t").param("t", world.term).update();
	}

	Optional<OrderView> order() {
		return orders.ofStudent(child).stream().filter(o -> o.termId() == world.term).findFirst();
	}

	@Test
	void theGuardianSeesAndPaysTheOrderAndACancelledSessionIsCreditedByItself() throws Exception {
		String inbox = mvc.perform(get("/m/inbox").with(user(guardian))).andExpect(status().isOk()).andReturn()
			.getResponse().getContentAsString();
		assertThat(inbox).contains("缴费通知").contains("应缴 ¥100.00");
		String list = mvc.perform(get("/m/children/{id}/orders", child).with(user(guardian)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(list).contains(world.termName()).contains("待缴 ¥100.00");
		String page = mvc.perform(get("/m/orders/{id}", orderId).with(user(guardian)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("创意美术").contains("4 课次 × ¥25.00 = ¥100.00").contains("去支付 ¥100.00");
		mvc.perform(post("/m/orders/{id}/pay", orderId).with(user(guardian)).with(csrf()))
			.andExpect(redirectedUrlPattern("/sandbox/pay/*?redirect_url=/m/orders/" + orderId));
		mvc.perform(post("/api/v1/billing/orders/{id}/pay", orderId).with(user(guardian)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.payUrl").value(org.hamcrest.Matchers.startsWith("/sandbox/pay/")));

		sessions.cancel(world.sessions(offering).get(2), "测试：场地维修");
		await().atMost(Duration.ofSeconds(30)).until(() -> order().orElseThrow().owedFen() == 7_500);
		assertThat(order().orElseThrow().lines().get(0).credits()).singleElement()
			.satisfies(c -> assertThat(c.reason()).isEqualTo(CreditReason.CANCELLED));
		assertThat(mvc.perform(get("/m/orders/{id}", orderId).with(user(guardian))).andReturn().getResponse()
			.getContentAsString()).contains("课次取消").contains("去支付 ¥75.00");
	}

	@Test
	void nobodyElseSeesTheOrder() throws Exception {
		KehouUser otherGuardian = otherGuardian();
		mvc.perform(get("/m/orders/{id}", orderId).with(user(otherGuardian))).andExpect(status().isNotFound());
		mvc.perform(post("/m/orders/{id}/pay", orderId).with(user(otherGuardian)).with(csrf())).andExpect(status().isNotFound());
		KehouUser school2 = (KehouUser) users.loadUserByUsername("school2");
		mvc.perform(get("/console/billing/orders/{id}", orderId).with(user(school2))).andExpect(status().isNotFound());
		String theirs = mvc.perform(get("/console/billing/orders").param("q", world.termName()).with(user(school2)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(theirs).doesNotContain(order().orElseThrow().orderNo());
		String mine = mvc.perform(get("/console/billing/orders").param("status", "UNPAID").with(user(school1)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(mine).contains(order().orElseThrow().orderNo());
		mvc.perform(get("/api/v1/billing/orders").with(user(guardian))).andExpect(status().isForbidden());
	}

	@Test
	void theSchoolRecordsAnOfflinePaymentAndBadInputChangesNothing() throws Exception {
		mvc.perform(post("/console/billing/orders/{id}/offline-payments", orderId).with(user(school1)).with(csrf())
			.param("amount", "一百").param("kind", "CASH").param("requestKey", "w-" + world.tag))
			.andExpect(flash().attribute("error", "请填写正确的金额（元，最多两位小数）和收款方式"));
		mvc.perform(post("/console/billing/orders/{id}/offline-payments", orderId).with(user(school1)).with(csrf())
			.param("amount", "100.01").param("kind", "CASH").param("requestKey", "w-" + world.tag))
			.andExpect(flash().attribute("error", "金额须大于零且不超过待缴金额"));
		mvc.perform(post("/api/v1/billing/orders/{id}/offline-payments", orderId).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"amountFen\":-5,\"kind\":\"CASH\",\"requestKey\":\"a\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.reason").value("BAD_AMOUNT"));
		mvc.perform(post("/api/v1/billing/orders/{id}/offline-payments", orderId).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"kind\":\"CASH\"}"))
			.andExpect(status().isBadRequest());
		assertThat(order().orElseThrow().payments()).isEmpty();

		mvc.perform(post("/console/billing/orders/{id}/offline-payments", orderId).with(user(school1)).with(csrf())
			.param("amount", "100").param("kind", "BANK_TRANSFER").param("note", "转账").param("requestKey", "w-" + world.tag))
			.andExpect(flash().attribute("flash", org.hamcrest.Matchers.startsWith("已登记收款 ¥100.00")));
		assertThat(order().orElseThrow().status()).isEqualTo(OrderStatus.PAID);
		String console = mvc.perform(get("/console/billing/orders/{id}", orderId).with(user(school1)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(console).contains("银行转账").contains("已缴费");
		mvc.perform(post("/api/v1/billing/orders/{id}/pay", orderId).with(user(guardian)).with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("NOTHING_TO_PAY"));
	}

	@Test
	void settingsValidateAndExplain() throws Exception {
		String page = mvc.perform(get("/console/billing/settings").with(user(school1)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("先缴费后确认").contains("低保");
		mvc.perform(post("/console/billing/settings").with(user(school1)).with(csrf())
			.param("paymentMode", "PAY_TO_CONFIRM").param("payWithinHours", "0"))
			.andExpect(flash().attribute("error", "缴费期限须在 1 到 720 小时之间，并选择缴费方式"));
		mvc.perform(post("/console/billing/exemptions").with(user(school1)).with(csrf())
			.param("category", "SUBSISTENCE").param("percent", "150"))
			.andExpect(flash().attribute("error", "减免比例须为 0 到 100 的整数"));
		assertThat(jdbc.sql("SELECT count(*) FROM billing_exemption_policy WHERE school_id = :s").param("s", world.school)
			.query(Long.class).single()).isZero();
		KehouUser town1 = (KehouUser) users.loadUserByUsername("town1");
		mvc.perform(post("/console/billing/settings").with(user(town1)).with(csrf())
			.param("paymentMode", "PAY_TO_CONFIRM").param("payWithinHours", "24"))
			.andExpect(status().isForbidden());
	}

	private KehouUser otherGuardian() {
		long other = jdbc.sql("""
				SELECT min(guardian_id) FROM student_guardian
				WHERE guardian_id NOT IN (SELECT guardian_id FROM student_guardian WHERE student_id = :c)""")
			.param("c", child).query(Long.class).single();
		return new KehouUser(-1, "other-guardian", "other", null, org.kehou.identity.Role.GUARDIAN,
				new org.kehou.identity.Scope(org.kehou.identity.Role.GUARDIAN, null, null, other, null), null, null,
				false, false, true);
	}

}
