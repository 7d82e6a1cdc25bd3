package org.kehou.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Ratings on the real database: who may rate when (held sessions, a confirmed place, the term open), one rating per
 * child, offering and term under concurrency, editing, validation, screening of comments, the comparison figures
 * and the public summary threshold, and the scorecard's satisfaction.
 */
@DemoCityTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatingTests {

	static final String PHONE = "13812345678";

	static final String ID_NUMBER = "110101201001011234";

	@Autowired
	Ratings ratings;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	RatingWorld world;

	@BeforeAll
	void world() {
		world = new RatingWorld(jdbc, cipher);
	}

	@AfterAll
	void clean() {
		world.clean();
	}

	static Ratings.Rating rating(@Nullable Integer overall, @Nullable Integer all, @Nullable String comment) {
		Map<RatingCriterion, @Nullable Integer> scores = new EnumMap<>(RatingCriterion.class);
		for (RatingCriterion c : RatingCriterion.values()) {
			scores.put(c, all);
		}
		return new Ratings.Rating(overall, scores, comment);
	}

	KehouUser guardianOf(long child) {
		return RatingWorld.guardianUser(world.guardian(child));
	}

	@Test
	void aGuardianRatesOnlyAfterEnoughHeldSessionsOfAPlace() {
		long offering = world.offering("评价资格", 6, null);
		long child = world.child();
		world.place(offering, child);
		KehouUser guardian = guardianOf(child);
		// three sessions held (weeks 0–2): too early
		assertThatThrownBy(() -> ratings.rate(guardian, child, offering, rating(5, 5, null), world.afterSession(2)))
			.isInstanceOfSatisfying(RatingRefused.class, e -> assertThat(e.reason()).isEqualTo(RatingRefused.Reason.TOO_EARLY));
		// the fourth session is under way, not yet held
		assertThatThrownBy(() -> ratings.rate(guardian, child, offering, rating(5, 5, null),
				world.monday.plusWeeks(3).atTime(16, 0)))
			.isInstanceOf(RatingRefused.class);
		assertThat(ratings.ofChild(child, guardian.scope().guardianId(), world.afterSession(2)))
			.filteredOn(o -> o.offeringId() == offering)
			.singleElement()
			.satisfies(o -> {
				assertThat(o.state()).isEqualTo(ChildOffering.State.TOO_EARLY);
				assertThat(o.held()).isEqualTo(3);
			});
		// a cancelled session is not held
		jdbc.sql("UPDATE class_session SET status = 'CANCELLED' WHERE offering_id = :o AND session_date = :d")
			.param("o", offering).param("d", world.monday).update();
		assertThatThrownBy(() -> ratings.rate(guardian, child, offering, rating(5, 5, null), world.afterSession(3)))
			.isInstanceOf(RatingRefused.class);
		Ratings.Rated rated = ratings.rate(guardian, child, offering, rating(5, 4, null), world.afterSession(4));
		assertThat(rated.revised()).isFalse();
		assertThat(rated.rating().overall()).isEqualTo(5);
		assertThat(rated.rating().score(RatingCriterion.SAFETY)).isEqualTo(4);
		assertThat(ratings.ofChild(child, guardian.scope().guardianId(), world.afterSession(4)))
			.filteredOn(o -> o.offeringId() == offering)
			.singleElement()
			.satisfies(o -> assertThat(o.state()).isEqualTo(ChildOffering.State.RATED));
	}

	@Test
	void aChildWithoutAPlaceOrOnOtherWeekdaysCannotRate() {
		long offering = world.offering("无名额", 6, null);
		long child = world.child();
		assertThatThrownBy(() -> ratings.rate(guardianOf(child), child, offering, rating(5, 5, null), world.afterSession(5)))
			.isInstanceOfSatisfying(RatingRefused.class,
					e -> assertThat(e.reason()).isEqualTo(RatingRefused.Reason.NOT_ATTENDING));
		// a place on Tuesdays only: the Monday sessions are not the child's
		long tuesday = world.child();
		world.place(offering, tuesday, 2);
		assertThatThrownBy(() -> ratings.rate(guardianOf(tuesday), tuesday, offering, rating(5, 5, null), world.afterSession(5)))
			.isInstanceOfSatisfying(RatingRefused.class, e -> assertThat(e.reason()).isEqualTo(RatingRefused.Reason.TOO_EARLY));
		assertThat(jdbc.sql("SELECT count(*) FROM offering_rating WHERE offering_id = :o").param("o", offering)
			.query(Integer.class).single()).isZero();
	}

	@Test
	void onlyTheChildsGuardianRates() {
		long offering = world.offering("他人家长", 6, null);
		long child = world.child();
		long other = world.child();
		world.place(offering, child);
		assertThatThrownBy(() -> ratings.rate(guardianOf(other), child, offering, rating(5, 5, null), world.afterSession(5)))
			.isInstanceOfSatisfying(RatingRefused.class, e -> assertThat(e.reason()).isEqualTo(RatingRefused.Reason.NOT_FOUND));
		KehouUser teacher = world.account("teacher1");
		assertThatThrownBy(() -> ratings.rate(teacher, child, offering, rating(5, 5, null), world.afterSession(5)))
			.isInstanceOfSatisfying(RatingRefused.class,
					e -> assertThat(e.reason()).isEqualTo(RatingRefused.Reason.NOT_A_GUARDIAN));
	}

	@Test
	void badInputIsReportedPerFieldAndStoresNothing() {
		long offering = world.offering("校验", 6, null);
		long child = world.child();
		world.place(offering, child);
		Map<RatingCriterion, @Nullable Integer> scores = new EnumMap<>(RatingCriterion.class);
		scores.put(RatingCriterion.TEACHING, 6);
		scores.put(RatingCriterion.SAFETY, 0);
		scores.put(RatingCriterion.PUNCTUALITY, 3);
		assertThatThrownBy(() -> ratings.rate(guardianOf(child), child, offering,
				new Ratings.Rating(null, scores, "长".repeat(Ratings.COMMENT_MAX + 1)), world.afterSession(5)))
			.isInstanceOfSatisfying(RatingInvalid.class, e -> assertThat(e.problems().keySet())
				.containsExactlyInAnyOrder("overall", "TEACHING", "SAFETY", "INTEREST", "comment"));
		assertThat(ratings.of(child, offering, null)).isEmpty();
	}

	@Test
	void aRatingIsEditableUntilTheTermCloses() {
		long offering = world.offering("修改", 8, null);
		long child = world.child();
		world.place(offering, child);
		KehouUser guardian = guardianOf(child);
		ratings.rate(guardian, child, offering, rating(2, 2, "一般"), world.afterSession(4));
		Ratings.Rated edited = ratings.rate(guardian, child, offering, rating(4, 5, null), world.afterSession(5));
		assertThat(edited.revised()).isTrue();
		assertThat(edited.rating().overall()).isEqualTo(4);
		assertThat(edited.rating().comment()).isNull();
		assertThat(edited.rating().revisions()).isEqualTo(1);
		// past the term's last day
		LocalDateTime after = world.monday.plusWeeks(8).atTime(9, 0);
		assertThatThrownBy(() -> ratings.rate(guardian, child, offering, rating(1, 1, null), after))
			.isInstanceOfSatisfying(RatingRefused.class,
					e -> assertThat(e.reason()).isEqualTo(RatingRefused.Reason.TERM_CLOSED));
		assertThat(ratings.ofChild(child, guardian.scope().guardianId(), after))
			.filteredOn(o -> o.offeringId() == offering)
			.singleElement()
			.satisfies(o -> assertThat(o.state()).isEqualTo(ChildOffering.State.CLOSED));
		assertThat(ratings.of(child, offering, null).orElseThrow().overall()).isEqualTo(4);
	}

	@Test
	void aClosedTermRefusesRatings() {
		RatingWorld closed = new RatingWorld(jdbc, cipher);
		try {
			long offering = closed.offering("已结束", 6, null);
			long child = closed.child();
			closed.place(offering, child);
			jdbc.sql("UPDATE term SET status = 'CLOSED', closed_at = now() WHERE id = :t").param("t", closed.term).update();
			assertThatThrownBy(() -> ratings.rate(guardianOf(child), child, offering, rating(5, 5, null), closed.afterSession(5)))
				.isInstanceOfSatisfying(RatingRefused.class,
						e -> assertThat(e.reason()).isEqualTo(RatingRefused.Reason.TERM_CLOSED));
		}
		finally {
			closed.clean();
		}
	}

	@Test
	void twoGuardiansSavingAtOnceEndInOneRatingTheLaterAnEdit() throws Exception {
		long offering = world.offering("并发", 6, null);
		long child = world.child();
		world.place(offering, child);
		KehouUser first = guardianOf(child);
		KehouUser second = RatingWorld.guardianUser(world.secondGuardian(child));
		for (int round = 0; round < 5; round++) {
			jdbc.sql("DELETE FROM offering_rating WHERE offering_id = :o").param("o", offering).update();
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(2);
			try {
				List<Callable<Ratings.Rated>> both = List.of(() -> {
					start.await();
					return ratings.rate(first, child, offering, rating(5, 5, "妈妈的评语"), world.afterSession(5));
				}, () -> {
					start.await();
					return ratings.rate(second, child, offering, rating(3, 3, "爸爸的评语"), world.afterSession(5));
				});
				List<Future<Ratings.Rated>> futures = both.stream().map(pool::submit).toList();
				start.countDown();
				List<Ratings.Rated> results = List.of(futures.get(0).get(), futures.get(1).get());
				assertThat(results).extracting(Ratings.Rated::revised).containsExactlyInAnyOrder(true, false);
			}
			finally {
				pool.shutdown();
			}
			assertThat(jdbc.sql("SELECT count(*), max(revisions) FROM offering_rating WHERE offering_id = :o AND student_id = :s")
				.param("o", offering).param("s", child)
				.query((rs, i) -> List.of(rs.getInt(1), rs.getInt(2))).single()).containsExactly(1, 1);
		}
	}

	@Test
	void personalDataInACommentReachesOnlyItsAuthor() {
		long offering = world.offering("筛查", 6, world.provider());
		long child = world.child();
		world.place(offering, child);
		KehouUser author = guardianOf(child);
		long otherGuardian = world.secondGuardian(child);
		String text = "老师很好，有事请打 " + PHONE + "，孩子身份证 " + ID_NUMBER;
		Ratings.Rated rated = ratings.rate(author, child, offering, rating(5, 5, text), world.afterSession(4));
		assertThat(rated.rating().comment()).isEqualTo(text);
		assertThat(rated.rating().ownComment()).isTrue();
		RatingView seenByOther = ratings.of(child, offering, otherGuardian).orElseThrow();
		assertThat(seenByOther.comment()).doesNotContain(PHONE, ID_NUMBER).contains("老师很好").contains("5678");
		assertThat(ratings.of(child, offering, null).orElseThrow().comment()).doesNotContain(PHONE, ID_NUMBER);
		assertThat(ratings.comments(offering)).singleElement().satisfies(c -> {
			assertThat(c.text()).doesNotContain(PHONE, ID_NUMBER).contains("老师很好");
			assertThat(c.overall()).isEqualTo(5);
		});
	}

	@Test
	void theComparisonFiguresOfASchoolsOfferings() {
		long provider = world.provider();
		long a = world.offering("比较甲", 6, provider);
		long b = world.offering("比较乙", 6, null);
		List<Long> kids = world.children(5);
		kids.forEach(k -> world.place(a, k));
		world.place(b, kids.get(0));
		LocalDateTime now = world.afterSession(4);
		int[][] scores = { { 5, 5 }, { 4, 3 }, { 2, 1 } }; // overall, criteria
		for (int i = 0; i < scores.length; i++) {
			long k = kids.get(i);
			ratings.rate(guardianOf(k), k, a, rating(scores[i][0], scores[i][1], null), now);
		}
		List<OfferingScore> rows = ratings.compare(world.school, world.term, null, now);
		OfferingScore first = rows.stream().filter(r -> r.offeringId() == a).findFirst().orElseThrow();
		assertThat(first.summary().count()).isEqualTo(3);
		assertThat(first.summary().average()).isEqualByComparingTo("3.67");
		assertThat(first.summary().criterion(RatingCriterion.TEACHING)).isEqualByComparingTo("3.00");
		assertThat(first.summary().satisfied()).isEqualTo(2);
		assertThat(first.summary().satisfactionPercent()).isEqualByComparingTo("66.7");
		assertThat(first.eligible()).isEqualTo(5);
		assertThat(first.responsePercent()).isEqualByComparingTo("60.0");
		OfferingScore second = rows.stream().filter(r -> r.offeringId() == b).findFirst().orElseThrow();
		assertThat(second.summary().count()).isZero();
		assertThat(second.summary().average()).isNull();
		assertThat(second.eligible()).isEqualTo(1);
		// before any session nobody is eligible
		assertThat(ratings.compare(world.school, world.term, null, world.monday.atTime(8, 0)))
			.filteredOn(r -> r.offeringId() == a).singleElement().satisfies(r -> assertThat(r.eligible()).isZero());
		// the provider's view: its own offerings only
		assertThat(ratings.compare(world.school, world.term, provider, now)).extracting(OfferingScore::offeringId)
			.containsExactly(a);
		// the scorecard's reading
		RatingSummary satisfaction = ratings.satisfaction(provider, List.of(world.term));
		assertThat(satisfaction.count()).isEqualTo(3);
		assertThat(satisfaction.satisfaction()).isEqualByComparingTo(new BigDecimal("0.6667"));
		assertThat(ratings.satisfaction(provider, world.monday, world.monday.plusDays(1)).count()).isEqualTo(3);
		assertThat(ratings.satisfaction(provider, world.monday.minusYears(1), world.monday.minusDays(1)).count()).isZero();
		assertThat(ratings.perOffering(provider, List.of(world.term))).singleElement()
			.satisfies(r -> assertThat(r.summary().count()).isEqualTo(3));
	}

	@Test
	void thePublicSummaryNeedsFiveRatings() {
		long provider = world.provider();
		long offering = world.offering("公示", 6, provider);
		List<Long> kids = world.children(5);
		kids.forEach(k -> world.place(offering, k));
		for (int i = 0; i < 4; i++) {
			long k = kids.get(i);
			ratings.rate(guardianOf(k), k, offering, rating(4, 4, null), world.afterSession(4));
		}
		Ratings.PublicSummary four = ratings.publicSummary(provider);
		assertThat(four.count()).isEqualTo(4);
		assertThat(four.shown()).isFalse();
		long last = kids.get(4);
		ratings.rate(guardianOf(last), last, offering, rating(5, 5, null), world.afterSession(4));
		Ratings.PublicSummary five = ratings.publicSummary(provider);
		assertThat(five.shown()).isTrue();
		assertThat(five.count()).isEqualTo(5);
		assertThat(five.average()).isEqualByComparingTo("4.20");
	}
}
