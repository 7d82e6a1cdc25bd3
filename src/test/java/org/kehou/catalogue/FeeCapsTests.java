package org.kehou.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Fee standards on the real database with the demo city: proration, the lower of the city's and the town's cap,
 * towns only lowering, history kept, the audit log, scopes, the public page. Every test uses its own category or
 * dates, because the demo-city context (and its database) is shared with other test classes.
 */
@DemoCityTest
class FeeCapsTests {

	static final LocalDate JUNE = LocalDate.of(2026, 6, 1);

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	FeeCaps caps;

	KehouUser city;

	KehouUser town1;

	long town1Id;

	long town2Id;

	@BeforeEach
	void accounts() {
		city = account("city");
		town1 = account("town1");
		town1Id = java.util.Objects.requireNonNull(town1.scope().townId());
		town2Id = jdbc.sql("SELECT min(id) FROM town WHERE id <> :t").param("t", town1Id).query(Long.class).single();
	}

	KehouUser account(String login) {
		return jdbc.sql("SELECT id, role, town_id, display_name FROM app_user WHERE username = :login")
			.param("login", login)
			.query((rs, i) -> {
				Role role = Role.valueOf(rs.getString("role"));
				return new KehouUser(rs.getLong("id"), login, rs.getString("display_name"), null, role,
						new Scope(role, rs.getObject("town_id", Long.class), null, null, null), null, false, false,
						true);
			})
			.single();
	}

