package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kehou.supervision.AlertRecords.offering;
import static org.kehou.supervision.DashboardRecords.ingest;
import static org.kehou.supervision.DashboardRecords.place;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The alert and inspection-task pages: the list's filters, a town admin seeing only its town's alerts, assigning to
 * someone in scope, resolving only with a note, creating an inspection task from an alert, and the task's lifecycle
 * by its inspector (start, findings with a rectification deadline, close resolving the alert).
 */
@SupervisionTest
class AlertPagesTests {

	static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

	static final KehouUser CITY = new KehouUser(-1, "test-city", "市管理员", null, Role.CITY_ADMIN,
			new Scope(Role.CITY_ADMIN, null, null, null, null), null, false, false, true);

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

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

	@Autowired
	AlertRules rules;

	IngestionWorld w;

	IngestionWorld w2;

	SchoolView school;

	SchoolView otherTownSchool;

	KehouUser townAdmin;

	KehouUser otherTownAdmin;

	KehouUser inspector;

	KehouUser otherInspector;

	long alertId;

	long otherAlertId;

	@BeforeEach
	void world() throws Exception {
		clock.set(NOW);
		w = IngestionWorld.create(towns, schools, platforms, credentials);
		w2 = IngestionWorld.create(towns, schools, platforms, credentials);
		school = schools.findSchoolByCode(w.schoolCode()).orElseThrow();
		otherTownSchool = schools.findSchoolByCode(w2.schoolCode()).orElseThrow();
		townAdmin = account("镇管理员" + w.tag(), Role.TOWN_ADMIN, school.townId(), null);
		otherTownAdmin = account("镇管理员" + w2.tag(), Role.TOWN_ADMIN, otherTownSchool.townId(), null);
		inspector = account("督导员" + w.tag(), Role.INSPECTOR, school.townId(), school.id());
		otherInspector = account("巡课员" + w.tag(), Role.INSPECTOR, school.townId(), school.id());
		for (IngestionWorld x : List.of(w, w2)) {
			ingest(mvc, x.credential(), NOW, List.of(offering("o-1", x.schoolCode(), "art", "P-" + x.tag(), 1),
					place("p-1", 1, x.schoolCode(), "o-1", "A1", "confirmed"),
					place("p-2", 1, x.schoolCode(), "o-1", "A2", "confirmed")));
		}
		rules.evaluate(AlertRule.OVER_CAPACITY, NOW);
		alertId = alertOf(w);
		otherAlertId = alertOf(w2);
	}

	long alertOf(IngestionWorld x) {
		return jdbc.sql("SELECT id FROM sup_alert WHERE rule = 'OVER_CAPACITY' AND subject = :s AND status = 'OPEN'")
			.param("s", x.platformId() + ":o-1")
			.query(Long.class)
			.single();
	}

	KehouUser account(String name, Role role, Long town, Long schoolId) {
		long id = AlertRecords.account(jdbc, name, role.name(), role == Role.TOWN_ADMIN ? town : null, schoolId);
		return new KehouUser(id, "u" + id, name, null, role,
				new Scope(role, role == Role.TOWN_ADMIN ? town : null, schoolId, null, null), null, false, false, true);
	}

