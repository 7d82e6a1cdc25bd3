package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.shared.Masking;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The guardian's side of course selection on the real database: the API the phone page and the rush benchmark use
 * (offerings of the child, select, retry, waitlist, drop and promotion, accept/decline, refusals as Problem Details,
 * scope), the phone page itself and the SMS to guardians when the waitlist gives their child a seat. Fixture children
 * of a {@link SelectionWorld} term are linked to demo guardian 13800000001 for the test and unlinked after it.
 */
@DemoCityTest
@ExtendWith(OutputCaptureExtension.class)
class CourseSelectionTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	Places places;

	@Autowired
	PersonalDataCipher cipher;

	SelectionWorld world;

	KehouUser guardian;

	KehouUser otherGuardian;

	KehouUser school1;

	@BeforeEach
	void world() {
		world = new SelectionWorld(jdbc);
		guardian = account("13800000001");
		otherGuardian = account("13800000002");
		school1 = account("school1");
	}

	@AfterEach
	void unlink() {
		jdbc.sql("""
				DELETE FROM student_guardian WHERE student_id IN (SELECT id FROM student WHERE student_no LIKE :tag)""")
			.param("tag", "ZT-" + world.tag + "-%")
			.update();
	}

	@Test
	void aGuardianSelectsRetriesWaitsDropsAndTheNextChildGetsTheSeat(CapturedOutput output) throws Exception {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("书法", 1, "2 16:00-17:00");
		long child = mine(world.child());
		long sibling = mine(world.child());

		mvc.perform(get("/api/v1/students/{s}/offerings", child).param("term", String.valueOf(world.term))
			.with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.termId").value(world.term))
			.andExpect(jsonPath("$.openRound.mode").value("FIRST_COME"))
			.andExpect(jsonPath("$.totalElements").value(1))
			.andExpect(jsonPath("$.content[0].id").value(offering))
			.andExpect(jsonPath("$.content[0].remaining").value(1))
			.andExpect(jsonPath("$.content[0].slots[0].weekday").value(2))
			.andExpect(jsonPath("$.content[0].feePerLesson.fen").value(2000))
			.andExpect(jsonPath("$.content[0].termFee.fen").value(32000))
			.andExpect(jsonPath("$.content[0].providerName").doesNotExist());

		String key = UUID.randomUUID().toString();
		long place = id(select(guardian, child, offering, key).andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/v1/places/" + idOf(child, offering)))
			.andExpect(jsonPath("$.status").value("CONFIRMED"))
			.andExpect(jsonPath("$.position").value(0)));
		select(guardian, child, offering, key).andExpect(status().isOk()).andExpect(jsonPath("$.placeId").value(place));
		select(guardian, child, offering, UUID.randomUUID().toString()).andExpect(status().isOk())
			.andExpect(jsonPath("$.placeId").value(place));
		assertThat(world.taken(offering)).isEqualTo(1);

		long waiting = id(select(guardian, sibling, offering, UUID.randomUUID().toString())
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("WAITLISTED"))
			.andExpect(jsonPath("$.position").value(1)));
		mvc.perform(get("/api/v1/students/{s}/offerings", child).param("term", String.valueOf(world.term))
			.with(user(guardian))).andExpect(jsonPath("$.content[0].remaining").value(0));
		mvc.perform(get("/api/v1/students/{s}/places", sibling).param("term", String.valueOf(world.term))
			.with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value(waiting))
			.andExpect(jsonPath("$[0].status").value("WAITLISTED"))
			.andExpect(jsonPath("$[0].position").value(1));

		mvc.perform(post("/api/v1/places/{p}/drop", place).with(user(guardian)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DROPPED"));
		assertThat(places.find(waiting).orElseThrow().status()).isEqualTo(PlaceStatus.CONFIRMED);
		assertThat(world.taken(offering)).isEqualTo(1);
		// dropping twice is refused with a reason
		mvc.perform(post("/api/v1/places/{p}/drop", place).with(user(guardian)).with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("PLACE_STATE"))
			.andExpect(jsonPath("$.detail").value(containsString("请刷新后再试")));

		// the guardians hear that the waitlist gave the sibling the seat (the demo's log channel; masked number)
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getAll().contains("[place-confirmed-from-waitlist]"));
		assertThat(output.getAll()).contains("SMS to " + Masking.phone("13800000001") + " [place-confirmed-from-waitlist]");
	}

	@Test
	void anOfferedSeatIsAcceptedOrDeclinedAndTheGuardiansAreTold(CapturedOutput output) throws Exception {
		long round = world.openRound(RoundMode.FIRST_COME);
		jdbc.sql("UPDATE selection_round SET offer_hours = 2 WHERE id = :r").param("r", round).update();
		long offering = world.offering("围棋", 1, "3 16:00-17:00");
		long a = world.child();
		long b = mine(world.child());
		long c = mine(world.child());
		long pa = places.select(a, offering, null, null).placeId();
		long pb = places.select(b, offering, null, null).placeId();
		long pc = places.select(c, offering, null, null).placeId();

		places.drop(pa);
		assertThat(places.find(pb).orElseThrow().status()).isEqualTo(PlaceStatus.OFFERED);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("[place-offered]"));
		assertThat(output.getAll()).containsPattern("\\[place-offered\\] \\{.*deadline=\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");

		mvc.perform(get("/m/children/{s}/courses", b).param("term", String.valueOf(world.term)).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("有名额递补给孩子")))
			.andExpect(content().string(containsString("接受")));
		mvc.perform(post("/api/v1/places/{p}/decline", pb).with(user(guardian)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DECLINED"));
		assertThat(places.find(pc).orElseThrow().status()).isEqualTo(PlaceStatus.OFFERED);
		mvc.perform(post("/m/children/{s}/courses/places/{p}/accept", c, pc).with(user(guardian)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/m/children/" + c + "/courses?term=" + world.term))
			.andExpect(flash().attribute("flash", containsString("已接受")));
		assertThat(places.find(pc).orElseThrow().status()).isEqualTo(PlaceStatus.CONFIRMED);
		mvc.perform(post("/api/v1/places/{p}/accept", pc).with(user(guardian)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("CONFIRMED"));
		assertThat(world.taken(offering)).isEqualTo(1);
	}

	@Test
	void refusalsAreProblemDetailsWithTheirReason() throws Exception {
		long offering = world.offering("美术", 5, "1 16:00-17:00");
		long child = mine(world.child());
		long unregistered = mine(world.children(1, false).get(0));

		// no round open yet
		select(guardian, child, offering, null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("NO_OPEN_ROUND"))
			.andExpect(jsonPath("$.detail").value("当前没有开放的选课轮次。"));
		world.openRound(RoundMode.FIRST_COME);
		select(guardian, unregistered, offering, null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("NOT_REGISTERED"));
		mvc.perform(post("/api/v1/students/{s}/places", unregistered).param("lang", "en").with(user(guardian))
			.with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{\"offeringId\": " + offering + "}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("Please register")));
		select(guardian, child, offering, "x".repeat(65)).andExpect(status().isBadRequest());
		mvc.perform(post("/api/v1/students/{s}/places", child).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"days\": [1]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.offeringId").exists());
		mvc.perform(post("/api/v1/students/{s}/places", child).with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"offeringId\": " + offering + ", \"days\": [1]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("DAYS_INVALID"));

		// an offering of another school: refused, nothing stored
		long otherSchoolOffering = jdbc.sql("""
				SELECT min(o.id) FROM offering o WHERE o.school_id <> :s""").param("s", world.school)
			.query(Long.class).optional().orElse(-1L);
		if (otherSchoolOffering > 0) {
			select(guardian, child, otherSchoolOffering, null).andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.reason").value("OTHER_SCHOOL"));
		}
		select(guardian, child, 999_999_999L, null).andExpect(status().isNotFound())
			.andExpect(jsonPath("$.reason").value("NOT_FOUND"));
		// a term of another school is not the child's
		long otherTerm = jdbc.sql("SELECT min(id) FROM term WHERE school_id <> :s").param("s", world.school)
			.query(Long.class).single();
		mvc.perform(get("/api/v1/students/{s}/offerings", child).param("term", String.valueOf(otherTerm))
			.with(user(guardian))).andExpect(status().isNotFound()).andExpect(jsonPath("$.reason").value("NOT_FOUND"));
		assertThat(world.count(offering, PlaceStatus.CONFIRMED)).isZero();
	}

	@Test
	void onlyTheChildsGuardiansActAndSchoolsRead() throws Exception {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("足球", 5, "4 16:00-17:00");
		long child = mine(world.child());
		long place = places.select(child, offering, null, null).placeId();

		select(otherGuardian, child, offering, null).andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/places/{p}/drop", place).with(user(otherGuardian)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/students/{s}/offerings", child).with(user(otherGuardian)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/m/children/{s}/courses", child).with(user(otherGuardian))).andExpect(status().isNotFound());
		// the school reads but does not select or drop for the family
		mvc.perform(get("/api/v1/students/{s}/places", child).param("term", String.valueOf(world.term))
			.with(user(school1))).andExpect(status().isOk()).andExpect(jsonPath("$[0].id").value(place));
		select(school1, child, offering, null).andExpect(status().isForbidden());
		mvc.perform(post("/api/v1/places/{p}/drop", place).with(user(school1)).with(csrf()))
			.andExpect(status().isForbidden());
		// the term as termId is the school's scope, not the guardian's
		mvc.perform(get("/api/v1/students/{s}/offerings", child).param("termId", String.valueOf(world.term))
			.with(user(guardian))).andExpect(status().isNotFound());
		assertThat(places.find(place).orElseThrow().status()).isEqualTo(PlaceStatus.CONFIRMED);
	}

	@Test
	void thePhonePageShowsTheRoundTheOfferingsAndTheChildsPlaces() throws Exception {
		long child = mine(world.child());
		String term = String.valueOf(world.term);

		// no round, no offering: empty states
		mvc.perform(get("/m/children/{s}/courses", child).param("term", term).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("当前没有开放的选课轮次")))
			.andExpect(content().string(containsString("本学期暂无孩子可选的课程")))
			.andExpect(content().string(containsString("还没有选课")))
			.andExpect(content().string(containsString("自愿")));

		world.openRound(RoundMode.FIRST_COME);
		long art = world.offering("国画", 1, "5 16:00-17:00");
		long care = world.offering("托管", 30, true, "1 16:00-17:30", "3 16:00-17:30");
		String html = mvc.perform(get("/m/children/{s}/courses", child).param("term", term).with(user(guardian)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(html).contains("先到先得", "选课截止", "退课截止", "国画 " + world.tag, "校本课程", "周五 16:00–17:00",
				"余 1 个名额", "每课时 ¥20.00 · 共 16 课时，合计 ¥320.00", "name=\"requestKey\"", "name=\"days\"",
				"hx-get=\"/m/children/" + child + "/courses/seats?term=" + term + "\"")
			.doesNotContain("去报名");
		mvc.perform(get("/m/children/{s}/courses", child).param("term", term).param("weekday", "5").with(user(guardian)))
			.andExpect(content().string(containsString("国画 " + world.tag)))
			.andExpect(content().string(not(containsString("托管 " + world.tag))));

		// select by the form (twice with the same key: one place), then the seats poller says full
		String key = UUID.randomUUID().toString();
		for (int i = 0; i < 2; i++) {
			mvc.perform(post("/m/children/{s}/courses", child).param("term", term).param("offering", String.valueOf(art))
				.param("requestKey", key).with(user(guardian)).with(csrf()))
				.andExpect(status().is3xxRedirection())
				.andExpect(flash().attribute("flash", "已选上。"));
		}
		assertThat(world.count(art, PlaceStatus.CONFIRMED)).isEqualTo(1);
		mvc.perform(get("/m/children/{s}/courses/seats", child).param("term", term).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"seats-" + art + "\"")))
			.andExpect(content().string(containsString("已满，可候补")))
			.andExpect(content().string(containsString("hx-swap-oob")));
		// basic care on chosen days; a day it does not meet is refused in words
		mvc.perform(post("/m/children/{s}/courses", child).param("term", term).param("offering", String.valueOf(care))
			.param("days", "2").with(user(guardian)).with(csrf()))
			.andExpect(flash().attribute("error", "所选的日子不在该托管班的上课日中。"));
		mvc.perform(post("/m/children/{s}/courses", child).param("term", term).param("offering", String.valueOf(care))
			.param("days", "1").with(user(guardian)).with(csrf()))
			.andExpect(flash().attribute("flash", "已选上。"));
		assertThat(places.ofStudent(child, world.term)).filteredOn(p -> p.offeringId() == care)
			.singleElement().extracting(PlaceView::days).isEqualTo(List.of(1));

		mvc.perform(get("/m/children/{s}/courses", child).param("term", term).with(user(guardian)))
			.andExpect(content().string(containsString("我的课程")))
			.andExpect(content().string(containsString("已选上")))
			.andExpect(content().string(containsString("退课")));
		mvc.perform(get("/m/children/{s}/courses", child).param("term", term).param("lang", "en").with(user(guardian)))
			.andExpect(content().string(containsString("My courses")))
			.andExpect(content().string(containsString("Drop deadline")));

		// not registered: the page says so and links registration; lottery rounds link the lottery page
		long unregistered = mine(world.children(1, false).get(0));
		jdbc.sql("UPDATE selection_round SET mode = 'LOTTERY' WHERE term_id = :t").param("t", world.term).update();
		mvc.perform(get("/m/children/{s}/courses", unregistered).param("term", term).with(user(guardian)))
			.andExpect(content().string(containsString("去报名")))
			.andExpect(content().string(containsString("/m/children/" + unregistered + "/registration")))
			.andExpect(content().string(containsString("/m/children/" + unregistered + "/lottery?term=" + term)))
			.andExpect(content().string(not(containsString("name=\"requestKey\""))));

		// the guardian's home links the course page
		mvc.perform(get("/m").with(user(guardian)))
			.andExpect(content().string(containsString("/m/children/" + child + "/courses")));
	}

	// --- helpers ---------------------------------------------------------------------------------------------------

	/** Links a fixture child to demo guardian 13800000001. */
	long mine(long studentId) {
		jdbc.sql("INSERT INTO student_guardian (student_id, guardian_id, relation, is_primary) VALUES (:s, :g, 'MOTHER', TRUE)")
			.param("s", studentId)
			.param("g", guardian.scope().guardianId())
			.update();
		return studentId;
	}

	ResultActions select(KehouUser who, long student, long offering, String key) throws Exception {
		String body = key == null ? "{\"offeringId\": " + offering + "}"
				: "{\"offeringId\": " + offering + ", \"requestKey\": \"" + key + "\"}";
		return mvc.perform(post("/api/v1/students/{s}/places", student).with(user(who)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body));
	}

	long idOf(long student, long offering) {
		return jdbc.sql("SELECT max(id) FROM place WHERE student_id = :s AND offering_id = :o")
			.param("s", student)
			.param("o", offering)
			.query(Long.class)
			.single();
	}

	static long id(ResultActions result) throws Exception {
		String json = result.andReturn().getResponse().getContentAsString();
		return Long.parseLong(json.replaceAll(".*\"placeId\":(\\d+).*", "$1"));
	}

	KehouUser account(String login) {
		return org.kehou.TestAccounts.account(jdbc, cipher, login);
	}
}
