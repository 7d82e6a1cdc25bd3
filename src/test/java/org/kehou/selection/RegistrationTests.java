package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.people.Consents;
import org.kehou.shared.Masking;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Registration (报名) on the real database in the demo city: guardian 13800000001 (two children at school1) and
 * 13800000002 (a child at school2), the demo terms, school1/school2/town1/city. Each test starts from no
 * registration and no settings for those terms, with the privacy notice accepted for the children.
 */
@DemoCityTest
@ExtendWith(OutputCaptureExtension.class)
class RegistrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	Registrations registrations;

	@Autowired
	PersonalDataCipher cipher;

	KehouUser guardian1;

	KehouUser guardian2;

	KehouUser school1;

	KehouUser school2;

	KehouUser town1;

	KehouUser town2;

	long child;

	long sibling;

	long child2;

	long term1;

	long term2;

	@BeforeEach
	void world() {
		guardian1 = account("13800000001");
		guardian2 = account("13800000002");
		school1 = account("school1");
		school2 = account("school2");
		town1 = account("town1");
		town2 = new KehouUser(-1, "town2-test", "town2", null, Role.TOWN_ADMIN,
				new Scope(Role.TOWN_ADMIN, townOf(school2.scope().schoolId()), null, null, null), null, false, false,
				true);
		List<Long> children = jdbc.sql("""
				SELECT sg.student_id FROM student_guardian sg JOIN student s ON s.id = sg.student_id
				WHERE sg.guardian_id = :g ORDER BY s.id""").param("g", guardian1.scope().guardianId()).query(Long.class).list();
		assertThat(children).hasSize(2);
		child = children.get(0);
		sibling = children.get(1);
		child2 = jdbc.sql("SELECT min(student_id) FROM student_guardian WHERE guardian_id = :g")
			.param("g", guardian2.scope().guardianId()).query(Long.class).single();
		term1 = termOf(school1.scope().schoolId());
		term2 = termOf(school2.scope().schoolId());
		jdbc.sql("DELETE FROM registration WHERE term_id IN (:t1, :t2)").param("t1", term1).param("t2", term2).update();
		jdbc.sql("DELETE FROM registration_settings WHERE term_id IN (:t1, :t2)").param("t1", term1).param("t2", term2)
			.update();
		jdbc.sql("DELETE FROM registration_school_settings WHERE school_id IN (:s1, :s2)")
			.param("s1", school1.scope().schoolId()).param("s2", school2.scope().schoolId()).update();
		decide(guardian1, child, Consents.Decision.ACCEPTED);
		decide(guardian1, sibling, Consents.Decision.ACCEPTED);
		decide(guardian2, child2, Consents.Decision.ACCEPTED);
	}

	// --- guardians -------------------------------------------------------------------------------------------------

	@Test
	void aGuardianRegistersWithdrawsAndRegistersAgain() throws Exception {
		long id = register(guardian1, child, term1).andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("REGISTERED"))
			.andExpect(jsonPath("$.termId").value(term1))
			.andReturn().getResponse().getContentAsString().transform(RegistrationTests::id);
		assertThat(registrations.isRegistered(child, term1)).isTrue();
		assertThat(registrations.isRegistered(sibling, term1)).isFalse();
		mvc.perform(get("/api/v1/students/{id}/registrations", child).with(user(guardian1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value(id))
			.andExpect(jsonPath("$[0].status").value("REGISTERED"));

		withdraw(guardian1, child, term1).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("WITHDRAWN"));
		assertThat(registrations.isRegistered(child, term1)).isFalse();
		// withdrawing twice is harmless
		withdraw(guardian1, child, term1).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("WITHDRAWN"));

		register(guardian1, child, term1).andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").value(id))
			.andExpect(jsonPath("$.status").value("REGISTERED"));
		assertThat(registrations.isRegistered(child, term1)).isTrue();
		assertThat(audits("registration.register", id)).isEqualTo(2);
		assertThat(audits("registration.withdraw", id)).isEqualTo(1);
	}

	@Test
	void withdrawingWithoutARegistrationIsAConflict() throws Exception {
		withdraw(guardian1, child, term1).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("NOT_REGISTERED"));
	}

	@Test
	void aRepeatReturnsTheExistingRegistration() throws Exception {
		long id = register(guardian1, child, term1).andExpect(status().isCreated())
			.andReturn().getResponse().getContentAsString().transform(RegistrationTests::id);
		register(guardian1, child, term1).andExpect(status().isOk()).andExpect(jsonPath("$.id").value(id));
		assertThat(rows(child, term1)).isEqualTo(1);
		assertThat(audits("registration.register", id)).isEqualTo(1);
	}

	@Test
	void twentyConcurrentRegistrationsOfOneChildMakeExactlyOne() throws Exception {
		int threads = 20;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		long guardian = guardian1.scope().guardianId();
		try {
			List<Future<Registrations.Outcome>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				Callable<Registrations.Outcome> task = () -> {
					start.await();
					return registrations.register(guardian, child, term1, true, null);
				};
				results.add(pool.submit(task));
			}
			start.countDown();
			int changed = 0;
			long id = -1;
			for (Future<Registrations.Outcome> f : results) {
				Registrations.Outcome outcome = f.get();
				changed += outcome.changed() ? 1 : 0;
				assertThat(id == -1 || id == outcome.registration().id()).isTrue();
				id = outcome.registration().id();
			}
			assertThat(changed).isEqualTo(1);
			assertThat(rows(child, term1)).isEqualTo(1);
			assertThat(audits("registration.register", id)).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theGuardianMustConfirmAndHaveAcceptedThePrivacyNotice() throws Exception {
		mvc.perform(post("/api/v1/students/{id}/registrations", child).with(user(guardian1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"termId\": " + term1 + ", \"confirmVoluntary\": false}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("NOT_CONFIRMED"));
		decide(guardian1, child, Consents.Decision.REFUSED);
		register(guardian1, child, term1).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("NO_CONSENT"))
			.andExpect(jsonPath("$.detail").value(containsString("隐私告知")));
		mvc.perform(get("/m/children/{id}/registration", child).with(user(guardian1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"no-consent\"")))
			.andExpect(content().string(containsString("href=\"/privacy\"")))
			.andExpect(content().string(not(containsString("name=\"confirmVoluntary\""))));
		assertThat(rows(child, term1)).isZero();
	}

	@Test
	void anotherGuardiansChildIsNotFoundAndATermOfAnotherSchoolIsRefused() throws Exception {
		register(guardian2, child, term1).andExpect(status().isNotFound());
		withdraw(guardian2, child, term1).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/students/{id}/registrations", child).with(user(guardian2)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/m/children/{id}/registration", child).with(user(guardian2))).andExpect(status().isNotFound());
		register(guardian1, child, term2).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("TERM_OF_ANOTHER_SCHOOL"))
			.andExpect(jsonPath("$.detail").value("该学期不属于孩子所在的学校"));
		assertThat(rows(child, term1) + rows(child, term2)).isZero();
	}

	// --- the school ------------------------------------------------------------------------------------------------

	@Test
	void withApprovalARegistrationWaitsForTheSchool(CapturedOutput output) throws Exception {
		settings(school1, term1, "{\"needsApproval\": true}").andExpect(status().isOk())
			.andExpect(jsonPath("$.needsApproval").value(true));
		long a = register(guardian1, child, term1).andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("PENDING"))
			.andReturn().getResponse().getContentAsString().transform(RegistrationTests::id);
		long b = register(guardian1, sibling, term1).andExpect(status().isCreated())
			.andReturn().getResponse().getContentAsString().transform(RegistrationTests::id);
		assertThat(registrations.isRegistered(child, term1)).isFalse();
		mvc.perform(get("/api/v1/terms/{t}/registrations?status=PENDING", term1).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.totalElements").value(2))
			.andExpect(jsonPath("$.counts.pending").value(2));

		decide(school1, term1, "approve", "{\"ids\": [" + a + "]}").andExpect(status().isOk())
			.andExpect(jsonPath("$.changed").value(1));
		assertThat(registrations.isRegistered(child, term1)).isTrue();
		// approving again changes nothing
		decide(school1, term1, "approve", "{\"ids\": [" + a + "]}").andExpect(jsonPath("$.changed").value(0));

		// declining needs a reason
		decide(school1, term1, "decline", "{\"ids\": [" + b + "]}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("REASON_REQUIRED"));
		decide(school1, term1, "decline", "{\"ids\": [" + b + "], \"reason\": \"   \"}").andExpect(status().isBadRequest());
		decide(school1, term1, "decline", "{\"ids\": [" + b + "], \"reason\": \"班级信息有误，请核对\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.registrations[0].status").value("DECLINED"))
			.andExpect(jsonPath("$.registrations[0].declineReason").value("班级信息有误，请核对"));
		assertThat(registrations.isRegistered(sibling, term1)).isFalse();
		mvc.perform(get("/m/children/{id}/registration", sibling).with(user(guardian1)))
			.andExpect(content().string(containsString("班级信息有误，请核对")));
		// the database refuses a decline without a reason, whatever the code does
		assertThatThrownBy(() -> jdbc.sql("UPDATE registration SET decline_reason = NULL WHERE id = :id")
			.param("id", b).update()).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
		assertThat(audits("registration.approve", a)).isEqualTo(1);
		assertThat(audits("registration.decline", b)).isEqualTo(1);
		// the guardian hears of both decisions (the demo's log channel; masked number)
		String phone = Masking.phone("13800000001");
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
			.until(() -> output.getAll().contains("[registration-declined]"));
		assertThat(output.getAll()).contains("SMS to " + phone + " [registration-approved]",
				"SMS to " + phone + " [registration-declined]");

		// the guardian may register again: pending again
		register(guardian1, sibling, term1).andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").value(b))
			.andExpect(jsonPath("$.status").value("PENDING"))
			.andExpect(jsonPath("$.declineReason").doesNotExist());

		// approval off: registered at once
		settings(school1, term1, "{\"needsApproval\": false}").andExpect(status().isOk());
		withdraw(guardian1, child, term1).andExpect(status().isOk());
		register(guardian1, child, term1).andExpect(jsonPath("$.status").value("REGISTERED"));
		assertThat(audits("registration.settings", term1)).isGreaterThanOrEqualTo(2);
	}

	@Test
	void theSchoolsDefaultAppliesUnlessTheTermSaysOtherwise() throws Exception {
		long school = school1.scope().schoolId();
		mvc.perform(put("/api/v1/schools/{s}/registration-settings", school).with(user(school1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"needsApproval\": true}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.needsApproval").value(true));
		mvc.perform(put("/api/v1/schools/{s}/registration-settings", school).with(user(town1)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"needsApproval\": false}"))
			.andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/schools/{s}/registration-settings", school).with(user(school2)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/terms/{t}/registration-settings", term1).with(user(town1)))
			.andExpect(jsonPath("$.needsApproval").value(true))
			.andExpect(jsonPath("$.schoolNeedsApproval").value(true));
		register(guardian1, child, term1).andExpect(jsonPath("$.status").value("PENDING"));
		// the term overrides the school: no approval
		settings(school1, term1, "{\"needsApproval\": false}").andExpect(jsonPath("$.needsApproval").value(false));
		register(guardian1, sibling, term1).andExpect(jsonPath("$.status").value("REGISTERED"));
		// the console form: back to the school's default (on)
		mvc.perform(post("/console/terms/{t}/registrations/settings", term1).param("needsApproval", "")
			.with(user(school1)).with(csrf())).andExpect(flash().attribute("flash", "报名设置已保存"));
		assertThat(registrations.settings(term1).needsApproval()).isTrue();
		mvc.perform(post("/console/schools/{s}/registration-settings", school).param("back", String.valueOf(term1))
			.with(user(school1)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(registrations.settings(term1).needsApproval()).isFalse();
		assertThat(jdbc.sql("""
				SELECT count(*) FROM audit_event WHERE action = 'registration.settings' AND target_type = 'school'
				AND target_id = :id""").param("id", String.valueOf(school)).query(Long.class).single()).isEqualTo(2);
	}

	@Test
	void outsideTheWindowGuardiansCanNeitherRegisterNorWithdraw() throws Exception {
		register(guardian1, sibling, term1).andExpect(status().isCreated());
		LocalDate today = Registrations.today();
		settings(school1, term1, "{\"needsApproval\": false, \"closesOn\": \"" + today.minusDays(1) + "\"}")
			.andExpect(status().isOk());
		register(guardian1, child, term1).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("WINDOW_CLOSED"))
			.andExpect(jsonPath("$.detail").value(containsString("截止")));
		withdraw(guardian1, sibling, term1).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("WINDOW_CLOSED"));
		mvc.perform(post("/m/children/{id}/registration/withdraw", sibling).param("term", String.valueOf(term1))
			.with(user(guardian1)).with(csrf()).param("lang", "en"))
			.andExpect(flash().attribute("error", containsString("not open or has closed")));
		settings(school1, term1, "{\"opensOn\": \"" + today.plusDays(1) + "\"}").andExpect(status().isOk());
		register(guardian1, child, term1).andExpect(status().isConflict());
		settings(school1, term1, "{\"opensOn\": \"" + today.plusDays(2) + "\", \"closesOn\": \"" + today + "\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("WINDOW_ORDER"));
		settings(school1, term1, "{\"opensOn\": \"" + today + "\", \"closesOn\": \"" + today + "\"}")
			.andExpect(status().isOk());
		register(guardian1, child, term1).andExpect(status().isCreated());
		assertThat(registrations.isRegistered(sibling, term1)).isTrue();
	}

	@Test
	void anotherSchoolsAdminFindsNothingAndTheTownOnlyReads() throws Exception {
		long id = register(guardian1, child, term1).andReturn().getResponse().getContentAsString()
			.transform(RegistrationTests::id);
		mvc.perform(get("/api/v1/terms/{t}/registrations", term1).with(user(school2))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/terms/{t}/registration-settings", term1).with(user(school2)))
			.andExpect(status().isNotFound());
		decide(school2, term1, "approve", "{\"ids\": [" + id + "]}").andExpect(status().isNotFound());
		// the ids of another term are left alone
		decide(school2, term2, "decline", "{\"ids\": [" + id + "], \"reason\": \"x\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.changed").value(0));
		mvc.perform(get("/console/terms/{t}/registrations", term1).with(user(school2))).andExpect(status().isNotFound());
		mvc.perform(get("/console/terms/{t}/registrations/export", term1).with(user(school2)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/terms/{t}/registrations", term1).with(user(town2))).andExpect(status().isNotFound());

		mvc.perform(get("/api/v1/terms/{t}/registrations", term1).with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.counts.registered").value(1));
		mvc.perform(get("/console/terms/{t}/registrations", term1).with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("name=\"needsApproval\""))));
		settings(town1, term1, "{\"needsApproval\": true}").andExpect(status().isForbidden());
		decide(town1, term1, "approve", "{\"ids\": [" + id + "]}").andExpect(status().isForbidden());
		mvc.perform(post("/console/terms/{t}/registrations/settings", term1).param("needsApproval", "true")
			.with(user(town1)).with(csrf())).andExpect(status().isForbidden());
		assertThat(registrations.settings(term1).needsApproval()).isFalse();
	}

	@Test
	void theSchoolFiltersCountsAndApprovesInBulk() throws Exception {
		settings(school1, term1, "{\"needsApproval\": true}").andExpect(status().isOk());
		register(guardian1, child, term1).andExpect(status().isCreated());
		register(guardian1, sibling, term1).andExpect(status().isCreated());
		long students = jdbc.sql("SELECT count(*) FROM student WHERE school_id = :s AND status = 'ACTIVE'")
			.param("s", school1.scope().schoolId()).query(Long.class).single();
		RegistrationCounts counts = registrations.counts(term1);
		assertThat(counts).isEqualTo(new RegistrationCounts(students, 0, 2, 0, 0, students - 2));
		long classId = jdbc.sql("SELECT class_id FROM student WHERE id = :id").param("id", child).query(Long.class).single();
		mvc.perform(get("/api/v1/terms/{t}/registrations", term1).param("classId", String.valueOf(classId))
			.param("status", "pending").with(user(school1)))
			.andExpect(jsonPath("$.totalElements").value(1))
			.andExpect(jsonPath("$.content[0].studentId").value(child));
		mvc.perform(get("/api/v1/terms/{t}/registrations", term1).param("status", "NONE").param("size", "5")
			.with(user(school1)))
			.andExpect(jsonPath("$.totalElements").value(students - 2))
			.andExpect(jsonPath("$.content.length()").value(5));
		mvc.perform(get("/api/v1/terms/{t}/registrations", term1).param("status", "bogus").with(user(school1)))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/console/terms/{t}/registrations/approve", term1).param("allPending", "true")
			.with(user(school1)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", "已通过 2 条报名"));
		assertThat(registrations.counts(term1).registered()).isEqualTo(2);
		mvc.perform(post("/console/terms/{t}/registrations/decline", term1).param("id", "1").with(user(school1))
			.with(csrf())).andExpect(flash().attribute("error", "不通过必须写明原因"));
	}

	@Test
	void theExportHoldsMaskedDataOnly() throws Exception {
		register(guardian1, child, term1).andExpect(status().isCreated());
		byte[] file = mvc.perform(get("/console/terms/{t}/registrations/export", term1).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().contentType(
					"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.andReturn().getResponse().getContentAsByteArray();
		StringBuilder all = new StringBuilder();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(file))) {
			for (Row row : book.getSheetAt(0)) {
				for (Cell cell : row) {
					all.append(cell.toString()).append('|');
				}
				all.append('\n');
			}
		}
		String text = all.toString();
		String name = jdbc.sql("SELECT name FROM student WHERE id = :id").param("id", child).query(String.class).single();
		assertThat(text).contains(name, "138****0001", "已报名", "未报名").doesNotContain("13800000001");
		byte[] idEnc = jdbc.sql("SELECT id_number_enc FROM student WHERE id = :id").param("id", child)
			.query(byte[].class).single();
		String idNumber = cipher.decrypt(idEnc);
		assertThat(text).doesNotContain(idNumber).doesNotContain(Masking.idNumber(idNumber));
		assertThat(audits("registration.export", term1)).isPositive();
	}

	// --- pages -----------------------------------------------------------------------------------------------------

	@Test
	void pagesRenderInChineseAndEnglish() throws Exception {
		mvc.perform(get("/console/terms/{t}/registrations", term1).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("课后服务报名管理")))
			.andExpect(content().string(containsString("不得拒绝")))
			.andExpect(content().string(containsString("name=\"needsApproval\"")));
		mvc.perform(get("/console/terms/{t}/registrations", term1).with(user(school1)).param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("After-school service registrations")));
		mvc.perform(get("/console/terms/{t}/registrations", term1).param("status", "WITHDRAWN").with(user(school1)))
			.andExpect(content().string(containsString("没有符合条件的学生")));
		mvc.perform(get("/console/registrations").with(user(school1)))
			.andExpect(status().is3xxRedirection());

		mvc.perform(get("/m/children/{id}", child).with(user(guardian1)))
			.andExpect(content().string(containsString("/m/children/" + child + "/registration")));
		mvc.perform(get("/m/children/{id}/registration", child).with(user(guardian1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("自愿参加")))
			.andExpect(content().string(containsString("/fees?school=" + school1.scope().schoolId())))
			.andExpect(content().string(containsString("name=\"confirmVoluntary\"")));
		mvc.perform(get("/m/children/{id}/registration", child).with(user(guardian1)).param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Voluntary")));

		// register and withdraw through the phone page
		mvc.perform(post("/m/children/{id}/registration", child).param("term", String.valueOf(term1))
			.with(user(guardian1)).with(csrf()))
			.andExpect(flash().attribute("error", containsString("请先勾选确认")));
		mvc.perform(post("/m/children/{id}/registration", child).param("term", String.valueOf(term1))
			.param("confirmVoluntary", "true").param("remark", "周三由奶奶接").with(user(guardian1)).with(csrf()))
			.andExpect(flash().attribute("flash", "报名成功"));
		// the guardian's home shows each child's registration for the open terms, a tap from the phone page
		mvc.perform(get("/m").with(user(guardian1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"home-registrations\"")))
			.andExpect(content().string(containsString("/m/children/" + child + "/registration")))
			.andExpect(content().string(containsString("已报名")));
		mvc.perform(get("/m/children/{id}/registration", child).with(user(guardian1)))
			.andExpect(content().string(containsString("退出报名")))
			.andExpect(content().string(containsString("data-confirm")));
		mvc.perform(get("/console/terms/{t}/registrations", term1).with(user(school1)))
			.andExpect(content().string(containsString("周三由奶奶接")));
		mvc.perform(post("/m/children/{id}/registration/withdraw", child).param("term", String.valueOf(term1))
			.with(user(guardian1)).with(csrf()))
			.andExpect(flash().attribute("flash", containsString("已退出")));
		assertThat(registrations.find(child, term1).orElseThrow().status()).isEqualTo(RegistrationStatus.WITHDRAWN);
	}

	@Test
	void settingsValidateTheWindowOrder() {
		assertThatThrownBy(() -> RegistrationSettings.of(1, null, false, LocalDate.of(2026, 9, 2), LocalDate.of(2026, 9, 1)))
			.isInstanceOf(RegistrationRefused.class);
		RegistrationSettings s = RegistrationSettings.of(1, null, true, LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 10));
		assertThat(s.needsApproval()).isTrue();
		assertThat(RegistrationSettings.of(1, false, true, null, null).needsApproval()).isFalse();
		assertThat(RegistrationSettings.of(1, true, false, null, null).needsApproval()).isTrue();
		assertThat(s.isOpenOn(LocalDate.of(2026, 9, 1))).isTrue();
		assertThat(s.isOpenOn(LocalDate.of(2026, 9, 10))).isTrue();
		assertThat(s.isOpenOn(LocalDate.of(2026, 8, 31))).isFalse();
		assertThat(s.isOpenOn(LocalDate.of(2026, 9, 11))).isFalse();
		assertThat(RegistrationSettings.of(1, null, false, null, null).isOpenOn(LocalDate.of(2030, 1, 1))).isTrue();
	}

	// --- fixtures --------------------------------------------------------------------------------------------------

	ResultActions register(KehouUser guardian, long student, long term) throws Exception {
		return mvc.perform(post("/api/v1/students/{id}/registrations", student).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"termId\": " + term + ", \"confirmVoluntary\": true, \"remark\": \"\"}"));
	}

	ResultActions withdraw(KehouUser guardian, long student, long term) throws Exception {
		return mvc.perform(post("/api/v1/students/{id}/registrations/withdraw", student).with(user(guardian))
			.with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{\"termId\": " + term + "}"));
	}

	ResultActions settings(KehouUser user, long term, String json) throws Exception {
		return mvc.perform(put("/api/v1/terms/{t}/registration-settings", term).with(user(user)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content(json));
	}

	ResultActions decide(KehouUser user, long term, String decision, String json) throws Exception {
		return mvc.perform(post("/api/v1/terms/{t}/registrations/" + decision, term).with(user(user)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content(json));
	}

	void decide(KehouUser guardian, long student, Consents.Decision decision) {
		jdbc.sql("""
				INSERT INTO consent (guardian_id, student_id, notice_version, decision, decided_at)
				VALUES (:g, :s, :v, :d, clock_timestamp())""")
			.param("g", guardian.scope().guardianId())
			.param("s", student)
			.param("v", Consents.NOTICE_VERSION)
			.param("d", decision.name())
			.update();
	}

	long rows(long student, long term) {
		return jdbc.sql("SELECT count(*) FROM registration WHERE student_id = :s AND term_id = :t")
			.param("s", student).param("t", term).query(Long.class).single();
	}

	long audits(String action, long targetId) {
		return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = :a AND target_id = :id")
			.param("a", action).param("id", String.valueOf(targetId)).query(Long.class).single();
	}

	long termOf(Long school) {
		return jdbc.sql("SELECT min(id) FROM term WHERE school_id = :id").param("id", school).query(Long.class).single();
	}

	Long townOf(Long school) {
		return jdbc.sql("SELECT town_id FROM school WHERE id = :id").param("id", school).query(Long.class).single();
	}

	static long id(String json) {
		var m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(json);
		assertThat(m.find()).as(json).isTrue();
		return Long.parseLong(m.group(1));
	}

	KehouUser account(String login) {
		return org.kehou.TestAccounts.account(jdbc, cipher, login);
	}
}
