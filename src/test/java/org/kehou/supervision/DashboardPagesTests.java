package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kehou.supervision.DashboardRecords.attendance;
import static org.kehou.supervision.DashboardRecords.ingest;
import static org.kehou.supervision.DashboardRecords.offering;
import static org.kehou.supervision.DashboardRecords.place;
import static org.kehou.supervision.DashboardRecords.student;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.NewSchool;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Stage;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The dashboard pages: the city admin drills down city → town → school → offering (tiles, charts as data, the
 * table of child units with links, breadcrumb), each level exports an .xlsx holding the figures, a school with
 * nothing reported shows the empty state; other roles are refused.
 */
@SupervisionTest
class DashboardPagesTests {

	static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

	static final KehouUser CITY = new KehouUser(-1, "test-city", "市管理员", null, Role.CITY_ADMIN,
			new Scope(Role.CITY_ADMIN, null, null, null, null), null, false, false, true);

	static final String PERIOD = "&from=2026-09-01&to=2026-11-30";

	@Autowired
	MockMvc mvc;

	@Autowired
	TestClock clock;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	PlatformCredentials credentials;

	IngestionWorld w;

	SchoolView school;

	SchoolView silent;

	@BeforeEach
	void world() throws Exception {
		clock.set(NOW);
		w = IngestionWorld.create(towns, schools, platforms, credentials);
		school = schools.findSchoolByCode(w.schoolCode()).orElseThrow();
		silent = schools.register(new NewSchool("SS3-" + w.tag(), "静默三小" + w.tag(), school.townId(), Stage.PRIMARY,
				null));
		String a = w.schoolCode();
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", 1, a, "art", "P1", 20, "i-1"),
				student("s-1", 1, a, "A1"), student("s-2", 1, a, "A2"), place("p-1", 1, a, "o-1", "A1", "confirmed"),
				attendance("m-1", 1, a, "o-1", "2026-10-13", "A1", "present"),
				attendance("m-2", 1, a, "o-1", "2026-10-14", "A1", "absent")));
	}

	String page(String query) throws Exception {
		return mvc.perform(get("/console/supervision/dashboard" + query).with(user(CITY)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void theCityAdminDrillsDownFromTheCityToAnOffering() throws Exception {
		String city = page("?x=1" + PERIOD);
		assertThat(city).contains("id=\"dashboard-tiles\"", "data-tile=\"participation\"", "chart-places-by-category",
				"chart-attendance-by-day", "监管镇" + w.tag(), "town=" + school.townId());

		String town = page("?town=" + school.townId() + PERIOD);
		assertThat(town).contains("监管一小" + w.tag(), "静默三小" + w.tag(), "school=" + school.id(), "全市");

		String schoolPage = page("?town=" + school.townId() + "&school=" + school.id() + PERIOD);
		assertThat(schoolPage).contains("课程o-1", "offering=o-1", "platform=" + w.platformId(), "1 / 20",
				// participation 1 of 2 students; attendance 1 of 2 marks
				"50.0%", "&quot;labels&quot;:[&quot;art&quot;]", "&quot;values&quot;:[100.0,0.0]");

		String offeringPage = page("?town=" + school.townId() + "&school=" + school.id() + "&platform="
				+ w.platformId() + "&offering=o-1" + PERIOD);
		assertThat(offeringPage).contains("课程o-1", "监管一小" + w.tag(), "&quot;2026-10-13&quot;", "5.0%");
	}

	@Test
	void aSchoolWithNothingReportedShowsTheEmptyState() throws Exception {
		assertThat(page("?school=" + silent.id() + PERIOD)).contains("id=\"dashboard-empty\"")
			.doesNotContain("id=\"dashboard-tiles\"");
		assertThat(page("?school=" + school.id() + PERIOD)).doesNotContain("id=\"dashboard-empty\"");
	}

	@Test
	void eachLevelExportsAnXlsxWithTheFigures() throws Exception {
		byte[] xlsx = mvc
			.perform(get("/console/supervision/dashboard.xlsx?school=" + school.id() + PERIOD).with(user(CITY)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
			List<String> figures = cells(book.getSheet("指标"));
			assertThat(figures).contains("监管一小" + w.tag(), "参与率", "50.0%", "报名人数", "1");
			assertThat(cells(book.getSheet("各课程"))).contains("课程o-1", "art", "1 / 20");
			assertThat(cells(book.getSheet("各类别报名人数"))).contains("art", "1.0");
		}
		byte[] city = mvc.perform(get("/console/supervision/dashboard.xlsx?x=1" + PERIOD).with(user(CITY)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(city))) {
			assertThat(cells(book.getSheet("各镇街"))).contains("监管镇" + w.tag());
		}
	}

	@Test
	void otherRolesAreRefusedAndUnknownUnitsAreNotFound() throws Exception {
		KehouUser town = new KehouUser(-2, "test-town", "镇管理员", null, Role.TOWN_ADMIN,
				new Scope(Role.TOWN_ADMIN, school.townId(), null, null, null), null, false, false, true);
		KehouUser admin = new KehouUser(-3, "test-school", "校管理员", null, Role.SCHOOL_ADMIN,
				new Scope(Role.SCHOOL_ADMIN, school.townId(), school.id(), null, null), null, false, false, true);
		for (KehouUser u : List.of(town, admin)) {
			mvc.perform(get("/console/supervision/dashboard").with(user(u))).andExpect(status().isForbidden());
			mvc.perform(get("/console/supervision/dashboard.xlsx?school=" + school.id()).with(user(u)))
				.andExpect(status().isForbidden());
		}
		mvc.perform(get("/console/supervision/dashboard?school=999999999").with(user(CITY)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/supervision/dashboard?town=999999999").with(user(CITY)))
			.andExpect(status().isNotFound());
		// an offering asked for under another school is not found
		mvc.perform(get("/console/supervision/dashboard?school=" + silent.id() + "&platform=" + w.platformId()
				+ "&offering=o-1").with(user(CITY))).andExpect(status().isNotFound());
	}

	static List<String> cells(Sheet sheet) {
		List<String> cells = new ArrayList<>();
		for (Row row : sheet) {
			row.forEach(c -> cells.add(c.toString()));
		}
		return cells;
	}
}
