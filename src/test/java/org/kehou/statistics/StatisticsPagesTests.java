package org.kehou.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kehou.TestAccounts;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.ledger.Ledger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The statistics pages on the demo city: the city admin drills down platform → town → school → offering; a town
 * admin lands on its town and a school admin on its school; asking for another town or school is refused (403), an
 * offering under another school is not found; the .xlsx opens with POI and holds the page's figures; a period
 * without service data shows the empty state; teachers and guardians are refused.
 */
@DemoCityTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	StatisticsFigures figures;

	StatisticsWorld w;

	long art;

	long school1;

	long town1;

	long town2;

	String period;

	@BeforeAll
	void world() {
		w = new StatisticsWorld(jdbc, ledger);
		period = "&from=" + w.monday + "&to=" + w.lastDay();
		art = w.offering("测试页面美术", "ARTS", w.provider, 10, 500, 2, 1, "PUBLISHED");
		List<Long> c = w.children(2);
		w.place(art, c.get(0), "CONFIRMED");
		w.place(art, c.get(1), "CONFIRMED");
		long session = w.sessions(art).get(0);
		w.mark(session, c.get(0), "PRESENT");
		w.mark(session, c.get(1), "ABSENT");
		w.rate(art, c.get(0), 5, w.at(1, 20, 0), null);
		school1 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		town1 = jdbc.sql("SELECT town_id FROM app_user WHERE username = 'town1'").query(Long.class).single();
		town2 = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", w.school).query(Long.class).single();
		assertThat(town2).isNotEqualTo(town1);
	}

	@AfterAll
	void clean() {
		w.clean();
	}

	KehouUser as(String login) {
		return TestAccounts.account(jdbc, cipher, login);
	}

	String page(String login, String query) throws Exception {
		return mvc.perform(get("/console/statistics" + query).with(user(as(login))))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	String name(String table, long id) {
		return jdbc.sql("SELECT name FROM " + table + " WHERE id = :id").param("id", id).query(String.class).single();
	}

	@Test
	void theCityAdminDrillsDownFromThePlatformToAnOffering() throws Exception {
		String platform = page("city", "?x=1" + period);
		assertThat(platform).contains("本平台", "id=\"dashboard-tiles\"", "data-tile=\"participation\"",
				"data-tile=\"fill\"", "chart-places-by-category", "chart-attendance-by-day", name("town", town1),
				name("town", town2), "town=" + town2, "/js/dashboard.js");

		String town = page("city", "?town=" + town2 + period);
		assertThat(town).contains(name("school", w.school), "school=" + w.school, "本平台");

		String school = page("city", "?town=" + town2 + "&school=" + w.school + period);
		assertThat(school).contains("测试页面美术", "offering=" + art, "2 / 10", "20.0%",
				// attendance 1 of 2 marks; the category's name in the chart
				"50.0%", "&quot;labels&quot;:[&quot;艺术&quot;]", "&quot;values&quot;:[2]");

		String offering = page("city", "?town=" + town2 + "&school=" + w.school + "&offering=" + art + period);
		assertThat(offering).contains("测试页面美术", "dashboard-breadcrumb", name("school", w.school), "2 / 10",
				"100.0%", "¥10.00");
		assertThat(offering).doesNotContain("id=\"dashboard-empty\"");
	}

	@Test
	void aTownAdminSeesItsTownAndASchoolAdminItsSchoolOnly() throws Exception {
		String town = page("town1", "");
		assertThat(town).contains(name("town", town1), name("school", school1), "school=" + school1);
		assertThat(town).doesNotContain(name("school", w.school));
		assertThat(page("town1", "?school=" + school1 + period)).contains(name("school", school1));

		String school = page("school2", "?x=1" + period);
		assertThat(school).contains(name("school", w.school), "测试页面美术", "2 / 10");

		for (String query : List.of("?school=" + w.school, "?town=" + town2, "?town=0",
				"?town=" + town2 + "&school=" + w.school + "&offering=" + art)) {
			for (String path : List.of("/console/statistics", "/console/statistics.xlsx")) {
				mvc.perform(get(path + query).with(user(as("town1")))).andExpect(status().isForbidden());
			}
		}
		for (String query : List.of("?school=" + school1, "?town=" + town2, "?town=" + town1, "?town=0")) {
			for (String path : List.of("/console/statistics", "/console/statistics.xlsx")) {
				mvc.perform(get(path + query).with(user(as("school2")))).andExpect(status().isForbidden());
			}
		}
		// an offering asked for under another school (even one's own) is not found
		mvc.perform(get("/console/statistics?school=" + school1 + "&offering=" + art).with(user(as("school1"))))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/statistics?school=999999999").with(user(as("city"))))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/statistics?town=999999999").with(user(as("city"))))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/statistics?from=2026-02-01&to=2026-01-01").with(user(as("city"))))
			.andExpect(status().isBadRequest());
		for (String login : List.of("teacher1", "13800000002", "provider1")) {
			mvc.perform(get("/console/statistics").with(user(as(login)))).andExpect(status().isForbidden());
		}
	}

	@Test
	void eachLevelExportsAnXlsxWithTheFigures() throws Exception {
		byte[] xlsx = mvc.perform(get("/console/statistics.xlsx?school=" + w.school + period).with(user(as("school2"))))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		Figures f = figures.of(List.of(w.school), new StatisticsFigures.Period(w.monday, w.lastDay())).total();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
			List<String> tiles = cells(book.getSheet("指标"));
			assertThat(tiles).contains(name("school", w.school), "参与率", f.participation() + "%", "满额率", "20.0%",
					"出勤率", "50.0%", "满意率", "100.0%", "报名人数", "2");
			assertThat(cells(book.getSheet("各课程"))).contains("测试页面美术", "艺术", "2 / 10");
			assertThat(cells(book.getSheet("各类别报名人数"))).contains("艺术", "2.0");
			assertThat(cells(book.getSheet("每日出勤率"))).contains(w.monday.toString(), "50.0");
		}
		byte[] platform = mvc.perform(get("/console/statistics.xlsx?x=1" + period).with(user(as("city"))))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(platform))) {
			assertThat(cells(book.getSheet("各镇街"))).contains(name("town", town1), name("town", town2));
		}
	}

	@Test
	void aPeriodWithoutServiceDataShowsTheEmptyState() throws Exception {
		String empty = page("school2", "?from=2099-01-01&to=2099-01-31");
		assertThat(empty).contains("id=\"dashboard-empty\"", "还没有数据");
		assertThat(empty).doesNotContain("id=\"dashboard-tiles\"");
		assertThat(page("school2", "?x=1" + period)).doesNotContain("id=\"dashboard-empty\"");
	}

	static List<String> cells(Sheet sheet) {
		List<String> cells = new ArrayList<>();
		for (Row row : sheet) {
			row.forEach(c -> cells.add(c.toString()));
		}
		return cells;
	}
}
