package org.kehou.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.ledger.Ledger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Receipts: the demo guardian 13800000001 paid ¥360.00 online for a child's order of two lines (¥720.00), half of
 * which the special fund carries (低保), and ¥30.00 was refunded since. The guardian downloads the receipt; another
 * guardian, another school's admin and roles without receipts don't. An offline payment of ¥100.05 in cash says so.
 */
@DemoCityTest
class ReceiptTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	Receipts receipts;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	UserDetailsService users;

	SettlementWorld world;

	long child;

	String childName;

	long order;

	long payment;

	String receiptNo;

	@BeforeEach
	void world() {
		world = new SettlementWorld(jdbc, "school1");
		KehouUser guardian = as("13800000001");
		child = jdbc.sql("""
				SELECT sg.student_id FROM student_guardian sg JOIN student s ON s.id = sg.student_id
				WHERE sg.guardian_id = :g AND s.school_id = :s ORDER BY sg.student_id LIMIT 1""")
			.param("g", guardian.scope().guardianId())
			.param("s", world.school)
			.query(Long.class)
			.single();
		childName = jdbc.sql("SELECT name FROM student WHERE id = :id").param("id", child).query(String.class).single();
		long provider = world.provider("收据机构");
		long instructor = world.instructor(provider, cipher, "黄老师");
		long calligraphy = world.offering("书法", provider, instructor, 3000);
		long robots = world.offering("机器人", provider, instructor, 3600);
		order = world.order(child);
		long first = world.line(order, calligraphy, 3000, 12, 0, world.monday, null);
		long second = world.line(order, robots, 3600, 10, 0, world.monday, null);
		jdbc.sql("""
				UPDATE billing_order_line SET exemption_category = 'SUBSISTENCE', exemption_percent = 50,
				  exempt_per_lesson_fen = fee_per_lesson_fen / 2 WHERE id IN (:a, :b)""")
			.param("a", first)
			.param("b", second)
			.update();
		payment = world.payment(ledger, order, 36_000, SettlementWorld.at(world.monday, 9, 41));
		jdbc.sql("""
				UPDATE billing_order SET charged_fen = 72000, exempt_fen = 36000, paid_fen = 36000, refunded_fen = 3000
				WHERE id = :o""").param("o", order).update();
		jdbc.sql("""
				INSERT INTO billing_refund (order_id, payment_id, refund_no, amount_fen, reason, status, done_at)
				VALUES (:o, :p, :no, 3000, '请假 1 次', 'DONE', :at)""")
			.param("o", order)
			.param("p", payment)
			.param("no", "RF" + world.tag)
			.param("at", java.sql.Timestamp.from(SettlementWorld.at(world.monday.plusWeeks(1), 10, 0)))
			.update();
		receiptNo = jdbc.sql("SELECT receipt_no FROM billing_payment WHERE id = :p").param("p", payment)
			.query(String.class).single();
	}

	KehouUser as(String login) {
		return (KehouUser) users.loadUserByUsername(login);
	}

	@Test
	void theChildsGuardianDownloadsTheReceipt() throws Exception {
		byte[] pdf = mvc.perform(get("/m/payments/{id}/receipt.pdf", payment).with(user(as("13800000001"))))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.APPLICATION_PDF))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		SettlementTests.keep("receipt.pdf", pdf);
		String text = SettlementTests.text(pdf);
		String orderNo = jdbc.sql("SELECT order_no FROM billing_order WHERE id = :o").param("o", order).query(String.class).single();
		assertThat(text).contains("课后服务收费收据", receiptNo, childName, orderNo, "¥360.00", "叁佰陆拾元整", "书法",
				"机器人", "¥720.00", "低保", "沙箱支付", "已退回合计 ¥30.00", "请假 1 次",
				world.monday + " 09:41");
		// the school's and its town's admins may print it too
		mvc.perform(get("/m/payments/{id}/receipt.pdf", payment).with(user(as("school1")))).andExpect(status().isOk());
		mvc.perform(get("/m/payments/{id}/receipt.pdf", payment).with(user(as("town1")))).andExpect(status().isOk());
	}

	@Test
	void nobodyElseGetsIt() throws Exception {
		mvc.perform(get("/m/payments/{id}/receipt.pdf", payment).with(user(as("13800000002")))).andExpect(status().isNotFound());
		mvc.perform(get("/m/payments/{id}/receipt.pdf", payment).with(user(as("school2")))).andExpect(status().isNotFound());
		mvc.perform(get("/m/payments/{id}/receipt.pdf", payment).with(user(as("teacher1")))).andExpect(status().isForbidden());
		mvc.perform(get("/m/payments/{id}/receipt.pdf", payment).with(user(as("provider1")))).andExpect(status().isForbidden());
		mvc.perform(get("/m/payments/{id}/receipt.pdf", 987_654_321L).with(user(as("13800000001"))))
			.andExpect(status().isNotFound());
	}

	@Test
	void anOfflinePaymentSaysCash() throws Exception {
		long offline = jdbc.sql("""
				INSERT INTO billing_payment (order_id, method, offline_kind, amount_fen, paid_at, receipt_no, posting_id)
				SELECT :o, 'OFFLINE', 'CASH', 10005, now(), :no, posting_id FROM billing_payment WHERE id = :p RETURNING id""")
			.param("o", order)
			.param("no", "RC" + world.tag)
			.param("p", payment)
			.query(Long.class)
			.single();
		String text = SettlementTests.text(receipts.pdf(offline, Locale.SIMPLIFIED_CHINESE).orElseThrow());
		assertThat(text).contains("¥100.05", "壹佰元零伍分", "现金").doesNotContain("已退回合计");
		assertThat(receipts.receipt(offline).orElseThrow().exempt().fen()).isEqualTo(36_000);
		assertThat(receipts.pdf(987_654_321L, Locale.SIMPLIFIED_CHINESE)).isEmpty();
		assertThat(Instant.now()).isNotNull();
	}
}
