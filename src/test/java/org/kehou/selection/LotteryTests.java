package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.selection.SelectionRefused.Reason;
import org.kehou.selection.internal.LotteryJob;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The lottery on the real database: choices are checked and replaced as a whole, a closed round is drawn once
 * (by the school or the job, also with two "nodes" at once) within capacity and without overlaps, priority groups
 * and siblings count, and a draw verifies from its exported inputs while a changed input or seed does not.
 */
@DemoCityTest
class LotteryTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LotteryChoices choices;

	@Autowired
	Lotteries lotteries;

	@Autowired
	LotteryJob job;

	@Autowired
	Places places;

	@Autowired
	MockMvc mvc;

	@Autowired
	PersonalDataCipher cipher;

	SelectionWorld world;

	@BeforeEach
	void world() {
		world = new SelectionWorld(jdbc);
	}

	long lotteryRound(int maxChoices, boolean keepSiblings, Map<String, Integer> priorities) {
		long round = world.openRound(RoundMode.LOTTERY);
		jdbc.sql("UPDATE selection_round SET max_choices = :c, keep_siblings = :k WHERE id = :r")
			.param("c", maxChoices).param("k", keepSiblings).param("r", round).update();
		priorities.forEach((group, weight) -> jdbc
			.sql("INSERT INTO lottery_priority (round_id, group_code, weight) VALUES (:r, :g, :w)")
			.param("r", round).param("g", group).param("w", weight).update());
		return round;
	}

	void close(long round) {
		jdbc.sql("""
				UPDATE selection_round SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 second'
				WHERE id = :r""").param("r", round).update();
	}

	@Test
	void choicesAreCheckedAndAResubmissionReplacesThem() {
		long round = lotteryRound(2, false, Map.of());
		long a = world.offering("书法", 1, "2 16:00-17:00");
		long b = world.offering("围棋", 1, "3 16:00-17:00");
		long c = world.offering("舞蹈", 1, "4 16:00-17:00");
		long child = world.child();

		LotteryChoices.ChildLottery saved = choices.submit(child, round, List.of(a, b));
		assertThat(saved.choices()).extracting(LotteryChoices.Choice::offeringId).containsExactly(a, b);
		assertThat(saved.outcome()).isEqualTo(LotteryChoices.Outcome.PENDING);
		assertThat(choices.submit(child, round, List.of(c)).choices()).extracting(LotteryChoices.Choice::offeringId)
			.containsExactly(c);
		assertThat(choices.of(child, round).choices()).hasSize(1);
		assertThat(choices.options(child, round)).extracting(LotteryChoices.Option::offeringId).contains(a, b, c);

		assertRefused(() -> choices.submit(child, round, List.of(a, b, c)), Reason.CHOICES_INVALID);
		assertRefused(() -> choices.submit(child, round, List.of(a, a)), Reason.CHOICES_INVALID);
		long unregistered = world.children(1, false).get(0);
		assertRefused(() -> choices.submit(unregistered, round, List.of(a)), Reason.NOT_REGISTERED);
		SelectionWorld other = new SelectionWorld(jdbc);
		long elsewhere = other.offering("外学期", 5, "2 16:00-17:00");
		assertRefused(() -> choices.submit(child, round, List.of(elsewhere)), Reason.CHOICES_INVALID);
		jdbc.sql("UPDATE offering SET status = 'CANCELLED' WHERE id = :o").param("o", b).update();
		assertRefused(() -> choices.submit(child, round, List.of(b)), Reason.OFFERING_NOT_OPEN);
		long otherSchoolRound = jdbc.sql("""
				INSERT INTO selection_round (term_id, school_id, name, mode, opens_at, closes_at)
				SELECT t.id, t.school_id, '别校轮次', 'LOTTERY', now() + make_interval(days => :d), now() + make_interval(days => :d + 1)
				FROM term t JOIN app_user u ON u.school_id = t.school_id WHERE u.username = 'school2' ORDER BY t.id LIMIT 1
				RETURNING id""").param("d", java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000, 20_000))
			.query(Long.class).single();
		assertRefused(() -> choices.submit(child, otherSchoolRound, List.of(a)), Reason.NOT_FOUND);
		assertRefused(() -> choices.of(child, otherSchoolRound), Reason.NOT_FOUND);

		assertThat(choices.submit(child, round, List.of()).choices()).as("an empty list withdraws").isEmpty();
		close(round);
		assertRefused(() -> choices.submit(child, round, List.of(a)), Reason.ROUND_NOT_OPEN);
		long firstCome = other.openRound(RoundMode.FIRST_COME);
		assertRefused(() -> choices.submit(child, firstCome, List.of(a)), Reason.ROUND_FIXED);
	}

	@Test
	void aClosedRoundIsDrawnOnceWithinCapacityAndVerifies() {
		long round = lotteryRound(3, false, Map.of("STAFF_CHILD", 40, "SUBSISTENCE", 20));
		long one = world.offering("书法", 1, "2 16:00-17:00");
		long two = world.offering("围棋", 2, "3 16:00-17:00");
		long clash = world.offering("舞蹈", 5, "3 16:30-17:30"); // overlaps "two"
		List<Long> kids = world.children(8, true);
		long staffChild = kids.get(7);
		jdbc.sql("INSERT INTO staff_child (student_id) VALUES (:s)").param("s", staffChild).update();
		// hardship: only approved evidence counts (rows removed at the end: the demo city's counts stay)
		jdbc.sql("""
				INSERT INTO student_hardship (student_id, category, evidence_status)
				VALUES (:a, 'SUBSISTENCE', 'APPROVED'), (:p, 'SUBSISTENCE', 'PENDING')""")
			.param("a", kids.get(6)).param("p", kids.get(5)).update();
		try {
			drawOnce(round, kids, staffChild, one, two, clash);
		}
		finally {
			jdbc.sql("DELETE FROM student_hardship WHERE student_id IN (:a, :p)").param("a", kids.get(6))
				.param("p", kids.get(5)).update();
		}
	}

	void drawOnce(long round, List<Long> kids, long staffChild, long one, long two, long clash) {
		for (long kid : kids) {
			choices.submit(kid, round, List.of(one, two));
		}
		assertRefused(() -> lotteries.draw(round, Instant.now()), Reason.ROUND_FIXED); // still open
		close(round);

		Lotteries.Draw draw = lotteries.draw(round, Instant.now());
		assertThat(draw.children()).isEqualTo(8);
		assertThat(draw.won()).isEqualTo(3);
		assertThat(draw.waitlisted()).isEqualTo(5);
		assertThat(draw.seed()).matches("[0-9a-f]{32}");
		assertThat(world.taken(one)).isEqualTo(1);
		assertThat(world.taken(two)).isEqualTo(2);
		assertThat(world.count(one, PlaceStatus.CONFIRMED)).isEqualTo(1);
		assertThat(world.count(two, PlaceStatus.CONFIRMED)).isEqualTo(2);
		assertThat(world.count(one, PlaceStatus.WAITLISTED)).as("those who got nothing wait for their first choice")
			.isEqualTo(5);
		assertThat(world.count(clash, PlaceStatus.CONFIRMED)).isZero();

		LotteryChoices.ChildLottery staff = choices.of(staffChild, round);
		assertThat(staff.outcome()).as("the weighted child wins its first choice").isEqualTo(LotteryChoices.Outcome.WON);
		assertThat(staff.wonRank()).isEqualTo(1);
		assertThat(staff.offeringId()).isEqualTo(one);
		List<PlaceView> waitlist = places.roster(one).stream().filter(p -> p.status() == PlaceStatus.WAITLISTED).toList();
		assertThat(waitlist).extracting(PlaceView::position).containsExactly(1, 2, 3, 4, 5);
		assertThat(waitlist).extracting(PlaceView::source).containsOnly(PlaceSource.LOTTERY);

		SelectionRound drawn = lotteries.summary(round).round();
		assertThat(drawn.status()).isEqualTo(RoundStatus.DRAWN);
		assertThat(drawn.seed()).isEqualTo(draw.seed());
		assertThat(drawn.drawDigest()).isEqualTo(draw.resultSha256());
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'selection.lottery.draw' AND target_id = :r")
			.param("r", String.valueOf(round)).query(Integer.class).single()).isEqualTo(1);

		// once only: by hand, by the job, by the choices
		assertRefused(() -> lotteries.draw(round, Instant.now()), Reason.ROUND_FIXED);
		assertThat(lotteries.drawIfDue(round, Instant.now())).isEmpty();
		assertRefused(() -> choices.submit(kids.get(0), round, List.of(one)), Reason.ROUND_NOT_OPEN);

		// verification: the export re-runs to the same digest; a changed choice, weight or seed does not
		String export = lotteries.export(round).orElseThrow();
		assertThat(LotteryVerify.verify(export, null).matches()).isTrue();
		assertThat(lotteries.verifyStored(round).matches()).isTrue();
		assertThat(LotteryInputs.fromJson(export).inputs().sha256()).isEqualTo(draw.inputsSha256());
		assertThat(lotteries.verifyUpload(round, export.getBytes(StandardCharsets.UTF_8), null).matches()).isTrue();
		assertThat(lotteries.verifyUpload(round, export.getBytes(StandardCharsets.UTF_8), "0".repeat(32)).matches())
			.as("another seed").isFalse();
		Map<Long, Integer> weights = new java.util.HashMap<>();
		LotteryInputs.fromJson(export).inputs().children().forEach(c -> weights.put(c.id(), c.weight()));
		assertThat(weights).containsEntry(staffChild, 40).containsEntry(kids.get(6), 20).containsEntry(kids.get(5), 0);
		String choice = "\"choices\":[" + one + "," + two + "]";
		assertThat(export).contains(choice);
		assertThat(LotteryVerify.verify(export.replaceFirst(java.util.regex.Pattern.quote(choice),
				"\"choices\":[" + two + "," + one + "]"), null).matches()).as("a changed choice").isFalse();
		assertThat(LotteryVerify.verify(export.replace("\"weight\":40", "\"weight\":0"), null).matches())
			.as("a changed weight").isFalse();
	}

	@Test
	void aChildHoldingAnOverlappingPlaceGetsItsNextChoiceAndSiblingsDrawTogether() throws Exception {
		long round = lotteryRound(3, true, Map.of());
		long held = world.offering("已选", 5, "2 16:00-17:00");
		long first = world.offering("书法", 5, "2 16:30-17:30");
		long second = world.offering("围棋", 5, "4 16:00-17:00");
		long third = world.offering("美术", 5, "5 16:00-17:00");
		long child = world.child();
		// a place held already (e.g. from a first-come round): overlapping the first choice
		jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', place_busy(:o, NULL), now())""")
			.param("o", held).param("s", child).param("t", world.term).update();
		jdbc.sql("UPDATE offering SET taken = 1 WHERE id = :o").param("o", held).update();
		choices.submit(child, round, List.of(first, third));
		// guardian 13800000001's two children (siblings, school1) join the world's term
		List<Long> siblings = jdbc.sql("""
				SELECT sg.student_id FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
				JOIN app_user u ON u.guardian_id = g.id WHERE u.phone_hash = :h ORDER BY sg.student_id""")
			.param("h", cipher.phoneHash("13800000001")).query(Long.class).list();
		assertThat(siblings).hasSize(2);
		for (long s : siblings) {
			jdbc.sql("INSERT INTO registration (student_id, term_id, school_id, status) VALUES (:s, :t, :sc, 'REGISTERED')")
				.param("s", s).param("t", world.term).param("sc", world.school).update();
			choices.submit(s, round, List.of(second));
		}
		List<Long> others = world.children(10, true);
		for (long o : others) {
			choices.submit(o, round, List.of(second));
		}
		close(round);
		assertThat(job.run(Instant.now())).contains(round);
		assertThat(job.run(Instant.now())).doesNotContain(round);

		assertThat(choices.of(child, round).wonRank()).isEqualTo(2);
		assertThat(world.taken(second)).isEqualTo(5);
		assertThat(world.taken(first)).isZero();
		assertThat(world.taken(third)).isOne();
		LotteryInputs inputs = LotteryInputs.fromJson(lotteries.export(round).orElseThrow()).inputs();
		assertThat(inputs.children().stream().filter(c -> siblings.contains(c.id())).map(LotteryInputs.Child::siblings))
			.containsOnly(siblings.get(0));
		List<Long> order = LotteryDraw.run(inputs).order();
		assertThat(Math.abs(order.indexOf(siblings.get(0)) - order.indexOf(siblings.get(1)))).isEqualTo(1);
		assertThat(lotteries.draw(round).orElseThrow().drawnBy()).as("drawn by the job").isNull();
	}

	@Test
	void twoNodesDrawingAtOnceDrawOnce() throws Exception {
		long round = lotteryRound(1, false, Map.of());
		long offering = world.offering("书法", 3, "2 16:00-17:00");
		for (long kid : world.children(20, true)) {
			choices.submit(kid, round, List.of(offering));
		}
		close(round);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> results = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Callable<Boolean> node = () -> {
				start.await();
				return lotteries.drawIfDue(round, Instant.now()).isPresent();
			};
			results.add(pool.submit(node));
		}
		start.countDown();
		int drawn = 0;
		for (Future<Boolean> f : results) {
			drawn += f.get() ? 1 : 0;
		}
		pool.shutdown();
		assertThat(drawn).isEqualTo(1);
		assertThat(world.taken(offering)).isEqualTo(3);
		assertThat(world.count(offering, PlaceStatus.CONFIRMED)).isEqualTo(3);
		assertThat(world.count(offering, PlaceStatus.WAITLISTED)).isEqualTo(17);
	}

	@Test
	void guardiansAndSchoolsUseTheApiAndThePages() throws Exception {
		long round = lotteryRound(2, false, Map.of());
		long a = world.offering("书法", 1, "2 16:00-17:00");
		long b = world.offering("围棋", 1, "3 16:00-17:00");
		long child = world.child();
		KehouUser guardian = guardianOf(child);
		KehouUser school = schoolAdmin();
		try {
			mvc.perform(put("/api/v1/students/{id}/lottery-choices", child).param("round", String.valueOf(round))
				.with(user(guardian)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
				.content("{\"offeringIds\": [" + a + ", " + b + "]}"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.choices[0].offeringId").value(a))
				.andExpect(jsonPath("$.outcome").value("PENDING"));
			mvc.perform(put("/api/v1/students/{id}/lottery-choices", child).param("round", String.valueOf(round))
				.param("lang", "en").with(user(guardian)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
				.content("{\"offeringIds\": [" + a + ", " + a + "]}"))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.reason").value("CHOICES_INVALID"));
			mvc.perform(get("/m/children/{id}/lottery", child).with(user(guardian)))
				.andExpect(status().isOk())
				.andExpect(content().string(org.hamcrest.Matchers.containsString("name=\"choice\"")));
			mvc.perform(post("/m/children/{id}/lottery", child).param("round", String.valueOf(round))
				.param("choice", String.valueOf(b), "").with(user(guardian)).with(csrf()))
				.andExpect(status().is3xxRedirection())
				.andExpect(flash().attribute("flash", "志愿已保存"));
			assertThat(choices.of(child, round).choices()).extracting(LotteryChoices.Choice::offeringId).containsExactly(b);

			close(round);
			mvc.perform(get("/console/rounds/{id}/lottery", round).with(user(school)))
				.andExpect(status().isOk())
				.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"draw\"")));
			mvc.perform(post("/console/rounds/{id}/lottery/draw", round).with(user(school)).with(csrf()))
				.andExpect(status().is3xxRedirection());
			mvc.perform(post("/api/v1/rounds/{id}/lottery/draw", round).with(user(school)).with(csrf()))
				.andExpect(status().isConflict())
				.andExpect(jsonPath("$.reason").value("ROUND_FIXED"));
			mvc.perform(get("/api/v1/rounds/{id}/lottery", round).with(user(school)))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("DRAWN"))
				.andExpect(jsonPath("$.won").value(1));
			mvc.perform(get("/m/children/{id}/lottery", child).with(user(guardian)).param("lang", "en"))
				.andExpect(status().isOk())
				.andExpect(content().string(org.hamcrest.Matchers.containsString("Choice 1 &quot;围棋")));
			String export = mvc.perform(get("/api/v1/rounds/{id}/lottery/inputs", round).with(user(school)))
				.andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
			mvc.perform(post("/api/v1/rounds/{id}/lottery/verify", round).with(user(school)).with(csrf()))
				.andExpect(jsonPath("$.matches").value(true));
			mvc.perform(multipart("/api/v1/rounds/{id}/lottery/verify-upload", round)
				.file(new MockMultipartFile("file", "inputs.json", "application/json", export.getBytes(StandardCharsets.UTF_8)))
				.param("seed", "ab".repeat(16)).with(user(school)).with(csrf()))
				.andExpect(jsonPath("$.matches").value(false));
			mvc.perform(multipart("/console/rounds/{id}/lottery/verify-upload", round)
				.file(new MockMultipartFile("file", "inputs.json", "application/json", export.getBytes(StandardCharsets.UTF_8)))
				.with(user(school)).with(csrf()))
				.andExpect(status().isOk())
				.andExpect(content().string(org.hamcrest.Matchers.containsString("一致")))
				.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("不一致"))));
			mvc.perform(multipart("/console/rounds/{id}/lottery/verify-upload", round)
				.file(new MockMultipartFile("file", "inputs.json", "application/json",
						export.replace("\"free\":1", "\"free\":2").getBytes(StandardCharsets.UTF_8)))
				.with(user(school)).with(csrf()))
				.andExpect(content().string(org.hamcrest.Matchers.containsString("不一致")));
			mvc.perform(post("/console/rounds/{id}/lottery/verify", round).with(user(school)).with(csrf()).param("lang", "en"))
				.andExpect(content().string(org.hamcrest.Matchers.containsString("Matches")));
			mvc.perform(multipart("/api/v1/rounds/{id}/lottery/verify-upload", round)
				.file(new MockMultipartFile("file", "x.json", "application/json", new byte[] { 1, 2 }))
				.with(user(school)).with(csrf()))
				.andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("BAD_FILE"));
		}
		finally {
			jdbc.sql("DELETE FROM student_guardian WHERE student_id = :s").param("s", child).update();
		}
	}

	/** A demo guardian linked to the world's child for the test (removed afterwards: demo counts stay). */
	KehouUser guardianOf(long child) {
		long guardian = jdbc.sql("SELECT u.guardian_id FROM app_user u WHERE u.phone_hash = :h")
			.param("h", cipher.phoneHash("13800000002")).query(Long.class).single();
		jdbc.sql("INSERT INTO student_guardian (student_id, guardian_id, relation) VALUES (:s, :g, 'MOTHER')")
			.param("s", child).param("g", guardian).update();
		return new KehouUser(-7, "13800000002", "家长", null, Role.GUARDIAN,
				new Scope(Role.GUARDIAN, null, null, guardian, null), null, false, false, true);
	}

	KehouUser schoolAdmin() {
		Long town = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", world.school)
			.query(Long.class).optional().orElse(null);
		return new KehouUser(-8, "school1-test", "school1", null, Role.SCHOOL_ADMIN,
				new Scope(Role.SCHOOL_ADMIN, town, world.school, null, null), null, false, false, true);
	}

	static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
		assertThatThrownBy(call).isInstanceOfSatisfying(SelectionRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
	}

}
