package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Evidence files of an inspection task: attached by its inspector (PNG, PDF), listed on the task page and downloaded
 * byte for byte; a program, a text file, an over-size file and an upload to a closed task are refused with a readable
 * message and store nothing; another town's admin and an inspector not assigned can neither attach nor download;
 * two uploads at once never pass the limit of 20 files.
 */
@SupervisionTest
class InspectionEvidenceTests {

	static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

	static final KehouUser CITY = AlertPagesTests.CITY;

	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1,
			2, 3 };

	static final byte[] PDF = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

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
	InspectionTasks tasks;

	SchoolView school;

	KehouUser inspector;

	KehouUser otherInspector;

	KehouUser townAdmin;

	KehouUser otherTownAdmin;

	long taskId;

	String base;

	@BeforeEach
	void world() {
		clock.set(NOW);
		IngestionWorld w = IngestionWorld.create(towns, schools, platforms, credentials);
		IngestionWorld w2 = IngestionWorld.create(towns, schools, platforms, credentials);
		school = schools.findSchoolByCode(w.schoolCode()).orElseThrow();
		SchoolView otherTownSchool = schools.findSchoolByCode(w2.schoolCode()).orElseThrow();
		inspector = account("证据督导员" + w.tag(), Role.INSPECTOR, school.townId(), school.id());
		otherInspector = account("旁观督导员" + w.tag(), Role.INSPECTOR, school.townId(), school.id());
		townAdmin = account("证据镇管理员" + w.tag(), Role.TOWN_ADMIN, school.townId(), null);
		otherTownAdmin = account("外镇管理员" + w2.tag(), Role.TOWN_ADMIN, otherTownSchool.townId(), null);
		taskId = tasks.create(new InspectionTasks.NewTask(null, school.id(), null, "现场核查", null,
				LocalDate.of(2026, 11, 20), List.of(inspector.id())), CITY);
		base = "/console/supervision/inspections/" + taskId;
	}

	KehouUser account(String name, Role role, Long town, Long schoolId) {
		long id = AlertRecords.account(jdbc, name, role.name(), role == Role.TOWN_ADMIN ? town : null, schoolId);
		return new KehouUser(id, "u" + id, name, null, role,
				new Scope(role, role == Role.TOWN_ADMIN ? town : null, schoolId, null, null), null, false, false, true);
	}

	ResultActions upload(String name, byte[] content, KehouUser as) throws Exception {
		return mvc.perform(multipart(base + "/evidence").file(new MockMultipartFile("file", name,
				"application/octet-stream", content)).with(user(as)).with(csrf()));
	}

	long stored() {
		return jdbc.sql("SELECT count(*) FROM sup_inspection_evidence WHERE task_id = :t").param("t", taskId)
			.query(Long.class).single();
	}

	long evidenceId(String name) {
		return jdbc.sql("SELECT id FROM sup_inspection_evidence WHERE task_id = :t AND name = :n").param("t", taskId)
			.param("n", name).query(Long.class).single();
	}

	String page(KehouUser as) throws Exception {
		return mvc.perform(get(base).with(user(as))).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void theInspectorAttachesAPhotoAndAPdfWhichAreListedAndDownloaded() throws Exception {
		assertThat(page(inspector)).contains("id=\"evidence-empty\"", "id=\"evidence-form\"");
		upload("C:\\相机\\现场照片.png", PNG, inspector).andExpect(flash().attribute("flash", "证据材料已上传。"));
		upload("整改报告.pdf", PDF, inspector).andExpect(flash().attribute("flash", "证据材料已上传。"));
		assertThat(stored()).isEqualTo(2);

		long png = evidenceId("现场照片.png");
		long pdf = evidenceId("整改报告.pdf");
		assertThat(page(townAdmin)).contains("data-evidence=\"" + png + "\"", "data-evidence=\"" + pdf + "\"",
				"现场照片.png", "整改报告.pdf", "证据督导员", "1 KB");

		MockHttpServletResponse file = mvc.perform(get(base + "/evidence/" + png).with(user(townAdmin)))
			.andExpect(status().isOk()).andReturn().getResponse();
		assertThat(file.getContentAsByteArray()).isEqualTo(PNG);
		assertThat(file.getContentType()).isEqualTo("image/png");
		assertThat(file.getHeader("Content-Disposition")).startsWith("attachment")
			.contains("filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png");
		assertThat(file.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(mvc.perform(get(base + "/evidence/" + pdf).with(user(inspector))).andExpect(status().isOk())
			.andReturn().getResponse().getContentAsByteArray()).isEqualTo(PDF);
		assertThat(jdbc.sql("""
				SELECT count(*) FROM audit_event WHERE action = 'inspection-evidence-attach' AND target_id = :t""")
			.param("t", String.valueOf(taskId)).query(Long.class).single()).isEqualTo(2);

		// a file of another task is not served under this one
		long other = tasks.create(new InspectionTasks.NewTask(null, school.id(), null, "另一任务", null,
				LocalDate.of(2026, 11, 20), List.of(inspector.id())), CITY);
		mvc.perform(get("/console/supervision/inspections/" + other + "/evidence/" + png).with(user(CITY)))
			.andExpect(status().isNotFound());
	}

	@Test
	void aProgramATextFileAndAnOverSizeFileAreRefusedAndNothingIsStored() throws Exception {
		upload("setup.exe", new byte[] { 'M', 'Z', (byte) 0x90, 0, 3, 0 }, inspector)
			.andExpect(flash().attribute("error", "只能上传照片（JPG、PNG）、PDF 或 Word（.docx）文件。"));
		upload("说明.pdf", "这不是 PDF".getBytes(StandardCharsets.UTF_8), inspector)
			.andExpect(flash().attribute("error", "只能上传照片（JPG、PNG）、PDF 或 Word（.docx）文件。"));
		byte[] big = Arrays.copyOf(PNG, (int) InspectionTasks.EVIDENCE_MAX_BYTES + 1);
		upload("大照片.png", big, inspector).andExpect(flash().attribute("error", "文件不能超过 10 MB。"));
		upload("空.png", new byte[0], inspector).andExpect(flash().attribute("error", "请选择要上传的文件。"));
		assertThat(stored()).isZero();
		// exactly 10 MB is accepted
		upload("刚好.png", Arrays.copyOf(PNG, (int) InspectionTasks.EVIDENCE_MAX_BYTES), inspector)
			.andExpect(flash().attribute("flash", "证据材料已上传。"));
		assertThat(stored()).isEqualTo(1);
	}

	@Test
	void aClosedTaskRefusesEvidenceButStillShowsItsFiles() throws Exception {
		upload("现场.png", PNG, inspector).andExpect(flash().attribute("flash", "证据材料已上传。"));
		mvc.perform(post(base + "/close").param("note", "已整改，照片为证").with(user(inspector)).with(csrf()))
			.andExpect(flash().attribute("flash", "督导任务已办结。"));
		upload("补充.pdf", PDF, inspector).andExpect(flash().attribute("error", "任务已办结，不能再上传证据材料。"));
		assertThat(stored()).isEqualTo(1);
		assertThat(page(CITY)).contains("现场.png", "已整改，照片为证").doesNotContain("id=\"evidence-form\"");
	}

	@Test
	void anotherTownsAdminAndAnInspectorNotAssignedCanNeitherAttachNorDownload() throws Exception {
		upload("现场.png", PNG, inspector).andExpect(flash().attribute("flash", "证据材料已上传。"));
		long png = evidenceId("现场.png");
		assertThat(mvc.perform(get(base + "/evidence/" + png).with(user(otherTownAdmin))).andReturn().getResponse()
			.getStatus()).isIn(403, 404);
		assertThat(upload("外镇.png", PNG, otherTownAdmin).andReturn().getResponse().getStatus()).isIn(403, 404);
		mvc.perform(get(base + "/evidence/" + png).with(user(otherInspector))).andExpect(status().isNotFound());
		upload("旁观.png", PNG, otherInspector).andExpect(status().isNotFound());
		upload("旁观.png", Arrays.copyOf(PNG, (int) InspectionTasks.EVIDENCE_MAX_BYTES + 1), otherInspector)
			.andExpect(status().isNotFound());
		assertThat(stored()).isEqualTo(1);
		// the town's own admin may work on it
		upload("镇里.pdf", PDF, townAdmin).andExpect(flash().attribute("flash", "证据材料已上传。"));
		assertThat(stored()).isEqualTo(2);
	}

	@Test
	void twoUploadsAtOnceNeverPassTwentyFiles() throws Exception {
		for (int i = 0; i < InspectionTasks.EVIDENCE_MAX_FILES - 1; i++) {
			tasks.attachEvidence(taskId, "照片" + i + ".png", PNG, inspector);
		}
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (KehouUser who : List.of(inspector, townAdmin)) {
				Callable<String> attach = () -> {
					go.await();
					try {
						tasks.attachEvidence(taskId, "最后.png", PNG, who);
						return "stored";
					}
					catch (OversightRefused e) {
						return e.messageKey();
					}
				};
				results.add(pool.submit(attach));
			}
			go.countDown();
			List<String> outcomes = new ArrayList<>();
			for (Future<String> f : results) {
				outcomes.add(f.get());
			}
			assertThat(outcomes).containsExactlyInAnyOrder("stored", "oversight.error.fileCount");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(stored()).isEqualTo(InspectionTasks.EVIDENCE_MAX_FILES);
		upload("多余.png", PNG, inspector).andExpect(flash().attribute("error", "每个督导任务最多上传 20 个证据文件。"));
	}
}
