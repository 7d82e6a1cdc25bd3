package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.selection.SelectionRefused.Reason;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places on the real database: first-come confirms then waitlists, drops promote the next child (at once or by an
 * offer to accept), retries and double taps never make two places, the rules refuse with their reasons — and the
 * invariants under concurrency: never more held places than seats, never two overlapping held places of a child,
 * whether claims are batched (the default) or applied one by one.
 */
@DemoCityTest
class PlaceTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Places places;

	@Autowired
	PlaceClaims claims;

	@Autowired
	Offerings offerings;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	PlatformTransactionManager transactions;

	SelectionWorld world;

	@BeforeEach
	void world() {
		world = new SelectionWorld(jdbc);
	}

	@Test
	void firstComeConfirmsThenWaitlistsAndADropGivesTheSeatToTheNextChild() {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("书法", 1, "2 16:00-17:00");
		long a = world.child(), b = world.child(), c = world.child();

		Places.Selection first = places.select(a, offering, null, null);
		Places.Selection second = places.select(b, offering, null, null);
		Places.Selection third = places.select(c, offering, null, null);
		assertThat(first.status()).isEqualTo(PlaceStatus.CONFIRMED);
		assertThat(second.status()).isEqualTo(PlaceStatus.WAITLISTED);
		assertThat(second.position()).isEqualTo(1);
		assertThat(third.position()).isEqualTo(2);

		PlaceView dropped = places.drop(first.placeId());
		assertThat(dropped.status()).isEqualTo(PlaceStatus.DROPPED);
		PlaceView promoted = places.find(second.placeId()).orElseThrow();
		assertThat(promoted.status()).isEqualTo(PlaceStatus.CONFIRMED);
		assertThat(promoted.source()).isEqualTo(PlaceSource.WAITLIST);
		assertThat(places.find(third.placeId()).orElseThrow().position()).isEqualTo(1);
		assertThat(world.taken(offering)).isEqualTo(1);
		assertThat(places.roster(offering)).extracting(PlaceView::studentId).containsExactly(b, c);
	}

	@Test
	void anOfferedSeatIsAcceptedDeclinedOrLapsesAndGoesOn() {
		long round = world.openRound(RoundMode.FIRST_COME);
		jdbc.sql("UPDATE selection_round SET offer_hours = 2 WHERE id = :r").param("r", round).update();
		long offering = world.offering("围棋", 1, "3 16:00-17:00");
		long a = world.child(), b = world.child(), c = world.child(), d = world.child();
		long pa = places.select(a, offering, null, null).placeId();
		long pb = places.select(b, offering, null, null).placeId();
		long pc = places.select(c, offering, null, null).placeId();
		long pd = places.select(d, offering, null, null).placeId();

		places.drop(pa);
		PlaceView offered = places.find(pb).orElseThrow();
		assertThat(offered.status()).isEqualTo(PlaceStatus.OFFERED);
		assertThat(offered.offerExpiresAt()).isAfter(Instant.now().plusSeconds(3600));
		assertThat(world.taken(offering)).as("an offered seat is held").isEqualTo(1);

		places.decline(pb);
		assertThat(places.find(pc).orElseThrow().status()).isEqualTo(PlaceStatus.OFFERED);
		jdbc.sql("UPDATE place SET offer_expires_at = now() - interval '1 minute' WHERE id = :p").param("p", pc).update();
		assertThatThrownBy(() -> places.accept(pc)).isInstanceOf(SelectionRefused.class);
		assertThat(places.find(pc).orElseThrow().status()).isEqualTo(PlaceStatus.LAPSED);
		assertThat(places.find(pd).orElseThrow().status()).isEqualTo(PlaceStatus.OFFERED);
		assertThat(places.accept(pd).status()).isEqualTo(PlaceStatus.CONFIRMED);
		assertThat(places.accept(pd).status()).as("a second tap").isEqualTo(PlaceStatus.CONFIRMED);
		assertThat(world.taken(offering)).isEqualTo(1);
	}

	@Test
	void retriesAndDoubleTapsNeverMakeTwoPlaces() throws Exception {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("舞蹈", 5, "4 16:00-17:00");
		long child = world.child();
		String key = UUID.randomUUID().toString();
		Places.Selection first = places.select(child, offering, key, null);
		Places.Selection retry = places.select(child, offering, key, null);
		assertThat(first.created()).isTrue();
		assertThat(retry.created()).isFalse();
		assertThat(retry.placeId()).isEqualTo(first.placeId());
		assertThat(places.select(child, offering, null, null).placeId()).isEqualTo(first.placeId());

		long other = world.child();
		List<Callable<Long>> taps = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			String k = i % 2 == 0 ? "same-key" : UUID.randomUUID().toString();
			taps.add(() -> places.select(other, offering, k, null).placeId());
		}
		assertThat(race(taps)).as("every tap got the same place").hasSize(30).containsOnly(race(taps).get(0));
		assertThat(world.count(offering, PlaceStatus.CONFIRMED)).isEqualTo(2);
		assertThat(world.taken(offering)).isEqualTo(2);
	}

	@Test
	void theRulesRefuseWithTheirReasons() {
		long round = world.openRound(RoundMode.FIRST_COME);
		long art = world.offering("美术", 10, "1 16:00-17:00");
		long clash = world.offering("合唱", 10, "1 16:30-17:30");
		long third = world.offering("足球", 10, "2 16:00-17:00");
		long fourth = world.offering("篮球", 10, "3 16:00-17:00");
		long child = world.child();

		assertThat(places.select(child, art, null, null).status()).isEqualTo(PlaceStatus.CONFIRMED);
		assertRefused(() -> places.select(child, clash, null, null), Reason.OVERLAP);
		assertThat(places.select(child, third, null, null).status()).isEqualTo(PlaceStatus.CONFIRMED);
		assertRefused(() -> places.select(child, fourth, null, null), Reason.MAX_REACHED);

		long unregistered = world.children(1, false).get(0);
		assertRefused(() -> places.select(unregistered, art, null, null), Reason.NOT_REGISTERED);
		assertRefused(() -> places.select(world.child(), art, null, List.of(1)), Reason.DAYS_INVALID);

		jdbc.sql("UPDATE offering SET grades = ARRAY[9]::SMALLINT[] WHERE id = :o").param("o", fourth).update();
		assertRefused(() -> places.select(world.child(), fourth, null, null), Reason.NOT_ELIGIBLE);
		jdbc.sql("UPDATE offering SET status = 'DRAFT' WHERE id = :o").param("o", third).update();
		assertRefused(() -> places.select(world.child(), third, null, null), Reason.OFFERING_NOT_OPEN);

		jdbc.sql("UPDATE selection_round SET closes_at = now() - interval '1 second', opens_at = now() - interval '1 hour'"
				+ " WHERE id = :r").param("r", round).update();
		assertRefused(() -> places.select(world.child(), art, null, null), Reason.NO_OPEN_ROUND);
		assertRefused(() -> places.drop(places.ofStudent(child, world.term).get(0).id()), Reason.DROP_CLOSED);
	}

	@Test
	void aSuspendedProviderOrAnInstructorWhoMayNoLongerTeachStopsSelection() {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("机构课", 10, "3 16:00-17:00");
		long town = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", world.school).query(Long.class).single();
		long provider = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, 'APPROVED') RETURNING id")
			.param("n", "选课机构 " + world.tag).query(Long.class).single();
		jdbc.sql("""
				INSERT INTO provider_town_admission (provider_id, town_id, status, valid_until)
				VALUES (:p, :t, 'APPROVED', :until)""").param("p", provider).param("t", town)
			.param("until", java.time.LocalDate.now().plusYears(1)).update();
		jdbc.sql("UPDATE offering SET provider_id = :p WHERE id = :o").param("p", provider).param("o", offering).update();
		assertThat(places.select(world.child(), offering, null, null).status()).isEqualTo(PlaceStatus.CONFIRMED);

		byte[] random = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
		long instructor = jdbc.sql("""
				INSERT INTO instructor (provider_id, name, id_number_enc, id_number_hash, id_number_masked, certificate_type,
				  certificate_no, no_criminal_record_on, labour_contract, contract_start)
				VALUES (:p, '过期教员', :e, :h, '4420**********0011', 'TEACHER', 'C-1', :ncr, TRUE, :start) RETURNING id""")
			.param("p", provider).param("e", random).param("h", random)
			.param("ncr", java.time.LocalDate.now().minusYears(2)).param("start", java.time.LocalDate.now().minusYears(1))
			.query(Long.class).single();
		jdbc.sql("""
				INSERT INTO offering_teacher (offering_id, teacher_key, instructor_id) VALUES (:o, :k, :i)""")
			.param("o", offering).param("k", "I" + instructor).param("i", instructor).update();
		assertRefused(() -> places.select(world.child(), offering, null, null), Reason.INSTRUCTOR_NOT_ADMITTED);

		jdbc.sql("DELETE FROM offering_teacher WHERE offering_id = :o").param("o", offering).update();
		jdbc.sql("UPDATE provider SET status = 'SUSPENDED' WHERE id = :p").param("p", provider).update();
		assertRefused(() -> places.select(world.child(), offering, null, null), Reason.PROVIDER_NOT_ADMITTED);
	}

	@Test
	void basicCareKeepsOnlyTheChosenDaysBusy() {
		world.openRound(RoundMode.FIRST_COME);
		long care = world.offering("托管", 50, true, "1 16:00-17:30", "2 16:00-17:30", "3 16:00-17:30");
		long tuesday = world.offering("科学", 50, "2 16:30-17:30");
		long child = world.child();
		assertThat(places.select(child, care, null, List.of(1, 3)).status()).isEqualTo(PlaceStatus.CONFIRMED);
		assertThat(places.select(child, tuesday, null, null).status()).isEqualTo(PlaceStatus.CONFIRMED);
		assertThat(places.ofStudent(child, world.term)).filteredOn(p -> p.offeringId() == care)
			.singleElement()
			.extracting(PlaceView::days)
			.isEqualTo(List.of(1, 3));
	}

	@Test
	void theSchoolPlacesByHandWithinCapacityAndRemovesWithAReason() {
		long offering = world.offering("编程", 1, "5 16:00-17:00");
		long a = world.child(), b = world.child();
		assertRefused(() -> places.place(offering, a, null, " "), Reason.REASON_REQUIRED);
		Places.Selection placed = places.place(offering, a, null, "困难家庭优先");
		assertThat(placed.status()).isEqualTo(PlaceStatus.CONFIRMED);
		assertRefused(() -> places.place(offering, b, null, "再加一个"), Reason.FULL);
		assertThat(places.remove(placed.placeId(), "家长电话要求退出").status()).isEqualTo(PlaceStatus.REMOVED);
		assertThat(world.taken(offering)).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action LIKE 'place.%' AND target_id = :p")
			.param("p", String.valueOf(placed.placeId())).query(Integer.class).single()).isEqualTo(2);
	}

	// --- what happens around places ------------------------------------------------------------------------------

	@Test
	void aWithdrawnRegistrationACancelledOfferingAndMoreSeatsMoveThePlaces() {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("陶艺", 1, "1 16:00-17:00");
		long other = world.offering("剪纸", 5, "2 16:00-17:00");
		long a = world.child(), b = world.child(), c = world.child();
		long pa = places.select(a, offering, null, null).placeId();
		long pb = places.select(b, offering, null, null).placeId();
		long pc = places.select(c, offering, null, null).placeId();
		long pOther = places.select(a, other, null, null).placeId();

		// a withdraws from the service: both of a's places end, b moves up
		jdbc.sql("UPDATE registration SET status = 'WITHDRAWN' WHERE student_id = :s AND term_id = :t")
			.param("s", a).param("t", world.term).update();
		publish(new RegistrationChanged(0, a, world.term, world.school, RegistrationChanged.Change.WITHDRAWN,
				RegistrationStatus.WITHDRAWN));
		await().untilAsserted(() -> assertThat(places.find(pb).orElseThrow().status()).isEqualTo(PlaceStatus.CONFIRMED));
		assertThat(places.find(pa).orElseThrow().status()).isEqualTo(PlaceStatus.REMOVED);
		assertThat(places.find(pOther).orElseThrow().status()).isEqualTo(PlaceStatus.REMOVED);

		// one more seat: c gets it
		jdbc.sql("UPDATE offering SET capacity = 2 WHERE id = :o").param("o", offering).update();
		publish(new OfferingRevised(offering, world.term, world.school));
		await().untilAsserted(() -> assertThat(places.find(pc).orElseThrow().status()).isEqualTo(PlaceStatus.CONFIRMED));

		// the offering is cancelled: every place ends and no seat stays taken
		offerings.cancel(offering);
		await().untilAsserted(() -> assertThat(world.taken(offering)).isZero());
		assertThat(places.roster(offering)).isEmpty();
	}

	@Test
	void newTimesThatWouldMakeAChildsPlacesOverlapAreRefused() {
		world.openRound(RoundMode.FIRST_COME);
		long monday = world.offering("周一", 5, "1 16:00-17:00");
		long tuesday = world.offering("周二", 5, "2 16:00-17:00");
		long child = world.child();
		places.select(child, monday, null, null);
		places.select(child, tuesday, null, null);
		OfferingView current = offerings.find(tuesday).orElseThrow();
		OfferingDetails onMonday = new OfferingDetails(current.name(), current.venue(), 1, 5, current.grades(),
				List.of(), false, List.of(new Slot(1, java.time.LocalTime.of(16, 30), java.time.LocalTime.of(17, 30))),
				List.of());
		assertThatThrownBy(() -> offerings.update(tuesday, onMonday)).isInstanceOfSatisfying(OfferingRefused.class,
				e -> assertThat(e.code()).isEqualTo("placesOverlap"));
		assertThat(offerings.find(tuesday).orElseThrow().slots()).extracting(Slot::weekday).containsExactly(2);
	}

	void publish(Object event) {
		new TransactionTemplate(transactions).executeWithoutResult(s -> events.publishEvent(event));
	}

	// --- concurrency -------------------------------------------------------------------------------------------------

	@Test
	void aThousandConcurrentAttemptsAtOnePlaceConfirmExactlyOne() throws Exception {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("机器人", 1, "1 16:00-17:00");
		List<Long> children = world.children(1000, true);
		List<Callable<Long>> attempts = new ArrayList<>();
		for (long child : children) {
			attempts.add(() -> places.select(child, offering, UUID.randomUUID().toString(), null).placeId());
		}
		assertThat(race(attempts)).doesNotHaveDuplicates().hasSize(1000);
		assertThat(world.count(offering, PlaceStatus.CONFIRMED)).isEqualTo(1);
		assertThat(world.count(offering, PlaceStatus.WAITLISTED)).isEqualTo(999);
		assertThat(world.taken(offering)).isEqualTo(1);
	}

	@Test
	void unbatchedClaimsKeepTheSameInvariants() throws Exception {
		long round = world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("跳绳", 3, "2 16:00-17:00");
		List<Long> children = world.children(300, true);
		List<Callable<Long>> attempts = new ArrayList<>();
		for (long child : children) {
			attempts.add(() -> {
				Claim.Result r = claims.applyAll(List.of(new Claim(child, offering, world.term, round,
						PlaceSource.FIRST_COME, null, null, List.of(), 2, true, null))).get(0);
				return ((Claim.Placed) r).placeId();
			});
		}
		assertThat(race(attempts)).doesNotHaveDuplicates();
		assertThat(world.count(offering, PlaceStatus.CONFIRMED)).isEqualTo(3);
		assertThat(world.taken(offering)).isEqualTo(3);
	}

	@Test
	void childrenRacingForTwoOverlappingOfferingsNeverHoldBoth() throws Exception {
		world.openRound(RoundMode.FIRST_COME);
		long left = world.offering("左", 200, "4 16:00-17:00");
		long right = world.offering("右", 200, "4 16:30-17:30");
		List<Long> children = world.children(200, true);
		List<Callable<Long>> attempts = new ArrayList<>();
		for (long child : children) {
			for (long offering : List.of(left, right)) {
				attempts.add(() -> {
					try {
						return places.select(child, offering, null, null).placeId();
					}
					catch (SelectionRefused e) {
						assertThat(e.reason()).isEqualTo(Reason.OVERLAP);
						return -1L;
					}
				});
			}
		}
		race(attempts);
		assertThat(jdbc.sql("""
				SELECT count(*) FROM place a JOIN place b ON a.student_id = b.student_id AND a.offering_id = :l
				  AND b.offering_id = :r AND a.status = 'CONFIRMED' AND b.status = 'CONFIRMED'""")
			.param("l", left).param("r", right).query(Integer.class).single()).isZero();
		assertThat(world.count(left, PlaceStatus.CONFIRMED) + world.count(right, PlaceStatus.CONFIRMED)).isEqualTo(200);
		assertThat(world.taken(left)).isEqualTo(world.count(left, PlaceStatus.CONFIRMED));
		assertThat(world.taken(right)).isEqualTo(world.count(right, PlaceStatus.CONFIRMED));
	}

	@Test
	void theDatabaseItselfRefusesAnOverlapAndAnOversell() {
		long offering = world.offering("约束", 1, "5 16:00-17:00");
		long other = world.offering("约束二", 5, "5 16:30-17:30");
		long child = world.child();
		places.place(offering, child, null, "测试");
		assertThatThrownBy(() -> jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', place_busy(:o, NULL))""")
			.param("o", other).param("s", child).param("t", world.term).update())
			.hasMessageContaining("place_no_overlap");
		assertThatThrownBy(() -> jdbc.sql("UPDATE offering SET taken = taken + 1 WHERE id = :o").param("o", offering).update())
			.hasMessageContaining("violates check constraint");
	}

	static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
		assertThatThrownBy(call).isInstanceOfSatisfying(SelectionRefused.class,
				e -> assertThat(e.reason()).isEqualTo(reason));
	}

	static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(tasks.size(), 200));
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> task : tasks) {
				futures.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> f : futures) {
				results.add(f.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}
}
