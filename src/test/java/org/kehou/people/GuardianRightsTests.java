package org.kehou.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;


import org.junit.jupiter.api.Test;
import org.kehou.people.internal.RetentionJob;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import tools.jackson.databind.json.JsonMapper;

/** Consent to the privacy notice, the guardian's data download, correction/deletion requests, retention. */
@RecordApplicationEvents
class GuardianRightsTests extends PeopleWorldTests {

	@Autowired
	ApplicationEvents events;

	@Autowired
	Consents consents;

	@Autowired
	RetentionJob retention;

	@Autowired
	JsonMapper json;

	@Test
	void privacyNoticeIsPublicAndVersionedInBothLanguages() throws Exception {
		mvc.perform(get("/privacy"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("儿童个人信息保护告知")))
			.andExpect(content().string(containsString(Consents.NOTICE_VERSION)));
		mvc.perform(get("/privacy").param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("personal information notice")));
	}

	@Test
	void aRefusalIsRecordedAndRespected() throws Exception {
		long child = w.studentA.id();
		assertThat(consents.hasAccepted(child)).isFalse();
		consent(child, "REFUSED");
		assertThat(consents.hasAccepted(child)).isFalse();
		assertThat(consents.latest(child)).singleElement()
			.satisfies(c -> assertThat(c.decision()).isEqualTo(Consents.Decision.REFUSED));
		consent(child, "ACCEPTED");
		assertThat(consents.hasAccepted(child)).isTrue();
		// a second guardian who refuses stops the use again
		var second = guardians.link(child, "甲父", Fixtures.phone(), Relation.FATHER, false);
		mvc.perform(post("/api/v1/students/{id}/consent", child).with(user(Fixtures.guardian(second.id())))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"decision\":\"REFUSED\"}")).andExpect(status().isOk());
		assertThat(consents.hasAccepted(child)).isFalse();
		assertThat(jdbc.sql("SELECT count(*) FROM consent WHERE student_id = :s").param("s", child)
			.query(Long.class).single()).isEqualTo(3);
		// a guardian cannot decide for somebody else's child
		mvc.perform(post("/api/v1/students/{id}/consent", w.studentB.id()).with(user(w.guardian1User()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"decision\":\"ACCEPTED\"}")).andExpect(status().isNotFound());
		// from the phone page too
		mvc.perform(post("/m/children/{id}/consent", w.studentC.id()).param("decision", "ACCEPTED")
			.with(user(w.guardian1User()))
			.with(csrf())).andExpect(status().is3xxRedirection());
		assertThat(consents.hasAccepted(w.studentC.id())).isTrue();
		assertThat(new Fixtures(jdbc).auditActions("student", child)).contains("consent.refused", "consent.accepted");
		assertThat(events.stream(ConsentDecided.class).filter(e -> e.studentId() == child).map(ConsentDecided::usable))
			.containsExactly(false, true, false);
	}

	@Test
	void guardianSeesAndDownloadsEverythingAboutTheChild() throws Exception {
		mvc.perform(get("/m/children/{id}", w.studentA.id()).with(user(w.guardian1User())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("甲同学")))
			.andExpect(content().string(containsString("甲家长")));
		String body = mvc.perform(get("/m/children/{id}/data.json", w.studentA.id()).with(user(w.guardian1User())))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", containsString("attachment")))
			.andExpect(jsonPath("$.student.name").value("甲同学"))
			.andExpect(jsonPath("$.guardians[0].name").value("甲家长"))
			.andExpect(jsonPath("$.noticeVersion").value(Consents.NOTICE_VERSION))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(body).doesNotContain(w.idNumberA).doesNotContain(w.phoneG1);
		mvc.perform(get("/api/v1/students/{id}/data", w.studentA.id()).with(user(w.guardian1User())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.student.hardships[0].category").value("SUBSISTENCE"));
		mvc.perform(get("/api/v1/students/{id}/data", w.studentB.id()).with(user(w.guardian1User())))
			.andExpect(status().isNotFound());
		assertThat(new Fixtures(jdbc).auditActions("student", w.studentA.id())).contains("student.export");
	}

	@Test
	void deletionRequestIsHandledByTheSchoolAndAnonymisesTheChild() throws Exception {
		long child = w.studentA.id();
		consent(child, "ACCEPTED");
		String created = mvc.perform(post("/api/v1/students/{id}/data-requests", child).with(user(w.guardian1User()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"kind\":\"DELETION\",\"details\":\"孩子已转学，请删除信息\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("OPEN"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		long requestId = json.readTree(created).get("id").asLong();
		mvc.perform(post("/m/children/{id}/requests", child).param("kind", "CORRECTION").param("details", "姓名写错了")
			.with(user(w.guardian1User()))
			.with(csrf())).andExpect(status().is3xxRedirection());

		// the school sees both; another school does not
		mvc.perform(get("/api/v1/schools/{id}/data-requests", w.a.schoolId()).param("status", "OPEN")
			.with(user(w.adminA()))).andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(2));
		mvc.perform(get("/api/v1/schools/{id}/data-requests", w.a.schoolId()).with(user(w.adminB())))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/data-requests/{id}", requestId).with(user(w.adminB()))).andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/data-requests/{id}/decision", requestId).with(user(w.adminB()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"outcome\":\"DONE\"}")).andExpect(status().isNotFound());
		mvc.perform(get("/console/data-requests").with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("孩子已转学")));

		mvc.perform(post("/api/v1/data-requests/{id}/decision", requestId).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"outcome\":\"DONE\",\"response\":\"已删除\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DONE"));
		assertAnonymised(child);
		assertThat(consents.hasAccepted(child)).isFalse();
		// the guardian no longer reaches the child; handling twice is a conflict
		mvc.perform(get("/api/v1/students/{id}", child).with(user(w.guardian1User()))).andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/data-requests/{id}/decision", requestId).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"outcome\":\"REJECTED\",\"response\":\"x\"}")).andExpect(status().isConflict());
		assertThat(new Fixtures(jdbc).auditActions("data_request", requestId)).contains("data-request.submit",
				"data-request.handle");
		assertThat(new Fixtures(jdbc).auditActions("student", child)).contains("student.anonymise");
		assertThat(events.stream(StudentAnonymised.class)).contains(new StudentAnonymised(child, w.a.schoolId()));
	}

	@Test
	void correctionRequestsCanBeRejectedFromTheConsoleWithAReason() throws Exception {
		long child = w.studentB.id();
		mvc.perform(post("/m/children/{id}/requests", child).param("kind", "CORRECTION").param("details", "班级不对")
			.with(user(w.guardian2User()))
			.with(csrf())).andExpect(status().is3xxRedirection());
		long requestId = jdbc.sql("SELECT id FROM data_request WHERE student_id = :s").param("s", child)
			.query(Long.class).single();
		mvc.perform(post("/console/data-requests/{id}", requestId).param("outcome", "REJECTED").param("response", "班级正确")
			.with(user(w.adminB()))
			.with(csrf())).andExpect(status().is3xxRedirection());
		assertThat(jdbc.sql("SELECT status || ':' || response FROM data_request WHERE id = :id").param("id", requestId)
			.query(String.class).single()).isEqualTo("REJECTED:班级正确");
		assertThat(students.viewFullIdNumber(child)).isNotNull();
	}

	@Test
	void retentionAnonymisesStudentsWhoLeftLongerAgoThanTheRetention() {
		students.markLeft(w.studentA.id());
		students.markLeft(w.studentB.id());
		jdbc.sql("UPDATE student SET updated_at = :t WHERE id = :id")
			.param("t", Timestamp.from(Instant.now().minus(4 * 366, ChronoUnit.DAYS)))
			.param("id", w.studentA.id())
			.update();
		assertThat(retention.anonymiseExpired()).isGreaterThanOrEqualTo(1);
		assertAnonymised(w.studentA.id());
		assertThat(jdbc.sql("SELECT name FROM student WHERE id = :id").param("id", w.studentB.id())
			.query(String.class).single()).isEqualTo("乙同学");
		assertThat(jdbc.sql("SELECT name FROM student WHERE id = :id").param("id", w.studentC.id())
			.query(String.class).single()).isEqualTo("丙同学");
		assertThat(retention.anonymiseExpired()).isZero();
	}

	private void assertAnonymised(long studentId) {
		var row = jdbc.sql("""
				SELECT name, status, id_number_enc IS NULL AND id_number_hash IS NULL AND id_number_masked IS NULL
				       AND birth_date IS NULL AS erased,
				       (SELECT count(*) FROM student_guardian WHERE student_id = s.id) AS links,
				       (SELECT count(*) FROM student_hardship WHERE student_id = s.id) AS hardships
				FROM student s WHERE id = :id""")
			.param("id", studentId)
			.query((rs, i) -> new Object[] { rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4),
					rs.getLong(5) })
			.single();
		assertThat(row).containsExactly("已删除", "LEFT", true, 0L, 0L);
	}

	private void consent(long child, String decision) throws Exception {
		mvc.perform(post("/api/v1/students/{id}/consent", child).with(user(w.guardian1User()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"decision\":\"" + decision + "\"}")).andExpect(status().isOk());
	}

}
