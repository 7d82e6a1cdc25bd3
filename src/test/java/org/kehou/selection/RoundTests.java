package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.jayway.jsonpath.JsonPath;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The school side of selection rounds on the real database, through the API and the console pages: scheduling,
 * changing and cancelling rounds (validation next to the fields, overlaps refused, only some fields once open), the
 * town's all-or-nothing schedule, fill numbers, rosters with their .xlsx export, manual placement and removal
 * (audited, never beyond capacity), and scope.
 */
@DemoCityTest
class RoundTests {

	static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

	static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	Places places;

	SelectionWorld world;

	KehouUser school1;

	KehouUser school2;

	KehouUser town1;

	KehouUser city;

	@BeforeEach
	void world() {
		world = new SelectionWorld(jdbc);
		school1 = demoAccount("school1");
		school2 = demoAccount("school2");
		town1 = demoAccount("town1");
		city = demoAccount("city");
	}

	KehouUser demoAccount(String username) {
		return jdbc.sql("SELECT id, role, town_id, school_id, provider_id, display_name FROM app_user WHERE username = :u")
			.param("u", username)
			.query((rs, i) -> {
				Role role = Role.valueOf(rs.getString("role"));
				return new KehouUser(rs.getLong("id"), username, rs.getString("display_name"), null, role,
						new Scope(role, rs.getObject("town_id", Long.class), rs.getObject("school_id", Long.class), null,
								rs.getObject("provider_id", Long.class)),
						null, false, false, true);
			})
			.single();
	}

	static String json(String name, String mode, Instant opens, Instant closes, String extra) {
		return """
				{"name": "%s", "mode": "%s", "opensAt": "%s", "closesAt": "%s"%s}"""
			.formatted(name, mode, opens.atZone(CITY).toOffsetDateTime(), closes.atZone(CITY).toOffsetDateTime(),
					extra.isEmpty() ? "" : ", " + extra);
	}

	static String local(Instant instant) {
		return LOCAL.format(instant.atZone(CITY));
	}

	Instant inDays(int days) {
		return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
	}

	int audits(String action, Object targetId) {
		return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = :a AND target_id = :t")
			.param("a", action)
			.param("t", String.valueOf(targetId))
			.query(Integer.class)
			.single();
	}

	// --- rounds through the API ------------------------------------------------------------------------------------

