package org.kehou.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Ledger;
import org.kehou.payment.Statement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/** The special-fund report (scopes, amounts, .xlsx) and a school's public fee report (no sign-in, aggregates only). */
@DemoCityTest
class FinanceReportTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	UserDetailsService users;

	KehouUser as(String login) {
		return (KehouUser) users.loadUserByUsername(login);
	}

	String termKey(ReconciliationFixture f) {
		return jdbc.sql("SELECT school_year || '-' || semester FROM term WHERE id = :t").param("t", f.term)
			.query(String.class).single();
	}

	@Test
	void anExemptedLineShowsInTheFundReportWithItsAmountForItsScopesOnly() throws Exception {
		var f = new ReconciliationFixture(jdbc, ledger, "school1", LocalDate.of(2001, 9, 1), LocalDate.of(2002, 1, 20), "OPEN");
		var exempted = f.order(f.nextStudent(), 1500, "SUBSISTENCE");
		f.order(f.nextStudent(), 0, null);
		// two lessons no longer charged: the fund carries 10 x ¥15
		jdbc.sql("UPDATE billing_order_line SET credited_lessons = 2 WHERE id = :l").param("l", exempted.lineId()).update();
		String term = termKey(f);
		String schoolName = jdbc.sql("SELECT name FROM school WHERE id = :s").param("s", f.school).query(String.class).single();
		long balance = ledger.balance(AccountRef.specialFund(f.school)).balance().fen();

		mvc.perform(get("/api/v1/billing/fund").param("term", term).with(user(as("school1"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.lines.length()").value(1))
			.andExpect(jsonPath("$.lines[0].category").value("SUBSISTENCE"))
			.andExpect(jsonPath("$.lines[0].children").value(1))
			.andExpect(jsonPath("$.lines[0].exemptFen").value(15_000))
			.andExpect(jsonPath("$.schools[0].fundBalanceFen").value(balance))
			.andExpect(jsonPath("$.exemptFen").value(15_000));
		// the town sees it, per school; another school does not, nor may it ask for it
		mvc.perform(get("/api/v1/billing/fund").param("term", term).with(user(as("town1"))))
			.andExpect(jsonPath("$.schools[0].schoolId").value(f.school));
		mvc.perform(get("/api/v1/billing/fund").param("term", term).with(user(as("school2"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.lines.length()").value(0));
		mvc.perform(get("/api/v1/billing/fund").param("term", term).param("schoolId", String.valueOf(f.school))
				.with(user(as("school2"))))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/billing/fund").with(user(as("teacher1")))).andExpect(status().isForbidden());

		// the city's page: per town first, then the town's schools
		String city = mvc.perform(get("/console/billing/fund").param("term", term).with(user(as("city"))))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(city).contains("fund-towns").contains("¥150.00").contains("低保家庭");
		String drill = mvc.perform(get("/console/billing/fund").param("term", term).param("townId", String.valueOf(f.town))
				.with(user(as("city"))))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(drill).contains("fund-schools").contains(schoolName).contains("¥150.00");
		String empty = mvc.perform(get("/console/billing/fund").param("term", "1999-2000-2").with(user(as("school1"))))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(empty).contains("fund-empty");

		byte[] xlsx = mvc.perform(get("/console/billing/fund.xlsx").param("term", term).with(user(as("city"))))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
			DataFormatter format = new DataFormatter();
			boolean found = false;
			for (Row row : book.getSheetAt(0)) {
				if (format.formatCellValue(row.getCell(1)).equals(schoolName)) {
					assertThat(format.formatCellValue(row.getCell(2))).isEqualTo("低保家庭");
					assertThat(format.formatCellValue(row.getCell(4))).isEqualTo("150.00");
					found = true;
				}
			}
			assertThat(found).isTrue();
		}
	}

	@Test
	void theSchoolsPublicFeeReportIsServedWithoutSignInWithAggregatesAndNoChildsName() throws Exception {
		long school1 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		long school2 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school2'").query(Long.class).single();
		long school = jdbc.sql("SELECT id FROM school WHERE id NOT IN (:a, :b) AND active ORDER BY id DESC LIMIT 1")
			.param("a", school1).param("b", school2).query(Long.class).single();
		LocalDate today = LocalDate.now(Statement.ZONE);
		// the current term (its published offering is the fee standard) and an ended one with its money
		var current = new ReconciliationFixture(jdbc, ledger, school, today.minusDays(1), today.plusDays(20), "OPEN");
		var ended = new ReconciliationFixture(jdbc, ledger, school, LocalDate.of(2001, 9, 1), LocalDate.of(2002, 1, 20),
				"CLOSED");
		var order = ended.order(ended.nextStudent(), 1000, "ORPHAN");
		Instant paidAt = Instant.parse("2001-09-10T02:00:00Z");
		long payment = ended.onlinePayment(order, "sandbox", "4200PUB" + ended.tag, "KPUB" + ended.tag, 24_000, 24_000, paidAt);
		ended.doneRefund(order, payment, "RPUB" + ended.tag, 3_000, paidAt.plusSeconds(86_400));
		String child = ended.studentName(order.student());

		String page;
		try {
			page = mvc.perform(get("/public/schools/" + school + "/fees"))
				.andExpect(status().isOk())
				.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		}
		finally {
			// the shared demo city: the school's current term is its own again for the tests after this one
			jdbc.sql("UPDATE offering SET status = 'CANCELLED' WHERE id = :o").param("o", current.offering).update();
			jdbc.sql("UPDATE term SET status = 'CLOSED', closed_at = now() WHERE id = :t").param("t", current.term).update();
		}
		assertThat(page).contains("书法班 " + current.tag).contains("对账测试机构 " + current.tag).contains("¥30.00")
			.contains("data-term=\"" + ended.term + "\"")
			.contains("¥240.00") // received
			.contains("¥30.00") // refunded
			.contains("¥210.00") // net
			.contains("¥120.00") // exempted
			.contains("¥360.00") // due to the provider
			.doesNotContain(child);
		mvc.perform(get("/public/schools/999999999/fees")).andExpect(status().isNotFound());
		mvc.perform(get("/console/billing/public-report").with(user(as("school1"))))
			.andExpect(redirectedUrl("/public/schools/" + school1 + "/fees"));
	}
}