	String page(String path, KehouUser as) throws Exception {
		return mvc.perform(get(path).with(user(as)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	String alertStatus(long id) {
		return jdbc.sql("SELECT status FROM sup_alert WHERE id = :id").param("id", id).query(String.class).single();
	}

	@Test
	void theListFiltersAndATownAdminSeesOnlyItsTown() throws Exception {
		String bySchool = page("/console/supervision/alerts?rule=OVER_CAPACITY&schoolId=" + school.id(), CITY);
		assertThat(bySchool).contains("data-alert=\"" + alertId + "\"", "确认人数超过容量", "课程o-1”确认 2 人，容量只有 1 人")
			.doesNotContain("data-alert=\"" + otherAlertId + "\"");
		assertThat(page("/console/supervision/alerts?status=RESOLVED&schoolId=" + school.id(), CITY))
			.contains("id=\"alerts-empty\"");
		assertThat(page("/console/supervision/alerts?severity=LOW&schoolId=" + school.id(), CITY))
			.contains("id=\"alerts-empty\"");
		assertThat(page("/console/supervision/alerts?townId=" + otherTownSchool.townId(), CITY))
			.contains("data-alert=\"" + otherAlertId + "\"")
			.doesNotContain("data-alert=\"" + alertId + "\"");

		String town = page("/console/supervision/alerts", townAdmin);
		assertThat(town).contains("data-alert=\"" + alertId + "\"").doesNotContain("data-alert=\"" + otherAlertId + "\"");
		page("/console/supervision/alerts/" + alertId, townAdmin);
		mvc.perform(get("/console/supervision/alerts/" + otherAlertId).with(user(townAdmin)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/supervision/alerts").with(user(inspector))).andExpect(status().isForbidden());

		// the city's dashboard counts open alerts; the school's page lists them
		assertThat(page("/console/supervision/dashboard", CITY)).contains("id=\"open-alerts\"");
		assertThat(page("/console/supervision/dashboard?school=" + school.id(), CITY)).contains("id=\"school-alerts\"",
				"data-alert=\"" + alertId + "\"");
	}

	@Test
	void anAlertIsAssignedInScopeAndResolvedOnlyWithANote() throws Exception {
		String detail = page("/console/supervision/alerts/" + alertId, townAdmin);
		assertThat(detail).contains("id=\"alert-evidence\"", w.platformId() + "/offering/o-1", "督导员" + w.tag())
			.doesNotContain("镇管理员" + w2.tag());
		// someone of another town cannot be given the alert
		mvc.perform(post("/console/supervision/alerts/" + alertId + "/assign").param("assignee",
				String.valueOf(otherTownAdmin.id())).with(user(townAdmin)).with(csrf()))
			.andExpect(flash().attribute("error", "请选择可以处理该预警的人员。"));
		assertThat(alertStatus(alertId)).isEqualTo("OPEN");
		mvc.perform(post("/console/supervision/alerts/" + alertId + "/assign").param("assignee",
				String.valueOf(inspector.id())).with(user(townAdmin)).with(csrf()))
			.andExpect(flash().attribute("flash", "已指派。"));
		assertThat(alertStatus(alertId)).isEqualTo("ASSIGNED");
		assertThat(page("/console/supervision/alerts/" + alertId, CITY)).contains("id=\"alert-assignee\"");

		mvc.perform(post("/console/supervision/alerts/" + alertId + "/resolve").param("note", "  ")
			.with(user(townAdmin))
			.with(csrf())).andExpect(flash().attribute("error", "请填写处理说明（不超过 2000 字）。"));
		assertThat(alertStatus(alertId)).isEqualTo("ASSIGNED");
		// a town admin cannot touch another town's alert
		mvc.perform(post("/console/supervision/alerts/" + otherAlertId + "/resolve").param("note", "x")
			.with(user(townAdmin))
			.with(csrf())).andExpect(status().isNotFound());
		mvc.perform(post("/console/supervision/alerts/" + alertId + "/resolve").param("note", "已约谈学校，退回多余名额")
			.with(user(townAdmin))
			.with(csrf())).andExpect(flash().attribute("flash", "预警已处理完毕。"));
		assertThat(alertStatus(alertId)).isEqualTo("RESOLVED");
		assertThat(page("/console/supervision/alerts/" + alertId, CITY)).contains("已约谈学校，退回多余名额")
			.doesNotContain("id=\"resolve-form\"");
		assertThat(alertStatus(otherAlertId)).isEqualTo("OPEN");
	}

	@Test
	void anInspectionTaskIsCreatedFromAnAlertAndTheInspectorTakesItToTheEnd() throws Exception {
		String form = page("/console/supervision/inspections/new?alertId=" + alertId, CITY);
		assertThat(form).contains("name=\"alertId\"", "确认人数超过容量 · 监管一小" + w.tag(), "督导员" + w.tag());
		String location = mvc.perform(post("/console/supervision/inspections").param("alertId", String.valueOf(alertId))
			.param("title", "核查超额报名")
			.param("dueOn", "2026-11-20")
			.param("assignees", String.valueOf(inspector.id()))
			.with(user(CITY))
			.with(csrf())).andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
		long taskId = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
		assertThat(jdbc.sql("SELECT school_id FROM sup_inspection_task WHERE id = :id AND alert_id = :a")
			.param("id", taskId).param("a", alertId).query(Long.class).single()).isEqualTo(school.id());
		assertThat(page("/console/supervision/alerts/" + alertId, CITY)).contains("核查超额报名");

		// the inspector finds it on the list (assigned to them); another inspector of the school does not
		assertThat(page("/console/supervision/inspections", inspector)).contains("data-task=\"" + taskId + "\"");
		assertThat(page("/console/supervision/inspections", otherInspector)).doesNotContain("data-task=\"" + taskId + "\"");
		mvc.perform(get("/console/supervision/inspections/" + taskId).with(user(otherInspector)))
			.andExpect(status().isNotFound());
		mvc.perform(post("/console/supervision/inspections/" + taskId + "/start").with(user(otherInspector)).with(csrf()))
			.andExpect(status().isNotFound());
		// a town admin of another town neither
		mvc.perform(get("/console/supervision/inspections/" + taskId).with(user(otherTownAdmin)))
			.andExpect(status().isNotFound());
		assertThat(page("/console/supervision/inspections", townAdmin)).contains("data-task=\"" + taskId + "\"");

		String base = "/console/supervision/inspections/" + taskId;
		mvc.perform(post(base + "/start").with(user(inspector)).with(csrf()))
			.andExpect(flash().attribute("flash", "督导已开始。"));
		assertThat(taskStatus(taskId)).isEqualTo("IN_PROGRESS");
		mvc.perform(post(base + "/start").with(user(inspector)).with(csrf()))
			.andExpect(flash().attribute("error", "任务当前状态不允许此操作。"));
		mvc.perform(post(base + "/findings").param("findings", "超出容量 1 人").param("rectifyBy", "2026-11-15")
			.with(user(inspector))
			.with(csrf())).andExpect(flash().attribute("flash", "督导发现已保存。"));
		assertThat(taskStatus(taskId)).isEqualTo("RECTIFYING");
		mvc.perform(post(base + "/close").param("note", "").param("resolveAlert", "1").with(user(inspector)).with(csrf()))
			.andExpect(flash().attribute("error", "请填写办结说明（不超过 2000 字）。"));
		assertThat(taskStatus(taskId)).isEqualTo("RECTIFYING");
		mvc.perform(post(base + "/close").param("note", "学校已退回多余名额，复查无误").param("resolveAlert", "1")
			.with(user(inspector))
			.with(csrf())).andExpect(flash().attribute("flash", "督导任务已办结。"));
		assertThat(taskStatus(taskId)).isEqualTo("CLOSED");
		assertThat(alertStatus(alertId)).isEqualTo("RESOLVED");
		assertThat(page(base, inspector)).contains("学校已退回多余名额，复查无误", "超出容量 1 人")
			.doesNotContain("id=\"close-form\"");
	}

	@Test
	void aTaskNeedsASubjectInScopeADueDateAndInspectorsInScope() throws Exception {
		// a town admin, for a school of another town: refused by the scope check of the school
		mvc.perform(post("/console/supervision/inspections").param("schoolId", String.valueOf(otherTownSchool.id()))
			.param("title", "巡查")
			.param("dueOn", "2026-11-20")
			.param("assignees", String.valueOf(townAdmin.id()))
			.with(user(townAdmin))
			.with(csrf())).andExpect(status().isNotFound());
		// an inspector of another school
		mvc.perform(post("/console/supervision/inspections").param("schoolId", String.valueOf(school.id()))
			.param("title", "巡查")
			.param("dueOn", "2026-11-20")
			.param("assignees", String.valueOf(otherTownAdmin.id()))
			.with(user(townAdmin))
			.with(csrf())).andExpect(flash().attribute("error", "请至少选择一位可以承担该任务的督导人员。"));
		mvc.perform(post("/console/supervision/inspections").param("schoolId", String.valueOf(school.id()))
			.param("title", "巡查")
			.param("dueOn", "2026-10-01")
			.param("assignees", String.valueOf(inspector.id()))
			.with(user(townAdmin))
			.with(csrf())).andExpect(flash().attribute("error", "请填写不早于今天的完成期限。"));
		// a provider task of the town, on a schedule
		mvc.perform(post("/console/supervision/inspections").param("providerCode", "P-" + w.tag())
			.param("title", "机构季度巡查")
			.param("dueOn", "2026-12-31")
			.param("assignees", String.valueOf(townAdmin.id()))
			.with(user(townAdmin))
			.with(csrf())).andExpect(flash().attribute("flash", "督导任务已创建。"));
		assertThat(jdbc.sql("SELECT town_id FROM sup_inspection_task WHERE provider_code = :p")
			.param("p", "P-" + w.tag()).query(Long.class).single()).isEqualTo(school.townId());
		mvc.perform(post("/console/supervision/inspections").with(user(inspector)).with(csrf()))
			.andExpect(status().isForbidden());
	}

	String taskStatus(long id) {
		return jdbc.sql("SELECT status FROM sup_inspection_task WHERE id = :id").param("id", id).query(String.class)
			.single();
	}
}
