package org.kehou.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.payment.internal.SandboxGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The sandbox's cashier page through MockMvc on the demo city: the payer named at prepay (the guardian's id, see
 * docs/payment.md) sees it and pays; another guardian, another role, an unknown or malformed prepay id get clear
 * refusals and change nothing. Notifications are dropped here (recorded, never sent): their flow is
 * SandboxGatewayTests'.
 */
@DemoCityTest
class SandboxCashierWebTests {

	static final URI NOWHERE = URI.create("http://127.0.0.1:9/api/v1/payment/notify/sandbox");

	@Autowired
	MockMvc mvc;

	@Autowired
	SandboxGateway sandbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	UserDetailsService users;

	@Test
	void theGuardianSeesTheCashierAndPays() throws Exception {
		KehouUser guardian = account("13800000001");
		String no = orderNo();
		long prepayId = prepay(no, 12345, guardian, Instant.now().plusSeconds(3600));

		mvc.perform(get("/sandbox/pay/" + prepayId).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("沙箱支付")))
			.andExpect(content().string(Matchers.containsString("¥123.45")))
			.andExpect(content().string(Matchers.containsString("确认支付")))
			.andExpect(content().string(Matchers.containsString("待支付")));

		mvc.perform(post("/sandbox/pay/" + prepayId).with(user(guardian)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/sandbox/pay/" + prepayId))
			.andExpect(flash().attribute("flash", Matchers.startsWith("支付成功")));
		GatewayOrder order = sandbox.query(no);
		assertThat(order.status()).isEqualTo(GatewayOrder.Status.PAID);
		assertThat(sandbox.notifications(no)).singleElement()
			.satisfies(n -> assertThat(n.kind()).isEqualTo("GENUINE"));

		mvc.perform(get("/sandbox/pay/" + prepayId).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("已支付")))
			.andExpect(content().string(Matchers.containsString(order.transactionId())))
			.andExpect(content().string(Matchers.not(Matchers.containsString("id=\"pay\""))));
		// tapping again (a double tap, the back button) pays nothing more
		mvc.perform(post("/sandbox/pay/" + prepayId).with(user(guardian)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(sandbox.notifications(no)).hasSize(1);
	}

	@Test
	void cancellingLeavesTheOrderUnpaid() throws Exception {
		KehouUser guardian = account("13800000001");
		String no = orderNo();
		long prepayId = prepay(no, 500, guardian, Instant.now().plusSeconds(3600));
		mvc.perform(post("/sandbox/pay/" + prepayId + "/cancel").with(user(guardian)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("error", "已取消，订单仍未支付"));
		assertThat(sandbox.query(no).status()).isEqualTo(GatewayOrder.Status.NOT_PAID);
	}

	@Test
	void anExpiredOrClosedPrepayCannotBePaid() throws Exception {
		KehouUser guardian = account("13800000001");
		String expired = orderNo();
		long expiredId = prepay(expired, 500, guardian, Instant.now().minusSeconds(60));
		mvc.perform(get("/sandbox/pay/" + expiredId).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("订单已过期")))
			.andExpect(content().string(Matchers.not(Matchers.containsString("id=\"pay\""))));
		mvc.perform(post("/sandbox/pay/" + expiredId).with(user(guardian)).with(csrf()))
			.andExpect(flash().attribute("error", "订单已过期，不能再支付"));
		String closed = orderNo();
		long closedId = prepay(closed, 500, guardian, Instant.now().plusSeconds(3600));
		sandbox.close(closed);
		mvc.perform(post("/sandbox/pay/" + closedId).with(user(guardian)).with(csrf()))
			.andExpect(flash().attribute("error", "订单已关闭，不能再支付"));
		assertThat(sandbox.query(expired).status()).isEqualTo(GatewayOrder.Status.NOT_PAID);
		assertThat(sandbox.query(closed).status()).isEqualTo(GatewayOrder.Status.CLOSED);
	}

	@Test
	void anotherGuardianCanNeitherSeeNorPay() throws Exception {
		KehouUser payer = account("13800000001");
		KehouUser other = account("13800000002");
		assertThat(other.scope().guardianId()).isNotEqualTo(payer.scope().guardianId());
		String no = orderNo();
		long prepayId = prepay(no, 800, payer, Instant.now().plusSeconds(3600));

		mvc.perform(get("/sandbox/pay/" + prepayId).with(user(other))).andExpect(status().isNotFound());
		mvc.perform(post("/sandbox/pay/" + prepayId).with(user(other)).with(csrf())).andExpect(status().isNotFound());
		mvc.perform(post("/sandbox/pay/" + prepayId + "/cancel").with(user(other)).with(csrf()))
			.andExpect(status().isNotFound());
		// staff have no cashier at all
		mvc.perform(get("/sandbox/pay/" + prepayId).with(user(account("school1")))).andExpect(status().isForbidden());
		assertThat(sandbox.query(no).status()).isEqualTo(GatewayOrder.Status.NOT_PAID);
		assertThat(sandbox.notifications(no)).isEmpty();
	}

	@Test
	void badPrepayIdsGetClearErrors() throws Exception {
		KehouUser guardian = account("13800000001");
		mvc.perform(get("/sandbox/pay/999999").with(user(guardian))).andExpect(status().isNotFound());
		mvc.perform(get("/sandbox/pay/not-a-number").with(user(guardian))).andExpect(status().isNotFound());
		mvc.perform(post("/sandbox/pay/999999").with(user(guardian)).with(csrf())).andExpect(status().isNotFound());
		// not signed in: to the login page
		mvc.perform(get("/sandbox/pay/999999")).andExpect(status().is3xxRedirection());
	}

	@Test
	void theCityAdminSetsSwitchesAndDownloadsTheStatement() throws Exception {
		KehouUser city = account("city");
		KehouUser guardian = account("13800000001");
		String no = orderNo();
		long prepayId = prepay(no, 4321, guardian, Instant.now().plusSeconds(3600));
		mvc.perform(get("/sandbox/console").with(user(city)))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("沙箱支付网关")))
			.andExpect(content().string(Matchers.containsString(no)));
		mvc.perform(post("/sandbox/console/simulation").with(user(city)).with(csrf())
			.param("merchantOrderNo", no).param("duplicate", "true").param("drop", "true").param("failFirst", "2"))
			.andExpect(flash().attribute("flash", "已保存模拟开关"));
		assertThat(sandbox.recentOrders(50)).filteredOn(o -> o.merchantOrderNo().equals(no)).singleElement()
			.satisfies(o -> {
				assertThat(o.simulation().duplicate()).isTrue();
				assertThat(o.simulation().drop()).isTrue();
				assertThat(o.simulation().failFirst()).isEqualTo(2);
			});
		mvc.perform(post("/sandbox/console/simulation").with(user(city)).with(csrf()).param("merchantOrderNo", "NO-SUCH-ORDER"))
			.andExpect(flash().attribute("error", "没有这个未支付的订单（或数值无效）"));

		mvc.perform(post("/sandbox/pay/" + prepayId).with(user(guardian)).with(csrf())).andExpect(status().is3xxRedirection());
		mvc.perform(post("/sandbox/console/difference").with(user(city)).with(csrf()).param("merchantOrderNo", no)
			.param("deltaFen", "1")).andExpect(flash().attribute("flash", "已注入对账单差额"));
		mvc.perform(get("/sandbox/console/statement").with(user(city)))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/csv"))
			.andExpect(content().string(Matchers.startsWith("交易时间,支付订单号,商户订单号")))
			.andExpect(content().string(Matchers.containsString("`" + no + ",`SUCCESS,`43.22,")));
		// the switches are the city's: guardians and schools are refused
		mvc.perform(get("/sandbox/console").with(user(guardian))).andExpect(status().isForbidden());
		mvc.perform(post("/sandbox/console/difference").with(user(account("school1"))).with(csrf())
			.param("merchantOrderNo", no).param("deltaFen", "5")).andExpect(status().isForbidden());
	}

	private long prepay(String no, long amountFen, KehouUser guardian, Instant expiresAt) {
		PrepayOrder prepay = sandbox.prepay(new PrepayRequest(no, amountFen, "2026秋季课后服务费",
				String.valueOf(guardian.scope().guardianId()), NOWHERE, expiresAt));
		// in this shared context nothing may keep retrying in the background (other tests fingerprint the tables):
		// the notification is recorded but never sent
		sandbox.simulate(no, new org.kehou.payment.internal.SandboxProperties.Simulation(false, java.time.Duration.ZERO,
				true, 0, false, false));
		return Long.parseLong(prepay.prepayId());
	}

	private static String orderNo() {
		return "W" + System.nanoTime() + ThreadLocalRandom.current().nextInt(1000);
	}

	/** A demo account as sign-in loads it (a guardian by phone: its login name is stored masked, never plain). */
	private KehouUser account(String login) {
		return (KehouUser) users.loadUserByUsername(login);
	}
}