	@Test
	void theApiSchedulesChangesListsAndCancelsRoundsAndRefusesOverlapsAndBadDetails() throws Exception {
		Instant opens = inDays(2), closes = inDays(4);
		MvcResult created = mvc.perform(post("/api/v1/terms/{t}/rounds", world.term).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("第一轮", "LOTTERY", opens, closes,
					"\"maxChoices\": 4, \"keepSiblings\": true, \"offerHours\": 12, \"priorities\": {\"SUBSISTENCE\": 80, \"STAFF_CHILD\": 0}")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.phase").value("UPCOMING"))
			.andExpect(jsonPath("$.mode").value("LOTTERY"))
			.andExpect(jsonPath("$.maxChoices").value(4))
			.andExpect(jsonPath("$.keepSiblings").value(true))
			.andExpect(jsonPath("$.offerHours").value(12))
			.andExpect(jsonPath("$.priorities.SUBSISTENCE").value(80))
			.andExpect(jsonPath("$.priorities.STAFF_CHILD").doesNotExist())
			.andExpect(jsonPath("$.opensAt").value(containsString("+08:00")))
			.andReturn();
		long id = ((Number) JsonPath.read(created.getResponse().getContentAsString(), "$.id")).longValue();
		assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/v1/rounds/" + id);
		assertThat(audits("round.create", id)).isEqualTo(1);

		// overlapping window → 409 ROUND_OVERLAP, nothing stored
		mvc.perform(post("/api/v1/terms/{t}/rounds", world.term).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("第二轮", "FIRST_COME", inDays(3), inDays(5), "")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("ROUND_OVERLAP"))
			.andExpect(jsonPath("$.detail").value("该学期已有时间重叠的选课轮次。"));
		// bad details → 400 ROUND_INVALID, in English on request
		mvc.perform(post("/api/v1/terms/{t}/rounds", world.term).param("lang", "en").with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("倒序", "FIRST_COME", inDays(9), inDays(8), "")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("ROUND_INVALID"))
			.andExpect(jsonPath("$.detail").value(not(containsString("轮次"))));
		mvc.perform(post("/api/v1/terms/{t}/rounds", world.term).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("优先", "LOTTERY", inDays(9), inDays(10), "\"priorities\": {\"SUBSISTENCE\": 101}")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("ROUND_INVALID"));

		// back to back is fine; change it while upcoming (everything may change)
		MvcResult second = mvc.perform(post("/api/v1/terms/{t}/rounds", world.term).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("第二轮", "FIRST_COME", closes, inDays(6), "")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.offerHours").doesNotExist())
			.andReturn();
		long secondId = ((Number) JsonPath.read(second.getResponse().getContentAsString(), "$.id")).longValue();
		mvc.perform(put("/api/v1/rounds/{r}", secondId).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("第二轮（补选）", "FIRST_COME", inDays(5), inDays(7), "\"maxPerChild\": 3")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("第二轮（补选）"))
			.andExpect(jsonPath("$.maxPerChild").value(3));
		mvc.perform(put("/api/v1/rounds/{r}", secondId).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("撞车", "FIRST_COME", inDays(3), inDays(7), "")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("ROUND_OVERLAP"));

		mvc.perform(get("/api/v1/terms/{t}/rounds", world.term).with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[0].id").value(id))
			.andExpect(jsonPath("$[1].name").value("第二轮（补选）"));
		mvc.perform(get("/api/v1/rounds/{r}", id).with(user(city))).andExpect(status().isOk());

		mvc.perform(post("/api/v1/rounds/{r}/cancel", id).with(user(school1)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.phase").value("CANCELLED"));
		mvc.perform(post("/api/v1/rounds/{r}/cancel", id).with(user(school1)).with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("ROUND_FIXED"));
		assertThat(audits("round.cancel", id)).isEqualTo(1);
		// a cancelled round no longer blocks its window
		mvc.perform(post("/api/v1/terms/{t}/rounds", world.term).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("重排", "FIRST_COME", opens, closes, "")))
			.andExpect(status().isCreated());
	}

	@Test
	void onceOpenOnlyNameCloseDropAndWaitlistChange() throws Exception {
		long round = world.openRound(RoundMode.FIRST_COME);
		SelectionRound before = jdbcRound(round);
		String same = "\"maxPerChild\": " + before.maxPerChild();
		mvc.perform(put("/api/v1/rounds/{r}", round).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("改名", "FIRST_COME", before.opensAt(), before.closesAt(), "\"maxPerChild\": 5")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("ROUND_FIXED"));
		mvc.perform(put("/api/v1/rounds/{r}", round).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("延长", "FIRST_COME", before.opensAt(), inDays(3), same + ", \"offerHours\": 6")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("延长"))
			.andExpect(jsonPath("$.phase").value("OPEN"))
			.andExpect(jsonPath("$.offerHours").value(6));

		// the page shows the fixed fields disabled and keeps them whatever is posted
		mvc.perform(get("/console/rounds/{r}", round).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"fixed-hint\"")))
			.andExpect(content().string(containsString("进行中")));
		mvc.perform(post("/console/rounds/{r}", round).with(user(school1)).with(csrf())
			.param("name", "页面延长")
			.param("mode", "LOTTERY")
			.param("closesAt", local(inDays(5)))
			.param("maxPerChild", "9")
			.param("waitlist", "AUTO"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/console/terms/" + world.term + "/rounds"))
			.andExpect(flash().attribute("flash", "已保存轮次“页面延长”。"));
		SelectionRound after = jdbcRound(round);
		assertThat(after.name()).isEqualTo("页面延长");
		assertThat(after.mode()).isEqualTo(RoundMode.FIRST_COME);
		assertThat(after.maxPerChild()).isEqualTo(before.maxPerChild());
		assertThat(after.opensAt()).isEqualTo(before.opensAt());
		assertThat(after.closesAt()).isEqualTo(LocalDateTime.parse(local(inDays(5))).atZone(CITY).toInstant());
		assertThat(after.offerHours()).isNull();
	}

	@Autowired
	SelectionRounds rounds;

	SelectionRound jdbcRound(long id) {
		return rounds.find(id).orElseThrow();
	}

	// --- rounds through the pages ----------------------------------------------------------------------------------

	@Test
	void theRoundsPageListsWithPhasesValidatesNextToFieldsAndCancelsAfterAsking() throws Exception {
		long open = world.openRound(RoundMode.FIRST_COME);
		mvc.perform(get("/console/rounds").with(user(school1))).andExpect(status().is3xxRedirection());

		// bad input: messages next to the fields, nothing stored
		mvc.perform(post("/console/terms/{t}/rounds", world.term).with(user(school1)).with(csrf())
			.param("name", "")
			.param("mode", "LOTTERY")
			.param("opensAt", local(inDays(3)))
			.param("closesAt", local(inDays(2)))
			.param("maxPerChild", "0")
			.param("maxChoices", "11")
			.param("waitlist", "OFFER")
			.param("offerHours", "200")
			.param("priorities[SUBSISTENCE]", "120"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("请按提示修改后再提交。")))
			.andExpect(content().string(containsString("请填写轮次名称（100 字以内）。")))
			.andExpect(content().string(containsString("结束时间须晚于开始时间。")))
			.andExpect(content().string(containsString("每个孩子最多课程数须在 1–20 之间。")))
			.andExpect(content().string(containsString("最多志愿数须在 1–10 之间。")))
			.andExpect(content().string(containsString("确认时限须在 1–168 小时之间。")))
			.andExpect(content().string(containsString("优先组权重须在 0–100 之间。")));
		assertThat(rounds.ofTerm(world.term)).hasSize(1);
		mvc.perform(post("/console/terms/{t}/rounds", world.term).param("lang", "en").with(user(school1)).with(csrf())
			.param("name", "x")
			.param("mode", "FIRST_COME")
			.param("opensAt", "tomorrow"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Please enter a valid date and time.")));

		// overlapping the open round: the refusal at the top
		mvc.perform(post("/console/terms/{t}/rounds", world.term).with(user(school1)).with(csrf())
			.param("name", "撞车")
			.param("mode", "FIRST_COME")
			.param("opensAt", local(Instant.now()))
			.param("closesAt", local(inDays(1)))
			.param("maxPerChild", "2"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("该学期已有时间重叠的选课轮次。")));

		// a good lottery round: stored in city time
		Instant opens = inDays(3);
		mvc.perform(post("/console/terms/{t}/rounds", world.term).with(user(school1)).with(csrf())
			.param("name", "摇号轮")
			.param("mode", "LOTTERY")
			.param("opensAt", local(opens))
			.param("closesAt", local(inDays(4)))
			.param("dropUntil", local(inDays(6)))
			.param("maxPerChild", "3")
			.param("maxChoices", "5")
			.param("keepSiblings", "true")
			.param("waitlist", "OFFER")
			.param("offerHours", "48")
			.param("priorities[SUBSISTENCE]", "90")
			.param("priorities[ORPHAN]", "100"))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", "已创建轮次“摇号轮”。"));
		SelectionRound lottery = rounds.ofTerm(world.term).get(1);
		assertThat(lottery.opensAt()).isEqualTo(opens);
		assertThat(lottery.mode()).isEqualTo(RoundMode.LOTTERY);
		assertThat(lottery.maxChoices()).isEqualTo(5);
		assertThat(lottery.keepSiblings()).isTrue();
		assertThat(lottery.offerHours()).isEqualTo(48);
		assertThat(lottery.priorities()).containsEntry("SUBSISTENCE", 90).containsEntry("ORPHAN", 100).hasSize(2);

		mvc.perform(get("/console/terms/{t}/rounds", world.term).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("进行中")))
			.andExpect(content().string(containsString("未开始")))
			.andExpect(content().string(containsString("限 48 小时确认")))
			.andExpect(content().string(containsString(opens.atZone(CITY).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))))
			.andExpect(content().string(containsString("data-confirm=\"确定取消轮次“摇号轮”吗？取消后不能恢复。\"")))
			.andExpect(content().string(containsString("id=\"new-round\"")));
		mvc.perform(get("/console/terms/{t}/rounds", world.term).param("lang", "en").with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Read only")))
			.andExpect(content().string(not(containsString("id=\"new-round\""))));

		String shown = mvc.perform(get("/console/rounds/{r}", lottery.id()).with(user(town1)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(shown).contains("孤儿", "低保家庭", "限 48 小时确认", "兄弟姐妹一同摇号").doesNotContain("name=\"opensAt\"");

		mvc.perform(post("/console/rounds/{r}/cancel", lottery.id()).with(user(school1)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", containsString("已取消轮次“摇号轮”")));
		assertThat(jdbcRound(lottery.id()).status()).isEqualTo(RoundStatus.CANCELLED);
		mvc.perform(get("/console/terms/{t}/rounds", world.term).with(user(school1)))
			.andExpect(content().string(containsString("已取消")));
		assertThat(jdbcRound(open).status()).isEqualTo(RoundStatus.SCHEDULED);
	}

	// --- the town's joint schedule ---------------------------------------------------------------------------------

	/**
	 * A term "测试学期 …" in a far year for each given school: the only terms containing days of that year (semester 2,
	 * so never the same row key as SelectionWorld's terms).
	 */
	List<Long> termsIn(int year, List<Long> schools) {
		List<Long> ids = new ArrayList<>();
		for (long school : schools) {
			ids.add(jdbc.sql("""
					INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
					VALUES (:s, :n, :y, 2, :from, :to, 'OPEN') RETURNING id""")
				.param("s", school)
				.param("n", "测试学期 镇街 " + year)
				.param("y", year + "-" + (year + 1))
				.param("from", LocalDate.of(year, 9, 1))
				.param("to", LocalDate.of(year + 1, 1, 20))
				.query(Long.class)
				.single());
		}
		return ids;
	}

	int roundsIn(List<Long> terms) {
		return jdbc.sql("SELECT count(*) FROM selection_round WHERE term_id = ANY(CAST(:t AS BIGINT[]))")
			.param("t", terms.toArray(Long[]::new))
			.query(Integer.class)
			.single();
	}

	@Test
	void aTownSchedulesOneRoundForAllItsSchoolsOrForNone() throws Exception {
		long town = town1.scope().townId();
		List<Long> schools = jdbc.sql("SELECT id FROM school WHERE town_id = :t AND active ORDER BY code")
			.param("t", town)
			.query(Long.class)
			.list();
		assertThat(schools).hasSizeGreaterThan(1);
		int year = ThreadLocalRandom.current().nextInt(3000, 6000);
		List<Long> terms = termsIn(year, schools);
		Instant opens = LocalDateTime.of(year, 9, 10, 8, 0).atZone(CITY).toInstant();
		Instant closes = LocalDateTime.of(year, 9, 12, 20, 0).atZone(CITY).toInstant();

		// one school already has a round in that window: every school is reported, nothing is stored
		long busy = schools.get(1);
		jdbc.sql("""
				INSERT INTO selection_round (term_id, school_id, name, mode, opens_at, closes_at)
				VALUES (:t, :s, '已有', 'FIRST_COME', :o, :c)""")
			.param("t", terms.get(1))
			.param("s", busy)
			.param("o", java.sql.Timestamp.from(opens.plus(1, ChronoUnit.DAYS)))
			.param("c", java.sql.Timestamp.from(closes.plus(1, ChronoUnit.DAYS)))
			.update();
		mvc.perform(post("/api/v1/towns/{t}/rounds", town).with(user(town1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("镇街统一第一轮", "FIRST_COME", opens, closes, "")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("TOWN_NOT_SCHEDULED"))
			.andExpect(jsonPath("$.detail").value("有 1 所学校不能安排该轮次，所有学校都未创建。"))
			.andExpect(jsonPath("$.schools.length()").value(schools.size()))
			.andExpect(jsonPath("$.schools[1].schoolId").value(busy))
			.andExpect(jsonPath("$.schools[1].problem").value("REFUSED"))
			.andExpect(jsonPath("$.schools[1].reason").value("ROUND_OVERLAP"))
			.andExpect(jsonPath("$.schools[1].message").value("该学期已有时间重叠的选课轮次。"))
			.andExpect(jsonPath("$.schools[0].problem").value("NOT_STORED"))
			.andExpect(jsonPath("$.schools[0].roundId").doesNotExist());
		assertThat(roundsIn(terms)).as("only the pre-existing round").isEqualTo(1);

		// a school without a term containing the opening day
		int other = year + 1000;
		List<Long> partial = termsIn(other, schools.subList(0, schools.size() - 1));
		Instant later = LocalDateTime.of(other, 10, 10, 8, 0).atZone(CITY).toInstant();
		mvc.perform(post("/api/v1/towns/{t}/rounds", town).param("lang", "en").with(user(town1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("Joint", "FIRST_COME", later, later.plus(2, ChronoUnit.DAYS), "")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.schools[" + (schools.size() - 1) + "].problem").value("NO_TERM"))
			.andExpect(jsonPath("$.schools[" + (schools.size() - 1) + "].message").value("No term contains the opening day"));
		assertThat(roundsIn(partial)).isZero();
		// a school with two terms containing the opening day: the town cannot tell which
		int twice = year + 2000;
		List<Long> doubled = termsIn(twice, schools);
		doubled.addAll(termsIn(twice + 1, schools.subList(0, 1)));
		jdbc.sql("UPDATE term SET starts_on = :from WHERE id = :t")
			.param("from", LocalDate.of(twice, 9, 1)).param("t", doubled.get(doubled.size() - 1)).update();
		Instant ambiguous = LocalDateTime.of(twice, 10, 10, 8, 0).atZone(CITY).toInstant();
		mvc.perform(post("/api/v1/towns/{t}/rounds", town).with(user(town1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("两个学期", "FIRST_COME", ambiguous, ambiguous.plus(1, ChronoUnit.DAYS), "")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.schools[0].problem").value("SEVERAL_TERMS"))
			.andExpect(jsonPath("$.schools[1].problem").value("NOT_STORED"));
		assertThat(roundsIn(doubled)).isZero();

		// the page shows the same per school; the school admin and another town may not schedule
		mvc.perform(post("/console/towns/{t}/rounds", town).with(user(town1)).with(csrf())
			.param("name", "镇街统一第一轮")
			.param("mode", "FIRST_COME")
			.param("opensAt", local(opens))
			.param("closesAt", local(closes))
			.param("maxPerChild", "2"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("有 1 所学校不能安排该轮次，所有学校都未创建。")))
			.andExpect(content().string(containsString("本校可以安排，但因其他学校未通过而未创建")));
		mvc.perform(post("/api/v1/towns/{t}/rounds", town).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("x", "FIRST_COME", opens, closes, "")))
			.andExpect(status().isForbidden());
		long town2 = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", school2.scope().schoolId())
			.query(Long.class).single();
		mvc.perform(post("/api/v1/towns/{t}/rounds", town2).with(user(town1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json("x", "FIRST_COME", opens, closes, "")))
			.andExpect(status().isNotFound());

		// without the blocking round every school gets it, in one go, each in its own term
		jdbc.sql("DELETE FROM selection_round WHERE term_id = :t").param("t", terms.get(1)).update();
		mvc.perform(post("/console/towns/{t}/rounds", town).with(user(town1)).with(csrf())
			.param("name", "镇街统一第一轮")
			.param("mode", "LOTTERY")
			.param("opensAt", local(opens))
			.param("closesAt", local(closes))
			.param("maxPerChild", "2")
			.param("maxChoices", "3")
			.param("priorities[ORPHAN]", "100"))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", "已为 " + schools.size() + " 所学校创建轮次。"));
		for (int i = 0; i < schools.size(); i++) {
			List<SelectionRound> made = rounds.ofTerm(terms.get(i));
			assertThat(made).hasSize(1);
			assertThat(made.get(0).schoolId()).isEqualTo(schools.get(i));
			assertThat(made.get(0).mode()).isEqualTo(RoundMode.LOTTERY);
			assertThat(made.get(0).priorities()).containsEntry("ORPHAN", 100);
			assertThat(made.get(0).opensAt()).isEqualTo(opens);
		}
		assertThat(audits("round.town", town)).isPositive();
		mvc.perform(get("/console/towns/{t}/rounds", town).with(user(city))).andExpect(status().isOk())
			.andExpect(content().string(not(containsString("id=\"new-round\""))));
		mvc.perform(get("/console/town-rounds").with(user(town1)))
			.andExpect(redirectedUrl("/console/towns/" + town + "/rounds"));
	}

	// --- fill, roster, manual placement ----------------------------------------------------------------------------

	@Test
	void fillNumbersMatchThePlacesAndThePageRefreshesWhileARoundIsOpen() throws Exception {
		long art = world.offering("美术", 2, "1 16:00-17:00");
		long music = world.offering("音乐", 5, "2 16:00-17:00");
		mvc.perform(get("/console/terms/{t}/fill", world.term).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("当前没有进行中的轮次。")))
			.andExpect(content().string(not(containsString("hx-trigger"))));

		long round = world.openRound(RoundMode.FIRST_COME);
		jdbc.sql("UPDATE selection_round SET offer_hours = 5 WHERE id = :r").param("r", round).update();
		List<Long> kids = world.children(5, true);
		long first = places.select(kids.get(0), art, null, null).placeId();
		places.select(kids.get(1), art, null, null);
		places.select(kids.get(2), art, null, null);
		places.select(kids.get(3), art, null, null);
		places.drop(first); // kids[2] is offered the seat, kids[3] waits
		places.select(kids.get(4), music, null, null);

		mvc.perform(get("/api/v1/terms/{t}/fill", world.term).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openRoundId").value(round))
			.andExpect(jsonPath("$.offerings[?(@.offeringId == " + art + ")].taken").value(2))
			.andExpect(jsonPath("$.offerings[?(@.offeringId == " + art + ")].offered").value(1))
			.andExpect(jsonPath("$.offerings[?(@.offeringId == " + art + ")].waitlisted").value(1))
			.andExpect(jsonPath("$.offerings[?(@.offeringId == " + art + ")].remaining").value(0))
			.andExpect(jsonPath("$.offerings[?(@.offeringId == " + music + ")].taken").value(1))
			.andExpect(jsonPath("$.offerings[?(@.offeringId == " + music + ")].remaining").value(4));
		assertThat(world.count(art, PlaceStatus.CONFIRMED) + world.count(art, PlaceStatus.OFFERED))
			.isEqualTo(world.taken(art));

		String page = mvc.perform(get("/console/terms/{t}/fill", world.term).with(user(school1)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(page).contains("hx-trigger=\"every 10s\"", "/console/offerings/" + art + "/roster", "第一轮 " + world.tag);
		assertThat(page.replaceAll("\\s+", " ")).contains("<td class=\"taken\">2</td> <td class=\"offered\">1</td> <td class=\"waitlisted\">1</td> <td class=\"remaining\">0</td>");
		mvc.perform(get("/console/terms/{t}/fill", world.term).header("HX-Request", "true").with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"fill\"")))
			.andExpect(content().string(not(containsString("<html"))));
		mvc.perform(get("/console/terms/{t}/fill", world.term).with(user(school2))).andExpect(status().isNotFound());
		mvc.perform(get("/console/terms/{t}/fill", world.term).with(user(town1))).andExpect(status().isOk());
	}

	@Test
	void theRosterListsPlacesThenTheWaitlistAndExportsThemAsXlsx() throws Exception {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("书法", 2, "3 16:00-17:00");
		List<Long> kids = world.children(4, true);
		for (long kid : kids) {
			places.select(kid, offering, null, null);
		}
		String names = jdbc.sql("SELECT string_agg(name || '/' || student_no, ',' ORDER BY id) FROM student WHERE id = ANY(CAST(:ids AS BIGINT[]))")
			.param("ids", kids.toArray(Long[]::new)).query(String.class).single();
		String[] pairs = names.split(",");

		mvc.perform(get("/api/v1/offerings/{o}/places", offering).with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(4))
			.andExpect(jsonPath("$[0].studentId").value(kids.get(0)))
			.andExpect(jsonPath("$[0].status").value("CONFIRMED"))
			.andExpect(jsonPath("$[0].source").value("FIRST_COME"))
			.andExpect(jsonPath("$[0].studentNo").value(pairs[0].split("/")[1]))
			.andExpect(jsonPath("$[0].className").isNotEmpty())
			.andExpect(jsonPath("$[2].status").value("WAITLISTED"))
			.andExpect(jsonPath("$[2].position").value(1))
			.andExpect(jsonPath("$[3].position").value(2));

		mvc.perform(get("/console/offerings/{o}/roster", offering).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("已选上（2）")))
			.andExpect(content().string(containsString("候补（2）")))
			.andExpect(content().string(containsString(pairs[3].split("/")[0])))
			.andExpect(content().string(containsString("data-confirm=\"确定将 " + pairs[0].split("/")[0] + " 移出本班吗？")));

		int exportsBefore = audits("roster.export", offering);
		MvcResult export = mvc.perform(get("/console/offerings/{o}/roster/export", offering).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", containsString("roster-offering-" + offering + ".xlsx")))
			.andReturn();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(export.getResponse().getContentAsByteArray()))) {
			Sheet sheet = book.getSheetAt(0);
			assertThat(sheet.getSheetName()).isEqualTo("名单");
			assertThat(sheet.getLastRowNum()).isEqualTo(4);
			Row head = sheet.getRow(0);
			assertThat(head.getCell(0).getStringCellValue()).isEqualTo("学号");
			assertThat(head.getCell(1).getStringCellValue()).isEqualTo("姓名");
			assertThat(head.getCell(5).getStringCellValue()).isEqualTo("候补顺位");
			for (int i = 0; i < 4; i++) {
				Row row = sheet.getRow(i + 1);
				assertThat(row.getCell(0).getStringCellValue()).isEqualTo(pairs[i].split("/")[1]);
				assertThat(row.getCell(1).getStringCellValue()).isEqualTo(pairs[i].split("/")[0]);
				assertThat(row.getCell(3).getStringCellValue()).isEqualTo(i < 2 ? "已选上" : "候补中");
				assertThat(row.getCell(4).getStringCellValue()).isEqualTo("先到先得");
			}
			assertThat(sheet.getRow(3).getCell(5).getNumericCellValue()).isEqualTo(1);
			assertThat(sheet.getRow(4).getCell(5).getNumericCellValue()).isEqualTo(2);
			assertThat(sheet.getRow(1).getCell(6).getStringCellValue()).isNotEmpty();
		}
		assertThat(audits("roster.export", offering)).isEqualTo(exportsBefore + 1);
		mvc.perform(get("/console/offerings/{o}/roster/export", offering).with(user(school2)))
			.andExpect(status().isNotFound());
	}

	@Test
	void manualPlacementStaysWithinCapacityIsAuditedAndARemovalGivesTheSeatOn() throws Exception {
		long offering = world.offering("围棋", 1, "4 16:00-17:00");
		long a = world.child(), b = world.child();
		long unregistered = world.children(1, false).get(0);

		MvcResult placed = mvc.perform(post("/api/v1/offerings/{o}/places", offering).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"studentId\": " + a + ", \"reason\": \"特殊困难，学校安排\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("CONFIRMED"))
			.andReturn();
		long placeA = ((Number) JsonPath.read(placed.getResponse().getContentAsString(), "$.placeId")).longValue();
		assertThat(audits("place.manual", placeA)).isEqualTo(1);
		assertThat(world.taken(offering)).isEqualTo(1);

		// full: refused, never waitlisted
		mvc.perform(post("/api/v1/offerings/{o}/places", offering).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"studentId\": " + b + ", \"reason\": \"补录\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("FULL"))
			.andExpect(jsonPath("$.detail").value("名额已满。"));
		assertThat(world.count(offering, PlaceStatus.WAITLISTED)).isZero();
		// a reason is required; the child must be registered
		mvc.perform(post("/api/v1/offerings/{o}/places", offering).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"studentId\": " + b + "}"))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/api/v1/places/{p}/remove", placeA).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"   \"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("REASON_REQUIRED"));

		// the page: search by student number, place, then remove with a reason
		String bNo = jdbc.sql("SELECT student_no FROM student WHERE id = :s").param("s", b).query(String.class).single();
		mvc.perform(get("/console/offerings/{o}/roster", offering).param("q", bNo).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"place-form\"")))
			.andExpect(content().string(containsString("value=\"" + b + "\"")));
		String uNo = jdbc.sql("SELECT student_no FROM student WHERE id = :s").param("s", unregistered).query(String.class).single();
		mvc.perform(get("/console/offerings/{o}/roster", offering).param("q", uNo).with(user(school1)))
			.andExpect(content().string(containsString("没有找到已报名的学生。")));

		mvc.perform(post("/console/places/{p}/remove", placeA).with(user(school1)).with(csrf()).param("reason", "家长申请退出"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/console/offerings/" + offering + "/roster"));
		PlaceView removed = places.find(placeA).orElseThrow();
		assertThat(removed.status()).isEqualTo(PlaceStatus.REMOVED);
		assertThat(removed.endReason()).isEqualTo("家长申请退出");
		assertThat(audits("place.remove", placeA)).isEqualTo(1);
		assertThat(world.taken(offering)).isZero();

		mvc.perform(post("/console/offerings/{o}/roster/place", offering).with(user(school1)).with(csrf())
			.param("student", String.valueOf(b)).param("reason", ""))
			.andExpect(flash().attribute("error", "请填写原因（200 字以内）。"));
		mvc.perform(post("/console/offerings/{o}/roster/place", offering).with(user(school1)).with(csrf())
			.param("student", String.valueOf(unregistered)).param("reason", "补录"))
			.andExpect(flash().attribute("error", "请先完成本学期课后服务报名（或等待学校审核通过）。"));
		mvc.perform(post("/console/offerings/{o}/roster/place", offering).with(user(school1)).with(csrf())
			.param("student", String.valueOf(b)).param("reason", "补录"))
			.andExpect(flash().attribute("flash", "已安排名额。"));
		assertThat(places.roster(offering)).extracting(PlaceView::studentId).containsExactly(b);
		assertThat(places.roster(offering).get(0).source()).isEqualTo(PlaceSource.MANUAL);
		assertThat(world.taken(offering)).isEqualTo(1);
	}

	@Test
	void anotherSchoolOrTheWrongRoleCannotSeeOrChangeRoundsAndPlaces() throws Exception {
		long round = world.round(RoundMode.FIRST_COME, inDays(2), inDays(3), null, 2);
		long offering = world.offering("足球", 3, "5 16:00-17:00");
		long place = places.place(offering, world.child(), null, "安排").placeId();

		mvc.perform(get("/api/v1/rounds/{r}", round).with(user(school2))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/terms/{t}/rounds", world.term).with(user(school2))).andExpect(status().isNotFound());
		mvc.perform(put("/api/v1/rounds/{r}", round).with(user(school2)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content(json("x", "FIRST_COME", inDays(2), inDays(3), "")))
			.andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/rounds/{r}/cancel", round).with(user(school2)).with(csrf())).andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/rounds/{r}/cancel", round).with(user(town1)).with(csrf())).andExpect(status().isForbidden());
		mvc.perform(post("/api/v1/terms/{t}/rounds", world.term).with(user(city)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content(json("x", "FIRST_COME", inDays(5), inDays(6), "")))
			.andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/offerings/{o}/places", offering).with(user(school2))).andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/places/{p}/remove", place).with(user(school2)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"x\"}"))
			.andExpect(status().isNotFound());
		mvc.perform(post("/console/places/{p}/remove", place).with(user(town1)).with(csrf()).param("reason", "x"))
			.andExpect(status().isForbidden());
		mvc.perform(get("/console/offerings/{o}/roster", offering).with(user(city)))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("id=\"manual\""))));
		assertThat(jdbcRound(round).status()).isEqualTo(RoundStatus.SCHEDULED);
		assertThat(places.find(place).orElseThrow().status()).isEqualTo(PlaceStatus.CONFIRMED);
	}
}