	ResultActions postAs(KehouUser who, String path, String json) throws Exception {
		return mvc.perform(post(path).with(user(who)).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	static String cap(String category, String amount, int minutes, String from) {
		return """
				{"category": "%s", "amount": "%s", "lessonMinutes": %d, "validFrom": "%s", "source": "测试文件 %s"}"""
			.formatted(category, amount, minutes, from, from);
	}

	@Test
	void basicCareIsProratedHalfUpFromTheCitysPublishedCap() {
		CapInForce cap = caps.capFor("BASIC_CARE", null, 60, JUNE).orElseThrow();
		assertThat(cap.amount()).isEqualTo(Money.ofFen(333));
		assertThat(cap.level()).isEqualTo(CapLevel.CITY);
		assertThat(cap.source()).contains("发改委");
		assertThat(caps.capFor("BASIC_CARE", town2Id, 45, JUNE).orElseThrow().amount()).isEqualTo(Money.parse("¥2.50"));
		assertThat(caps.capFor("BASIC_CARE", null, 90, JUNE).orElseThrow().amount()).isEqualTo(Money.ofFen(500));
		assertThat(caps.capFor("BASIC_CARE", null, 45, LocalDate.of(2025, 12, 31))).isEmpty();
		assertThat(caps.check("BASIC_CARE", null, 60, Money.ofFen(333), JUNE).ok()).isTrue();
		FeeCheck over = caps.check("BASIC_CARE", null, 60, Money.ofFen(334), JUNE);
		assertThat(over).isInstanceOf(CapExceeded.class);
		assertThat(over.cap().source()).contains("发改委");
		assertThatIllegalArgumentException().isThrownBy(() -> caps.capFor("MATHS", null, 45, JUNE));
	}

	@Test
	void aTownsLowerCapAppliesToItsSchoolsOnlyAndIsAudited() throws Exception {
		postAs(town1, "/api/v1/towns/" + town1Id + "/fee-caps", cap("ARTS", "¥25", 60, "2026-03-01"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.amountFen").value(2500))
			.andExpect(jsonPath("$.level").value("TOWN"));

		CapInForce inTown1 = caps.capFor("ARTS", town1Id, 60, JUNE).orElseThrow();
		assertThat(inTown1.amount()).isEqualTo(Money.ofFen(2500));
		assertThat(inTown1.level()).isEqualTo(CapLevel.TOWN);
		assertThat(inTown1.source()).isEqualTo("测试文件 2026-03-01");
		assertThat(caps.capFor("ARTS", town1Id, 45, JUNE).orElseThrow().amount()).isEqualTo(Money.ofFen(1875));
		assertThat(caps.capFor("ARTS", town2Id, 60, JUNE).orElseThrow().level()).isEqualTo(CapLevel.CITY);
		assertThat(caps.capFor("ARTS", town1Id, 60, LocalDate.of(2026, 2, 1)).orElseThrow().level())
			.isEqualTo(CapLevel.CITY);

		FeeCheck check = caps.check("ARTS", town1Id, 60, Money.parse("25.01"), JUNE);
		assertThat(check).isInstanceOf(CapExceeded.class);
		assertThat(check.cap().level()).isEqualTo(CapLevel.TOWN);
		assertThat(caps.check("ARTS", town2Id, 60, Money.parse("25.01"), JUNE).ok()).isTrue();

		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'fee-cap.set-town' AND town_id = :t")
			.param("t", town1Id).query(Long.class).single()).isPositive();

		mvc.perform(get("/api/v1/towns/" + town1Id + "/fee-standards?date=2026-06-01").with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.category == 'ARTS')].town.amount").value("¥25.00"))
			.andExpect(jsonPath("$[?(@.category == 'ARTS')].city.amount").value("¥30.00"));
	}

	@Test
	void aTownCannotSetACapAboveTheCitys() throws Exception {
		long before = jdbc.sql("SELECT count(*) FROM fee_cap").query(Long.class).single();
		postAs(town1, "/api/v1/towns/" + town1Id + "/fee-caps", cap("SCIENCE", "35", 60, "2026-03-01"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("¥30.00")));
		// per minute: ¥23 for 45 minutes is more than ¥30 for 60
		postAs(town1, "/api/v1/towns/" + town1Id + "/fee-caps", cap("SCIENCE", "23", 45, "2026-03-01"))
			.andExpect(status().isConflict());
		// no city cap before 2026: nothing to lower
		postAs(town1, "/api/v1/towns/" + town1Id + "/fee-caps", cap("SCIENCE", "1", 60, "2025-03-01"))
			.andExpect(status().isConflict());
		assertThat(jdbc.sql("SELECT count(*) FROM fee_cap").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void aNewCityCapSupersedesFromItsDateAndTheOldOneIsKept() throws Exception {
		postAs(city, "/api/v1/fee-caps", cap("SPORTS", "28.00", 60, "2030-01-01")).andExpect(status().isCreated());
		assertThat(caps.capFor("SPORTS", null, 60, LocalDate.of(2029, 12, 31)).orElseThrow().amount())
			.isEqualTo(Money.ofFen(2500));
		assertThat(caps.capFor("SPORTS", null, 60, LocalDate.of(2030, 1, 1)).orElseThrow().amount())
			.isEqualTo(Money.ofFen(2800));
		assertThat(caps.history(null).stream().filter(c -> c.categoryCode().equals("SPORTS")).map(FeeCap::amount))
			.containsExactly(Money.ofFen(2800), Money.ofFen(2500));
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'fee-cap.set-city'").query(Long.class)
			.single()).isPositive();
	}

	@Test
	void onlyTheCitySetsCityCapsAndBadInputIsRefused() throws Exception {
		postAs(town1, "/api/v1/fee-caps", cap("READING", "10", 60, "2026-03-01")).andExpect(status().isForbidden());
		postAs(city, "/api/v1/fee-caps", cap("READING", "abc", 60, "2026-03-01")).andExpect(status().isBadRequest());
		postAs(city, "/api/v1/fee-caps", cap("READING", "0", 60, "2026-03-01")).andExpect(status().isBadRequest());
		postAs(city, "/api/v1/fee-caps", cap("MATHS", "10", 60, "2026-03-01")).andExpect(status().isBadRequest());
		postAs(city, "/api/v1/fee-caps", cap("READING", "10", 5, "2026-03-01"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.lessonMinutes").exists());
		postAs(city, "/api/v1/fee-caps", "{}").andExpect(status().isBadRequest());
		assertThat(caps.history(null).stream().filter(c -> c.categoryCode().equals("READING"))).hasSize(1);
	}

	@Test
	void aTownAdminCannotSetAnotherTownsCap() throws Exception {
		postAs(town1, "/api/v1/towns/" + town2Id + "/fee-caps", cap("LABOUR", "10", 60, "2026-03-01"))
			.andExpect(status().isNotFound());
		mvc.perform(post("/console/towns/" + town2Id + "/fee-standards").with(user(town1)).with(csrf())
			.param("category", "LABOUR").param("amount", "10").param("lessonMinutes", "60")
			.param("validFrom", "2026-03-01").param("source", "x")).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/towns/" + town2Id + "/fee-standards").with(user(town1))).andExpect(status().isNotFound());
		assertThat(jdbc.sql("SELECT count(*) FROM fee_cap WHERE town_id = :t").param("t", town2Id).query(Long.class)
			.single()).isZero();
	}

	@Test
	void thePublicPageShowsTheCapsInChineseWithoutSignIn() throws Exception {
		mvc.perform(get("/fees").accept(MediaType.TEXT_HTML))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("课后服务收费标准公示")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("¥2.50 / 45分钟")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("香山市发改委 2026〔12〕号")));
		mvc.perform(get("/fees?lang=en").accept(MediaType.TEXT_HTML))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("¥2.50 / 45 min")));
	}

	@Test
	void theConsolePageSetsCapsAndShowsFormErrors() throws Exception {
		mvc.perform(get("/console/fee-standards").with(user(city)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("托管")));
		mvc.perform(post("/console/fee-standards").with(user(city)).with(csrf())
			.param("category", "MORAL").param("amount", "1.234").param("lessonMinutes", "60")
			.param("validFrom", "2031-01-01").param("source", "市教体局 测试"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("请输入大于 0 的金额")));
		mvc.perform(post("/console/fee-standards").with(user(city)).with(csrf())
			.param("category", "MORAL").param("amount", "12.00").param("lessonMinutes", "60")
			.param("validFrom", "2031-01-01").param("source", "市教体局 测试"))
			.andExpect(status().is3xxRedirection());
		assertThat(caps.capFor("MORAL", null, 60, LocalDate.of(2031, 1, 1)).orElseThrow().amount())
			.isEqualTo(Money.ofFen(1200));

		mvc.perform(get("/console/fee-standards").with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("本镇街上限")));
		mvc.perform(post("/console/towns/" + town1Id + "/fee-standards").with(user(town1)).with(csrf())
			.param("category", "PSYCHOLOGY").param("amount", "99").param("lessonMinutes", "60")
			.param("validFrom", "2026-03-01").param("source", "镇街 测试"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("镇街上限不得高于全市上限 ¥25.00 / 60分钟")));
	}
}
