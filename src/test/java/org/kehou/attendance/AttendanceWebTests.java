package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The API and phone pages: a teacher sees only the sessions of offerings they teach; a guardian asks leave only for
 * their own child; a teacher approves pending leave; bad input gets Problem Details; the export is an .xlsx file.
 */
@DemoCityTest
class AttendanceWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Sessions sessions;

	@Autowired
	Leaves leaves;

	@Autowired
	RollCalls rollCalls;

	@Autowired
	UserDetailsService users;

	AttendanceWorld world;

	long mine;

	long theirs;

	long mySession;

	long theirSession;

	KehouUser teacher;

	KehouUser guardian;

	long ownChild;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		mine = world.offering("书法", "1 15:30-16:30", "3 15:30-16:30");
		theirs = world.offering("篮球", "2 15:30-16:30");
		world.teach(mine, "teacher1");
		teacher = (KehouUser) users.loadUserByUsername("teacher1");
		guardian = (KehouUser) users.loadUserByUsername("13800000001");
		world.reserved.addAll(jdbc.sql("SELECT student_id FROM student_guardian WHERE guardian_id = :g")
			.param("g", guardian.scope().guardianId()).query(Long.class).list());
		ownChild = world.reserved.stream().min(Long::compare).orElseThrow();
		world.children(mine, 2);
		world.children(theirs, 2);
		mySession = world.sessionToday(mine, "15:30", "16:30");
		theirSession = world.sessionToday(theirs, "15:30", "16:30");
		world.place(mine, ownChild);
		sessions.generate(mine, world.monday.minusDays(1).atTime(8, 0));
	}

	@Test
	void aTeacherSeesAndRollsOnlyTheSessionsOfTheirOfferings() throws Exception {
		mvc.perform(get("/api/v1/sessions/{id}", mySession).with(user(teacher)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.roster.length()").value(3))
			.andExpect(jsonPath("$.roster[?(@.studentId == " + ownChild + ")].guardianPhone").value(
					org.hamcrest.Matchers.contains(org.hamcrest.Matchers.containsString("****"))));
		mvc.perform(get("/api/v1/sessions/{id}", theirSession).with(user(teacher))).andExpect(status().isNotFound());
		mvc.perform(put("/api/v1/sessions/{id}/roll-call", theirSession).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"requestKey\":\"x\",\"allPresent\":true}"))
			.andExpect(status().isNotFound());
		String today = mvc.perform(get("/api/v1/sessions/today").with(user(teacher)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(today).contains("\"id\":" + mySession).doesNotContain("\"id\":" + theirSession);

		mvc.perform(put("/api/v1/sessions/{id}/roll-call", mySession).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"requestKey\":\"api-1\",\"allPresent\":true}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.present").value(3));
		mvc.perform(put("/api/v1/sessions/{id}/roll-call", mySession).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"requestKey\":\"api-1\",\"allPresent\":true}"))
			.andExpect(jsonPath("$.replay").value(true));

		String page = mvc.perform(get("/m/roll-call").with(user(teacher))).andExpect(status().isOk()).andReturn()
			.getResponse().getContentAsString();
		assertThat(page).contains("书法 " + world.tag).doesNotContain("篮球 " + world.tag);
		mvc.perform(get("/m/sessions/{id}", mySession).with(user(teacher))).andExpect(status().isOk());
		mvc.perform(post("/m/sessions/{id}", mySession).with(user(teacher)).with(csrf())
			.param("requestKey", "page-1").param("mark-" + ownChild, "LATE"))
			.andExpect(status().is3xxRedirection());
		assertThat(jdbc.sql("SELECT mark FROM roll_call_mark WHERE session_id = :s AND student_id = :c")
			.param("s", mySession).param("c", ownChild).query(String.class).single()).isEqualTo("LATE");
	}

	@Test
	void badInputGetsProblemDetails() throws Exception {
		mvc.perform(put("/api/v1/sessions/{id}/roll-call", mySession).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"marks\":[{\"studentId\":1}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(put("/api/v1/sessions/{id}/roll-call", mySession).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"requestKey\":\"b\",\"marks\":[{\"studentId\":999999999,\"mark\":\"ABSENT\"}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(post("/api/v1/students/{id}/leaves", ownChild).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"sessionIds\":[],\"reason\":\"\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void aGuardianAsksLeaveForTheirOwnChildOnlyAndATeacherDecides() throws Exception {
		long next = jdbc.sql("SELECT min(id) FROM class_session WHERE offering_id = :o AND session_date >= :d")
			.param("o", mine).param("d", world.monday).query(Long.class).single();
		long stranger = jdbc.sql("SELECT min(student_id) FROM place WHERE offering_id = :o AND student_id <> :c")
			.param("o", mine).param("c", ownChild).query(Long.class).single();
		mvc.perform(post("/api/v1/students/{id}/leaves", stranger).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"sessionIds\":[" + next + "],\"reason\":\"生病\"}"))
			.andExpect(status().isNotFound());

		leaves.setNeedsApproval(world.school, true);
		try {
			String created = mvc.perform(post("/api/v1/students/{id}/leaves", ownChild).with(user(guardian)).with(csrf())
				.contentType(MediaType.APPLICATION_JSON).content("{\"sessionIds\":[" + next + "],\"reason\":\"生病\",\"requestKey\":\"l-1\"}"))
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.status").value("PENDING"))
				.andReturn().getResponse().getContentAsString();
			long leave = Long.parseLong(created.replaceAll("^\\{\"id\":(\\d+).*$", "$1"));
			mvc.perform(post("/api/v1/students/{id}/leaves", ownChild).with(user(guardian)).with(csrf())
				.contentType(MediaType.APPLICATION_JSON).content("{\"sessionIds\":[" + next + "],\"reason\":\"生病\",\"requestKey\":\"l-1\"}"))
				.andExpect(jsonPath("$.id").value(leave));
			assertThat(world.count("SELECT count(*) FROM leave_request WHERE student_id = :p", ownChild)).isEqualTo(1);
			mvc.perform(post("/api/v1/students/{id}/leaves", ownChild).with(user(guardian)).with(csrf())
				.contentType(MediaType.APPLICATION_JSON).content("{\"sessionIds\":[" + next + "],\"reason\":\"再请\"}"))
				.andExpect(status().isConflict());
			mvc.perform(get("/api/v1/leaves/pending").with(user(teacher)))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$[?(@.id == " + leave + ")]").exists());
			mvc.perform(post("/api/v1/leaves/{id}/approve", leave).with(user(teacher)).with(csrf()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("APPROVED"));
			mvc.perform(post("/api/v1/leaves/{id}/approve", leave).with(user(teacher)).with(csrf()))
				.andExpect(status().isConflict());
		}
		finally {
			leaves.setNeedsApproval(world.school, false);
		}
		assertThat(rollCalls.roster(next)).extracting(RollCalls.RosterEntry::studentId).doesNotContain(ownChild)
			.contains(stranger);
		String page = mvc.perform(get("/m/children/{id}/attendance", ownChild).with(user(guardian)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("生病");
		mvc.perform(get("/m/children/{id}/attendance", stranger).with(user(guardian))).andExpect(status().isNotFound());
	}

	@Test
	void aSchoolAdminCancelsAndExports() throws Exception {
		KehouUser admin = (KehouUser) users.loadUserByUsername("school1");
		long next = jdbc.sql("SELECT min(id) FROM class_session WHERE offering_id = :o AND session_date >= :d")
			.param("o", mine).param("d", world.monday).query(Long.class).single();
		mvc.perform(post("/api/v1/sessions/{id}/cancel", next).with(user(admin)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"台风\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("CANCELLED"));
		mvc.perform(post("/api/v1/sessions/{id}/cancel", next).with(user(teacher)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"台风\"}"))
			.andExpect(status().isForbidden());
		byte[] xlsx = mvc.perform(get("/api/v1/schools/{id}/attendance.xlsx", world.school).param("period", "DAY").with(user(admin)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsByteArray();
		assertThat(xlsx).startsWith('P', 'K');
		mvc.perform(get("/api/v1/offerings/{id}/attendance", mine).param("period", "TERM").with(user(admin)))
			.andExpect(status().isOk());
		String page = mvc.perform(get("/console/attendance").param("period", "DAY").with(user(admin)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("书法 " + world.tag, "attendance.xlsx", "/console/attendance/offerings/" + mine);

		long present = world.children(mine, 1).get(0);
		rollCalls.save(mySession, "console-1", true, java.util.Map.of());
		String children = mvc.perform(get("/console/attendance/offerings/{id}", mine).param("period", "DAY").with(user(admin)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(children).contains("书法 " + world.tag, jdbc.sql("SELECT name FROM student WHERE id = :s")
			.param("s", present).query(String.class).single(), "100%", "/api/v1/offerings/" + mine + "/attendance.xlsx");
		mvc.perform(get("/console/attendance/offerings/{id}", mine).with(user(teacher))).andExpect(status().isForbidden());
	}

	@Test
	void aSchoolAdminCancelsAndMovesSessionsOnTheSessionsPage() throws Exception {
		KehouUser admin = (KehouUser) users.loadUserByUsername("school1");
		java.util.List<Long> ids = jdbc.sql("""
				SELECT id FROM class_session WHERE offering_id = :o AND session_date >= :d AND rescheduled_from IS NULL
				ORDER BY session_date, starts_at LIMIT 2""").param("o", mine).param("d", world.monday).query(Long.class).list();
		long first = ids.get(0);
		long second = ids.get(1);
		String page = mvc.perform(get("/console/sessions").param("date", world.monday.toString()).with(user(admin)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("书法 " + world.tag, "/console/sessions/" + first + "/cancel", "data-confirm");
		String empty = mvc.perform(get("/console/sessions").param("date", world.monday.plusDays(5).toString())
			.param("lang", "en").with(user(admin))).andReturn().getResponse().getContentAsString();
		assertThat(empty).contains("No sessions on this day");

		// no reason: refused with a readable message, nothing changed
		mvc.perform(post("/console/sessions/{id}/cancel", first).param("reason", " ").param("lang", "en")
			.with(user(admin)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attribute("error", org.hamcrest.Matchers.containsString("reason")));
		assertThat(sessions.find(first).orElseThrow().status()).isEqualTo(SessionStatus.SCHEDULED);

		mvc.perform(post("/console/sessions/{id}/cancel", first).param("reason", "台风").with(user(admin)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(sessions.find(first).orElseThrow().status()).isEqualTo(SessionStatus.CANCELLED);

		// moving onto a date that is no service day is refused; moving to the evening before works
		SessionView before = sessions.find(second).orElseThrow();
		mvc.perform(post("/console/sessions/{id}/reschedule", second).param("date", world.monday.plusDays(5).toString())
			.param("starts", "16:40").param("ends", "17:20").param("reason", "运动会").param("lang", "en")
			.with(user(admin)).with(csrf()))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attribute("error", org.hamcrest.Matchers.containsString("not")));
		assertThat(sessions.find(second).orElseThrow().status()).isEqualTo(SessionStatus.SCHEDULED);
		mvc.perform(post("/console/sessions/{id}/reschedule", second).param("date", before.date().toString())
			.param("starts", "16:40").param("ends", "17:20").param("reason", "运动会").with(user(admin)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(sessions.find(second).orElseThrow().status()).isEqualTo(SessionStatus.RESCHEDULED);

		mvc.perform(post("/console/sessions/{id}/cancel", second).param("reason", "x").with(user(teacher)).with(csrf()))
			.andExpect(status().isForbidden());
	}
}
