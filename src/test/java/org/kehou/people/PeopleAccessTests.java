package org.kehou.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.kehou.shared.Masking;
import org.springframework.http.MediaType;

/** Scopes (invariant 5) and masking with audited full views (invariant 6) on the people endpoints and pages. */
class PeopleAccessTests extends PeopleWorldTests {

	@Test
	void schoolAdminSeesOwnStudentsOnlyAndForeignIdsAre404() throws Exception {
		mvc.perform(get("/api/v1/students/{id}", w.studentA.id()).with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("甲同学"));
		mvc.perform(get("/api/v1/students/{id}", w.studentB.id()).with(user(w.adminA()))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/schools/{id}/students", w.b.schoolId()).with(user(w.adminA())))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/students/{id}/guardians", w.studentB.id()).with(user(w.adminA())))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/guardians/{id}/phone", w.guardian2).with(user(w.adminA())))
			.andExpect(status().isNotFound());
		mvc.perform(put("/api/v1/students/{id}", w.studentB.id()).with(user(w.adminA())).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"studentNo\":\"X\",\"name\":\"改\",\"gender\":\"F\",\"classId\":" + w.studentB.classId() + "}"))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/schools/{id}/students", w.a.schoolId()).with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].id").value(w.studentA.id()));
		mvc.perform(get("/console/students/{id}", w.studentB.id()).with(user(w.adminA()))).andExpect(status().isNotFound());
		mvc.perform(get("/console/students").with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("甲同学")))
			.andExpect(content().string(not(containsString("乙同学"))));
		// a guardian's children seen by a school: only that school's pupils
		mvc.perform(get("/api/v1/guardians/{id}/children", w.guardian1).with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(1));
	}

	@Test
	void townAdminSeesTheTownsSchoolsOnly() throws Exception {
		var town = Fixtures.townAdmin(w.town1);
		mvc.perform(get("/api/v1/students/{id}", w.studentB.id()).with(user(town))).andExpect(status().isOk());
		mvc.perform(get("/api/v1/students/{id}", w.studentC.id()).with(user(town))).andExpect(status().isNotFound());
		mvc.perform(get("/console/students").with(user(town)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("甲同学")))
			.andExpect(content().string(containsString("乙同学")))
			.andExpect(content().string(not(containsString("丙同学"))));
		mvc.perform(get("/api/v1/guardians/{id}/children", w.guardian1).with(user(town)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(1));
	}

	@Test
	void guardianSeesOwnChildrenOnly() throws Exception {
		var g1 = w.guardian1User();
		mvc.perform(get("/api/v1/students/{id}", w.studentA.id()).with(user(g1))).andExpect(status().isOk());
		mvc.perform(get("/api/v1/students/{id}", w.studentC.id()).with(user(g1))).andExpect(status().isOk());
		mvc.perform(get("/api/v1/students/{id}", w.studentB.id()).with(user(g1))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/guardians/{id}/children", w.guardian1).with(user(g1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2));
		mvc.perform(get("/api/v1/guardians/{id}/children", w.guardian2).with(user(g1))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/schools/{id}/students", w.a.schoolId()).with(user(g1))).andExpect(status().isForbidden());
		mvc.perform(get("/m/children/{id}", w.studentB.id()).with(user(g1))).andExpect(status().isNotFound());
		mvc.perform(get("/m/children").with(user(g1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("甲同学")))
			.andExpect(content().string(containsString("丙同学")))
			.andExpect(content().string(not(containsString("乙同学"))));
		mvc.perform(get("/console/students").with(user(g1))).andExpect(status().isForbidden());
	}

	@Test
	void idNumbersAndPhonesAreMaskedAndEachFullViewIsAudited() throws Exception {
		String masked = Masking.idNumber(w.idNumberA);
		mvc.perform(get("/api/v1/students/{id}", w.studentA.id()).with(user(w.adminA())))
			.andExpect(jsonPath("$.idNumberMasked").value(masked))
			.andExpect(content().string(not(containsString(w.idNumberA))));
		mvc.perform(get("/api/v1/students/{id}/guardians", w.studentA.id()).with(user(w.adminA())))
			.andExpect(jsonPath("$[0].phoneMasked").value(Masking.phone(w.phoneG1)))
			.andExpect(content().string(not(containsString(w.phoneG1))));
		mvc.perform(get("/console/students/{id}", w.studentA.id()).with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(masked)))
			.andExpect(content().string(not(containsString(w.idNumberA))))
			.andExpect(content().string(not(containsString(w.phoneG1))));
		assertThat(new Fixtures(jdbc).auditActions("student", w.studentA.id()))
			.doesNotContain("student.view-full-id-number");

		mvc.perform(get("/api/v1/students/{id}/id-number", w.studentA.id()).with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.idNumber").value(w.idNumberA));
		mvc.perform(post("/console/students/{id}/id-number", w.studentA.id()).with(user(w.adminA())).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(w.idNumberA)));
		mvc.perform(get("/api/v1/students/{id}/id-number", w.studentA.id()).with(user(w.guardian1User())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.idNumber").value(w.idNumberA));
		assertThat(new Fixtures(jdbc).auditActions("student", w.studentA.id()))
			.filteredOn("student.view-full-id-number"::equals)
			.hasSize(3);

		mvc.perform(get("/api/v1/guardians/{id}/phone", w.guardian1).with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.phone").value(w.phoneG1));
		mvc.perform(get("/api/v1/guardians/{id}/phone", w.guardian1).with(user(w.guardian1User())))
			.andExpect(status().isOk());
		mvc.perform(get("/api/v1/guardians/{id}/phone", w.guardian1).with(user(w.guardian2User())))
			.andExpect(status().isNotFound());
		assertThat(new Fixtures(jdbc).auditActions("guardian", w.guardian1))
			.filteredOn("guardian.view-full-phone"::equals)
			.hasSize(2);
		// teachers and town admins may not see full numbers
		mvc.perform(get("/api/v1/students/{id}/id-number", w.studentA.id()).with(user(Fixtures.townAdmin(w.town1))))
			.andExpect(status().isForbidden());
		// a foreign school's full view is refused as not found, and the attempt is audited as denied
		mvc.perform(get("/api/v1/students/{id}/id-number", w.studentA.id()).with(user(w.adminB())))
			.andExpect(status().isNotFound());
		assertThat(new Fixtures(jdbc).auditActions("studentId", w.studentA.id())).contains("access.out-of-scope");
	}

	@Test
	void apiCreatesUpdatesAndValidatesStudentsWithProblemDetails() throws Exception {
		long classId = w.a.classId("一年级", "1班");
		String id = Fixtures.idNumber('F');
		String body = "{\"studentNo\":\"N-" + Fixtures.unique() + "\",\"name\":\"新同学\",\"gender\":\"F\",\"idNumber\":\""
				+ id + "\",\"classId\":" + classId + ",\"hardships\":[\"ORPHAN\"]}";
		String location = mvc.perform(post("/api/v1/schools/{id}/students", w.a.schoolId()).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.idNumberMasked").value(Masking.idNumber(id)))
			.andExpect(jsonPath("$.hardships[0].category").value("ORPHAN"))
			.andExpect(jsonPath("$.hardships[0].evidenceStatus").value("PENDING"))
			.andReturn()
			.getResponse()
			.getHeader("Location");
		assertThat(location).startsWith("/api/v1/students/");
		// the same ID number again: conflict
		mvc.perform(post("/api/v1/schools/{id}/students", w.a.schoolId()).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body.replace("\"N-", "\"M-")))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("该身份证号已登记在其他学生名下"));
		mvc.perform(post("/api/v1/schools/{id}/students", w.a.schoolId()).param("lang", "en")
			.with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body.replace("\"N-", "\"M-")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("This ID number is registered to another student"));
		// invalid input: 400 with field errors
		mvc.perform(post("/api/v1/schools/{id}/students", w.a.schoolId()).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"studentNo\":\"\",\"name\":\"x\",\"gender\":\"X\",\"classId\":" + classId + "}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.studentNo").exists())
			.andExpect(jsonPath("$.errors.gender").value("须为 M 或 F"));
		// a wrong check digit
		String wrong = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');
		mvc.perform(post("/api/v1/schools/{id}/students", w.a.schoolId()).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body.replace(id, wrong).replace("\"N-", "\"W-")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("身份证号无效")));
		// a class of another school
		mvc.perform(put("/api/v1/students/{id}", w.studentA.id()).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"studentNo\":\"" + w.studentA.studentNo() + "\",\"name\":\"甲同学\",\"gender\":\"M\",\"classId\":"
					+ w.b.classId("一年级", "1班") + "}"))
			.andExpect(status().isBadRequest());
		mvc.perform(put("/api/v1/students/{id}", w.studentA.id()).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"studentNo\":\"" + w.studentA.studentNo() + "\",\"name\":\"甲同学改\",\"gender\":\"M\",\"classId\":"
					+ w.studentA.classId() + ",\"hardships\":[\"SUBSISTENCE\"]}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("甲同学改"))
			.andExpect(jsonPath("$.idNumberMasked").value(Masking.idNumber(w.idNumberA)));
		assertThat(new Fixtures(jdbc).auditActions("student", w.studentA.id())).contains("student.create",
				"student.update");
	}

	@Test
	void staffAreRegisteredWithAnAccountAndListedMasked() throws Exception {
		String phone = Fixtures.phone();
		String no = "T" + Fixtures.unique();
		mvc.perform(post("/api/v1/schools/{id}/staff", w.a.schoolId()).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"staffNo\":\"" + no + "\",\"name\":\"李老师\",\"phone\":\"" + phone
					+ "\",\"roles\":[\"TEACHER\",\"HOMEROOM\"],\"subject\":\"语文\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.staff.phoneMasked").value(Masking.phone(phone)))
			.andExpect(jsonPath("$.initialPassword").isNotEmpty());
		assertThat(jdbc.sql("SELECT role FROM app_user WHERE username = :u")
			.param("u", "s" + w.a.schoolId() + "-" + no)
			.query(String.class)
			.single()).isEqualTo("TEACHER");
		mvc.perform(get("/api/v1/schools/{id}/staff", w.a.schoolId()).with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].name").value("李老师"))
			.andExpect(content().string(not(containsString(phone))));
		mvc.perform(get("/api/v1/schools/{id}/staff", w.a.schoolId()).with(user(w.adminB())))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/staff").with(user(w.adminA())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("李老师")));
	}

	/** People's school-level endpoints no longer check the school themselves: the central access check refuses. */
	@Test
	void anotherSchoolsEndpointsAreRefusedCentrallyAndChangeNothing() throws Exception {
		long studentsOfB = jdbc.sql("SELECT count(*) FROM student WHERE school_id = :s").param("s", w.b.schoolId())
			.query(Long.class)
			.single();
		long staffOfB = jdbc.sql("SELECT count(*) FROM staff WHERE school_id = :s").param("s", w.b.schoolId())
			.query(Long.class)
			.single();
		mvc.perform(post("/api/v1/schools/{id}/students", w.b.schoolId()).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"studentNo\":\"X" + Fixtures.unique() + "\",\"name\":\"外校\",\"gender\":\"F\",\"classId\":"
					+ w.b.classId("一年级", "1班") + "}"))
			.andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/schools/{id}/staff", w.b.schoolId()).with(user(w.adminA()))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"staffNo\":\"X" + Fixtures.unique() + "\",\"name\":\"外校老师\"}"))
			.andExpect(status().isNotFound());
		mvc.perform(post("/console/schools/{id}/staff", w.b.schoolId()).param("staffNo", "X" + Fixtures.unique())
			.param("name", "外校老师")
			.with(user(w.adminA()))
			.with(csrf())).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/schools/{id}/roster/template", w.b.schoolId()).with(user(w.adminA())))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/schools/{id}/data-requests", w.c.schoolId()).with(user(Fixtures.townAdmin(w.town1))))
			.andExpect(status().isNotFound());
		assertThat(jdbc.sql("SELECT count(*) FROM student WHERE school_id = :s").param("s", w.b.schoolId())
			.query(Long.class)
			.single()).isEqualTo(studentsOfB);
		assertThat(jdbc.sql("SELECT count(*) FROM staff WHERE school_id = :s").param("s", w.b.schoolId())
			.query(Long.class)
			.single()).isEqualTo(staffOfB);
	}
}
