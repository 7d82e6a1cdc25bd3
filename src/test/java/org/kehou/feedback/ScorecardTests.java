package org.kehou.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.providers.Whitelist;
import org.kehou.selection.PlaceStatus;
import org.kehou.selection.Places;
import org.kehou.selection.SelectionRefused;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Provider scorecards and the exit rule on the demo city: the figures from planted ratings, provider-linked survey
 * answers, check-ins, cancellations, inspections, complaints and credits (city-wide and restricted to a town); and
 * the acceptance — ratings bring a provider below 80 % → two sweeps at once flag it once (notices to the city and
 * both towns) → town 1 suspends its admission → a guardian's selection of its offering in town 1 is refused while its
 * offering in town 2 still takes places; a town may not expel; keep-with-rectification records the deadline; the
 * town lifts its suspension; the city expels it through the providers' exit path.
 */
@DemoCityTest
class ScorecardTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	Scorecards scorecards;

	@Autowired
	ExitReviews reviews;

	@Autowired
	Whitelist whitelist;

	@Autowired
	Places places;

	ScorecardWorld world;

	@BeforeEach
	void world() {
		world = new ScorecardWorld(jdbc, cipher);
	}

	@AfterEach
	void clean() {
		world.clean();
	}

	@Test
	void theScorecardAddsUpRatingsSurveysCheckInsInspectionsComplaintsAndCredits() {
		long a = world.offering(world.school1, "测试书法", 8);
		long b = world.offering(world.school2, "测试围棋", 8);
		world.ratings(a, 5, 4, 4, 3, 2);
		world.ratings(b, 5, 5);
		world.survey(world.school1, 5, 4, 1, 2);
		List<Long> sa = world.sessions(a);
		world.checkIn(sa.get(0), -10);
		world.checkIn(sa.get(1), 5);
		world.cancel(sa.get(3));
		world.inspect(sa.get(0), 4, 5, 3, 4);
		world.complaint(a, "SUBSTANTIATED", true);
		world.complaint(a, "PARTLY", false);
		world.complaint(b, null, false);
		world.credit(a, 2, 3000);
		LocalDateTime now = world.during(3); // sessions of weeks 0–3 have started

		Scorecard city = scorecards.card(world.provider, world.term, Scorecards.Reach.ALL, now).orElseThrow();
		assertThat(city.restricted()).isFalse();
		assertThat(city.ratings().count()).isEqualTo(7);
		assertThat(city.ratings().satisfied()).isEqualTo(5);
		assertThat(city.ratings().average()).isEqualByComparingTo("4.00");
		assertThat(city.ratingSatisfaction()).isEqualByComparingTo("71.4");
		assertThat(city.surveyAnswers()).isEqualTo(4);
		assertThat(city.surveySatisfied()).isEqualTo(2);
		assertThat(city.surveySatisfaction()).isEqualByComparingTo("50.0");
		// combined = (5 + 2) / (7 + 4)
		assertThat(city.sample()).isEqualTo(11);
		assertThat(city.satisfaction()).isEqualByComparingTo("63.6");
		assertThat(city.ratings().criterion(RatingCriterion.TEACHING)).isEqualByComparingTo("4.00");
		// A: weeks 0–2 held (week 3 cancelled), on time / late / missing; B: weeks 0–3 held, none checked in
		assertThat(city.attendance()).isEqualTo(new Scorecard.Attendance(7, 1, 1, 5, 1));
		assertThat(city.inspection().visits()).isEqualTo(1);
		assertThat(city.inspection().average()).isEqualByComparingTo("4.00");
		assertThat(city.inspection().criteria().get("SAFETY")).isEqualByComparingTo("5.00");
		assertThat(city.complaints()).isEqualTo(new Scorecard.ComplaintFigures(3, 1, 1, 1));
		assertThat(city.refunds()).isEqualTo(new Scorecard.Refunds(1, 3000));
		assertThat(city.offerings()).extracting(Scorecard.OfferingLine::offeringId).containsExactlyInAnyOrder(a, b);
		Scorecard.OfferingLine lineA = city.offerings().stream().filter(o -> o.offeringId() == a).findFirst().orElseThrow();
		assertThat(lineA.ratings()).isEqualTo(5);
		assertThat(lineA.satisfactionPercent()).isEqualByComparingTo("60.0");
		assertThat(lineA.held()).isEqualTo(3);
		assertThat(lineA.late()).isEqualTo(1);
		assertThat(lineA.missing()).isEqualTo(1);
		assertThat(lineA.cancelled()).isEqualTo(1);
		assertThat(lineA.complaints()).isEqualTo(2);

		// a town sees the figures of its schools (and its schools' campaigns) only
		KehouUser town1 = world.account("town1");
		Scorecard t1 = scorecards.card(world.provider, world.term, scorecards.reach(town1.scope()), now).orElseThrow();
		assertThat(t1.restricted()).isTrue();
		assertThat(t1.ratings().count()).isEqualTo(5);
		assertThat(t1.surveyAnswers()).isEqualTo(4);
		assertThat(t1.satisfaction()).isEqualByComparingTo("55.6");
		assertThat(t1.attendance()).isEqualTo(new Scorecard.Attendance(3, 1, 1, 1, 1));
		assertThat(t1.complaints().count()).isEqualTo(2);
		assertThat(t1.offerings()).extracting(Scorecard.OfferingLine::offeringId).containsExactly(a);
		Scorecard.Term term = world.term;
		assertThat(scorecards.providers(town1.scope(), term)).contains(world.provider);
		KehouUser school2 = world.account("school2");
		Scorecard s2 = scorecards.card(world.provider, term, scorecards.reach(school2.scope()), now).orElseThrow();
		assertThat(s2.ratings().count()).isEqualTo(2);
		assertThat(s2.surveyAnswers()).isZero();
		assertThat(s2.satisfaction()).isEqualByComparingTo("100.0");
		assertThat(s2.complaints().count()).isEqualTo(1);
		// a provider admin sees only itself in the list
		KehouUser provider1 = world.account("provider1");
		assertThat(scorecards.providers(provider1.scope(), term)).containsExactly(provider1.scope().providerId());

		// 63.6 % is below 80 % but the sample of 11 is below the minimum of 20: not flagged
		assertThat(reviews.evaluate(world.provider, term, now)).isEmpty();
	}

	@Test
	void lowRatingsFlagTheProviderOnceAndTheTownsSuspensionStopsItsOfferingsThere() throws Exception {
		long a = world.offering(world.school1, "测试美术", 8);
		long b = world.offering(world.school2, "测试舞蹈", 8);
		int[] scores = new int[20];
		for (int k = 0; k < 20; k++) {
			scores[k] = k < 12 ? 5 : 2;
		}
		world.ratings(a, scores);
		LocalDateTime now = world.during(2);
		Scorecard.Term term = world.term;
		assertThat(scorecards.card(world.provider, term, Scorecards.Reach.ALL, now).orElseThrow().satisfaction())
			.isEqualByComparingTo("60.0");

		// two sweeps at once (two nodes): one exit review
		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<List<Long>>> runs = new ArrayList<>();
		for (int k = 0; k < 2; k++) {
			runs.add(pool.submit(() -> {
				start.await();
				return reviews.sweep(now);
			}));
		}
		start.countDown();
		List<Long> flagged = new ArrayList<>();
		for (Future<List<Long>> run : runs) {
			flagged.addAll(run.get());
		}
		pool.shutdown();
		long review = jdbc.sql("SELECT id FROM exit_review WHERE provider_id = :p").param("p", world.provider)
			.query(Long.class).single();
		assertThat(flagged).containsOnlyOnce(review);
		assertThat(reviews.sweep(now)).doesNotContain(review);
		assertThat(reviews.evaluate(world.provider, term, now)).isEmpty();
		ExitReviewView flag = reviews.find(review).orElseThrow();
		assertThat(flag.satisfaction()).isEqualByComparingTo("60.0");
		assertThat(flag.sample()).isEqualTo(20);
		assertThat(flag.threshold()).isEqualByComparingTo("80");
		assertThat(flag.evidence()).isNotNull();
		assertThat(flag.evidence().ratings().count()).isEqualTo(20);
		assertThat(flag.evidence().offerings()).hasSize(2);

		// the notice reached the city and both towns' offices, once each
		KehouUser city = world.account("city");
		KehouUser town1 = world.account("town1");
		KehouUser town2 = jdbc.sql("SELECT username FROM app_user WHERE role = 'TOWN_ADMIN' AND town_id = :t AND enabled LIMIT 1")
			.param("t", world.town2).query(String.class).optional().map(world::account).orElse(null);
		for (KehouUser u : town2 == null ? List.of(city, town1) : List.of(city, town1, town2)) {
			assertThat(jdbc.sql("""
					SELECT count(*) FROM inbox_message WHERE recipient_user_id = :u AND dedup_key = :k AND topic = 'scorecard.flagged'""")
				.param("u", u.id()).param("k", "exit-review-" + review).query(Integer.class).single())
				.as("notice to " + u.getUsername()).isEqualTo(1);
		}
		assertThat(reviews.list(town1.scope(), false, 0, 100).items()).extracting(ExitReviewView::id).contains(review);
		assertThat(reviews.towns(review).orElseThrow()).contains(world.town1, world.town2);

		// town 1 suspends the admission to its pool
		LocalDate today = LocalDate.now(ScorecardWorld.CITY);
		reviews.decide(town1, review, ExitDecision.SUSPEND, "满意度连续偏低，暂停本镇街准入", null, null, today);
		assertThat(whitelist.isAdmitted(world.provider, world.town1, today)).isFalse();
		assertThat(whitelist.isAdmitted(world.provider, world.town2, today)).isTrue();
		assertThat(jdbc.sql("SELECT status FROM provider_town_admission WHERE provider_id = :p AND town_id = :t")
			.param("p", world.provider).param("t", world.town1).query(String.class).single()).isEqualTo("SUSPENDED");
		assertThat(jdbc.sql("SELECT action FROM provider_review WHERE provider_id = :p ORDER BY id DESC LIMIT 1")
			.param("p", world.provider).query(String.class).single()).isEqualTo("TOWN_SUSPEND");
		assertThat(jdbc.sql("SELECT status FROM provider WHERE id = :p").param("p", world.provider).query(String.class)
			.single()).isEqualTo("APPROVED");

		// a guardian's selection of its offering in town 1 is refused; in town 2 it still takes places
		long child1 = world.children(world.school1, 1).get(0);
		long child2 = world.children(world.school2, 1).get(0);
		world.openRound(world.school1, List.of(child1));
		world.openRound(world.school2, List.of(child2));
		assertThatThrownBy(() -> places.select(child1, a, null, null)).isInstanceOfSatisfying(SelectionRefused.class,
				e -> assertThat(e.reason()).isEqualTo(SelectionRefused.Reason.PROVIDER_NOT_ADMITTED));
		assertThat(places.select(child2, b, null, null).status()).isEqualTo(PlaceStatus.CONFIRMED);

		// a town may not expel; keeping with rectification needs a note and a deadline, and records them
		assertThatThrownBy(() -> reviews.decide(town1, review, ExitDecision.EXPEL, "清退", null, null, today))
			.isInstanceOfSatisfying(ExitReviewRefused.class,
					e -> assertThat(e.reason()).isEqualTo(ExitReviewRefused.Reason.FORBIDDEN));
		assertThatThrownBy(() -> reviews.decide(town1, review, ExitDecision.RECTIFY, "限期整改", "整改教学", null, today))
			.isInstanceOfSatisfying(ExitReviewRefused.class,
					e -> assertThat(e.messageKey()).isEqualTo("scorecard.invalid.deadline"));
		assertThatThrownBy(() -> reviews.decide(town1, review, ExitDecision.SUSPEND, " ", null, null, today))
			.isInstanceOf(ExitReviewRefused.class);
		LocalDate deadline = today.plusDays(30);
		reviews.decide(town1, review, ExitDecision.RECTIFY, "限期整改", "更换授课教师，每周报送整改情况", deadline, today);
		// the town lifts its own suspension: its offering takes places again
		reviews.decide(town1, review, ExitDecision.LIFT, "整改到位", null, null, today);
		assertThat(whitelist.isAdmitted(world.provider, world.town1, today)).isTrue();
		assertThat(places.select(child1, a, null, null).status()).isEqualTo(PlaceStatus.CONFIRMED);

		// the city expels it through the providers' exit path
		reviews.decide(city, review, ExitDecision.EXPEL, "整改期满仍不达标，予以清退", null, null, today);
		assertThat(jdbc.sql("SELECT status FROM provider WHERE id = :p").param("p", world.provider).query(String.class)
			.single()).isEqualTo("EXPELLED");
		assertThat(jdbc.sql("SELECT action FROM provider_review WHERE provider_id = :p ORDER BY id DESC LIMIT 1")
			.param("p", world.provider).query(String.class).single()).isEqualTo("EXPEL");
		assertThat(whitelist.isAdmitted(world.provider, world.town2, today)).isFalse();

		ExitReviewView decided = reviews.find(review).orElseThrow();
		assertThat(decided.decisions()).extracting(ExitReviewView.Decision::decision)
			.containsExactly(ExitDecision.SUSPEND, ExitDecision.RECTIFY, ExitDecision.LIFT, ExitDecision.EXPEL);
		ExitReviewView.Decision rectify = decided.decisions().get(1);
		assertThat(rectify.level()).isEqualTo("TOWN");
		assertThat(rectify.townId()).isEqualTo(world.town1);
		assertThat(rectify.deadline()).isEqualTo(deadline);
		assertThat(rectify.rectification()).contains("更换授课教师");
		assertThat(decided.decisions().get(3).level()).isEqualTo("CITY");
		assertThat(reviews.list(town1.scope(), true, 0, 100).items()).extracting(ExitReviewView::id).contains(review);
		assertThat(reviews.list(town1.scope(), false, 0, 100).items()).extracting(ExitReviewView::id).doesNotContain(review);
	}

	@Test
	void theThresholdIsStrictlyBelowAndNeedsTheMinimumSample() {
		long a = world.offering(world.school1, "测试合唱", 8);
		int[] scores = new int[20];
		for (int k = 0; k < 20; k++) {
			scores[k] = k < 16 ? 4 : 1; // exactly 80 %
		}
		world.ratings(a, scores);
		Scorecard card = scorecards.card(world.provider, world.term, Scorecards.Reach.ALL, world.during(1)).orElseThrow();
		assertThat(card.satisfaction()).isEqualByComparingTo(BigDecimal.valueOf(80));
		assertThat(reviews.below(card)).isFalse();
		assertThat(reviews.evaluate(world.provider, world.term, world.during(1))).isEmpty();
	}
}
