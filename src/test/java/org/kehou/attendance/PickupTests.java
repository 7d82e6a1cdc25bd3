package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.notification.InboxWorld;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Pickup (签退/接送): a child is released only to one of its guardians, an active authorised person or alone under a
 * valid permission — anything else is refused and stores nothing; only children marked present, on the session's
 * day from its start; a double release (also two at once) stores one; a child not picked up N minutes after the end
 * alerts the teacher and the guardians exactly once.
 */
@DemoCityTest
@RecordApplicationEvents
class PickupTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Pickups pickups;

	@Autowired
	RollCalls rollCalls;

	@Autowired
	Sessions sessions;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	UserDetailsService users;

	@Autowired
	ApplicationEvents events;

	@Autowired
	ApplicationContext context;

	@Autowired
	org.springframework.context.ApplicationEventPublisher publisher;

	@Autowired
	org.springframework.transaction.PlatformTransactionManager transactions;

	AttendanceWorld world;

	long offering;

	long session;

	KehouUser guardian;

	/** The demo guardian's two children, and three other children (the last one marked absent). */
	long child;

	long sibling;

	long other;

	long third;

	long absent;

	LocalDateTime noon;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		offering = world.offering("接送", "1 15:30-16:30");
		world.teach(offering, "teacher1");
		guardian = (KehouUser) users.loadUserByUsername("13800000001");
		List<Long> own = jdbc.sql("""
				SELECT sg.student_id FROM student_guardian sg JOIN student s ON s.id = sg.student_id
				WHERE sg.guardian_id = :g AND s.school_id = :s ORDER BY sg.student_id""")
			.param("g", guardian.scope().guardianId()).param("s", world.school).query(Long.class).list();
		assertThat(own).hasSizeGreaterThanOrEqualTo(2);
		world.reserved.addAll(own);
		// the demo guardian's children are shared by the tests: start each without persons or permission
		jdbc.sql("UPDATE pickup_person SET removed_at = now() WHERE student_id IN (:c) AND removed_at IS NULL")
			.param("c", own).update();
		jdbc.sql("UPDATE go_home_alone SET revoked_at = now() WHERE student_id IN (:c) AND revoked_at IS NULL")
			.param("c", own).update();
		child = own.get(0);
		sibling = own.get(1);
		world.place(offering, child);
		world.place(offering, sibling);
		List<Long> others = world.children(offering, 3);
		other = others.get(0);
		third = others.get(1);
		absent = others.get(2);
		session = world.sessionToday(offering, "00:00", "00:01");
		rollCalls.save(session, "roll", true, Map.of(absent, Mark.ABSENT, third, Mark.LATE));
		noon = Sessions.now().toLocalDate().atTime(12, 0);
	}

	@AfterEach
	void signOut() {
		InboxWorld.signOut();
	}

	@Test
	void aReleaseToAnUnauthorisedPersonIsRefusedAndNothingIsStored() {
		long otherGuardian = guardianOf(other);
		long othersPerson = personFor(other, "13700000071");
		InboxWorld.signIn((KehouUser) users.loadUserByUsername("teacher1"));

		assertRefused(() -> pickups.release(session, child, HandOver.GUARDIAN, otherGuardian, noon),
				PickupRefused.Reason.UNAUTHORISED);
		assertRefused(() -> pickups.release(session, child, HandOver.PERSON, othersPerson, noon),
				PickupRefused.Reason.UNAUTHORISED);
		assertRefused(() -> pickups.release(session, child, HandOver.PERSON, 999_999_999L, noon),
				PickupRefused.Reason.UNAUTHORISED);
		assertThatThrownBy(() -> pickups.release(session, child, HandOver.PERSON, null, noon))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> pickups.release(session, child, null, null, noon))
			.isInstanceOf(IllegalArgumentException.class);

		assertThat(releases()).isZero();
		assertThat(pickups.releaseOf(session, child)).isEmpty();
		assertThat(world.count("""
				SELECT count(*) FROM audit_event WHERE action = 'release.child' AND outcome = 'DENIED'
				AND target_id = CAST(:p AS TEXT)""", session)).isEqualTo(3);
	}

	@Test
	void aChildGoesToAGuardianAnAuthorisedPersonOrAloneWithThePermission() {
		InboxWorld.signIn(guardian);
		Pickups.Person aunt = pickups.addPerson(child, " 李阿姨 ", PickupRelation.CAREGIVER, "139 1234 5678");
		assertThat(aunt.name()).isEqualTo("李阿姨");
		assertThat(aunt.phoneMasked()).isEqualTo("139****5678");
		var stored = jdbc.sql("SELECT phone_enc, phone_hash FROM pickup_person WHERE id = :id").param("id", aunt.id())
			.query().singleRow();
		assertThat(cipher.decrypt((byte[]) stored.get("phone_enc"))).isEqualTo("13912345678");
		assertThat((byte[]) stored.get("phone_hash")).isEqualTo(cipher.phoneHash("13912345678"));
		assertThat(pickups.ofChild(child).persons()).extracting(Pickups.Person::id).containsExactly(aunt.id());
		assertThatThrownBy(() -> pickups.addPerson(child, "李阿姨", PickupRelation.CAREGIVER, "13912345678"))
			.isInstanceOf(PickupRefused.class).extracting("reason").isEqualTo(PickupRefused.Reason.PERSON_EXISTS);
		assertThatThrownBy(() -> pickups.addPerson(child, "王", PickupRelation.OTHER, "12345"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> pickups.addPerson(child, " ", PickupRelation.OTHER, "13912345679"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> pickups.addPerson(other, "王", PickupRelation.OTHER, "13912345679"))
			.isInstanceOf(PickupRefused.class).extracting("reason").isEqualTo(PickupRefused.Reason.NOT_A_GUARDIAN);

		assertRefused(() -> pickups.release(session, sibling, HandOver.ALONE, null, noon),
				PickupRefused.Reason.NOT_PERMITTED_ALONE);
		assertThatThrownBy(() -> pickups.signGoHomeAlone(sibling, false)).isInstanceOf(IllegalArgumentException.class);
		Pickups.Permission permission = pickups.signGoHomeAlone(sibling, true);
		assertThat(permission.guardianId()).isEqualTo(guardian.scope().guardianId());
		String name = jdbc.sql("SELECT name FROM student WHERE id = :id").param("id", sibling).query(String.class).single();
		assertThat(permission.statement()).contains(name).contains("自行离校");
		assertRefused(() -> pickups.signGoHomeAlone(sibling, true), PickupRefused.Reason.SIGNED_ALREADY);
		assertRefused(() -> pickups.release(session, other, HandOver.ALONE, null, noon),
				PickupRefused.Reason.NOT_PERMITTED_ALONE);

		InboxWorld.signIn((KehouUser) users.loadUserByUsername("teacher1"));
		List<Pickups.BoardEntry> board = pickups.board(session);
		assertThat(board).extracting(Pickups.BoardEntry::studentId).containsExactlyInAnyOrder(child, sibling, other, third);
		Pickups.BoardEntry mine = board.stream().filter(e -> e.studentId() == child).findFirst().orElseThrow();
		assertThat(mine.options()).extracting(Pickups.Option::to).contains(HandOver.GUARDIAN, HandOver.PERSON)
			.doesNotContain(HandOver.ALONE);
		assertThat(mine.options()).allSatisfy(o -> assertThat(o.phoneMasked()).contains("****"));
		assertThat(board.stream().filter(e -> e.studentId() == sibling).findFirst().orElseThrow().options())
			.extracting(Pickups.Option::to).contains(HandOver.ALONE);

		Pickups.Release toAunt = pickups.release(session, child, HandOver.PERSON, aunt.id(), noon);
		assertThat(toAunt.replay()).isFalse();
		assertThat(toAunt.toName()).isEqualTo("李阿姨");
		assertThat(toAunt.toPhoneMasked()).isEqualTo("139****5678");
		assertThat(toAunt.releasedBy()).isNotBlank();
		assertThat(toAunt.releasedAt()).isNotNull();
		Pickups.Release toParent = pickups.release(session, other, HandOver.GUARDIAN, guardianOf(other), noon);
		assertThat(toParent.to()).isEqualTo(HandOver.GUARDIAN);
		Pickups.Release alone = pickups.release(session, sibling, HandOver.ALONE, 42L, noon);
		assertThat(alone.to()).isEqualTo(HandOver.ALONE);
		assertThat(alone.toName()).isNull();
		assertThat(pickups.release(session, third, HandOver.GUARDIAN, guardianOf(third), noon).to())
			.isEqualTo(HandOver.GUARDIAN);
		assertThat(releases()).isEqualTo(4);
		assertThat(pickups.board(session)).allSatisfy(e -> assertThat(e.release()).isNotNull());
	}

	@Test
	void aRemovedPersonAndARevokedPermissionNoLongerCountButPastReleasesKeepTheirNames() {
		InboxWorld.signIn(guardian);
		Pickups.Person uncle = pickups.addPerson(child, "王叔叔", PickupRelation.RELATIVE, "13712345670");
		Pickups.Person neighbour = pickups.addPerson(sibling, "赵邻居", PickupRelation.FRIEND, "13712345671");
		long earlier = world.sessionToday(offering, "00:02", "00:03");
		rollCalls.save(earlier, "earlier", true, Map.of());
		pickups.release(earlier, sibling, HandOver.PERSON, neighbour.id(), noon);

		pickups.removePerson(uncle.id());
		pickups.removePerson(neighbour.id());
		assertThat(pickups.removePerson(uncle.id()).removedAt()).isNotNull(); // again: nothing changes
		assertThat(pickups.ofChild(child).persons()).isEmpty();
		assertThat(world.count("SELECT count(*) FROM pickup_person WHERE id = :p", uncle.id())).isEqualTo(1);
		assertThat(pickups.releaseOf(earlier, sibling).orElseThrow().toName()).isEqualTo("赵邻居");
		assertRefused(() -> pickups.release(session, child, HandOver.PERSON, uncle.id(), noon),
				PickupRefused.Reason.UNAUTHORISED);

		pickups.signGoHomeAlone(child, true);
		pickups.revokeGoHomeAlone(child);
		assertRefused(() -> pickups.revokeGoHomeAlone(child), PickupRefused.Reason.NOT_SIGNED);
		assertThat(pickups.ofChild(child).goHomeAlone()).isNull();
		assertRefused(() -> pickups.release(session, child, HandOver.ALONE, null, noon),
				PickupRefused.Reason.NOT_PERMITTED_ALONE);
		assertThat(pickups.releaseOf(session, child)).isEmpty();
		// signed again later: in force again
		pickups.signGoHomeAlone(child, true);
		assertThat(pickups.release(session, child, HandOver.ALONE, null, noon).to()).isEqualTo(HandOver.ALONE);
		assertThat(world.count("SELECT count(*) FROM go_home_alone WHERE student_id = :p", child)).isGreaterThanOrEqualTo(2);
	}

	@Test
	void onlyChildrenMarkedPresentOnTheSessionsDayFromItsStart() {
		long parent = guardianOf(absent);
		assertRefused(() -> pickups.release(session, absent, HandOver.GUARDIAN, parent, noon),
				PickupRefused.Reason.NOT_PRESENT);
		long unmarked = world.children(offering, 1).get(0);
		assertRefused(() -> pickups.release(session, unmarked, HandOver.GUARDIAN, guardianOf(unmarked), noon),
				PickupRefused.Reason.NOT_PRESENT);
		assertRefused(() -> pickups.release(session, child, HandOver.GUARDIAN, guardian.scope().guardianId(),
				noon.toLocalDate().minusDays(1).atTime(12, 0)), PickupRefused.Reason.NOT_TODAY);
		long evening = world.sessionToday(offering, "23:58", "23:59");
		rollCalls.save(evening, "evening", true, Map.of());
		assertRefused(() -> pickups.release(evening, child, HandOver.GUARDIAN, guardian.scope().guardianId(), noon),
				PickupRefused.Reason.NOT_STARTED);
		assertRefused(() -> pickups.release(999_999_999L, child, HandOver.ALONE, null, noon),
				PickupRefused.Reason.NOT_FOUND);
		assertThat(releases()).isZero();
	}

	@Test
	void aDoubleReleaseStoresOneAndAnotherHandOverIsRefused() {
		long parent = guardian.scope().guardianId();
		Pickups.Release first = pickups.release(session, child, HandOver.GUARDIAN, parent, noon);
		Pickups.Release again = pickups.release(session, child, HandOver.GUARDIAN, parent, noon.plusMinutes(1));
		assertThat(again.replay()).isTrue();
		assertThat(again.releasedAt()).isEqualTo(first.releasedAt());
		InboxWorld.signIn(guardian);
		long aunt = pickups.addPerson(child, "钱阿姨", PickupRelation.CAREGIVER, "13612345678").id();
		assertRefused(() -> pickups.release(session, child, HandOver.PERSON, aunt, noon),
				PickupRefused.Reason.RELEASED_ALREADY);
		assertThat(world.count("SELECT count(*) FROM pickup_release WHERE session_id = :p", session)).isEqualTo(1);
		assertThat(world.count("""
				SELECT count(*) FROM audit_event WHERE action = 'release.child' AND outcome = 'SUCCESS'
				AND target_id = CAST(:p AS TEXT)""", session)).isEqualTo(1);
	}

	@Test
	void twoReleasesOfTheSameChildAtOnceStoreExactlyOne() throws Exception {
		List<long[]> pairs = List.of(new long[] { child, guardian.scope().guardianId() },
				new long[] { other, guardianOf(other) }, new long[] { third, guardianOf(third) });
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (long[] pair : pairs) {
				CyclicBarrier together = new CyclicBarrier(2);
				List<Future<Pickups.Release>> both = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					both.add(pool.submit(() -> {
						together.await();
						return pickups.release(session, pair[0], HandOver.GUARDIAN, pair[1], noon);
					}));
				}
				List<Pickups.Release> done = new ArrayList<>();
				for (Future<Pickups.Release> f : both) {
					done.add(f.get());
				}
				assertThat(done).extracting(Pickups.Release::replay).containsExactlyInAnyOrder(false, true);
				assertThat(jdbc.sql("SELECT count(*) FROM pickup_release WHERE session_id = :s AND student_id = :c")
					.param("s", session).param("c", pair[0]).query(Integer.class).single()).isEqualTo(1);
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(releases()).isEqualTo(3);
	}

	@Test
	void aChildNotPickedUpAlertsTheTeacherAndTheGuardiansExactlyOnce() throws Exception {
		pickups.release(session, other, HandOver.GUARDIAN, guardianOf(other), noon);
		Object sweep = context.getBean("pickupSweep");
		LocalDate today = Sessions.now().toLocalDate();
		// ended 00:01: nothing before 00:16 (15 minutes)
		ReflectionTestUtils.invokeMethod(sweep, "raiseLate", today.atTime(0, 10));
		assertThat(events.stream(PickupLate.class).filter(e -> e.sessionId() == session)).isEmpty();

		LocalDateTime later = today.atTime(0, 20);
		CompletableFuture<Object> a = CompletableFuture.supplyAsync(() -> ReflectionTestUtils.invokeMethod(sweep, "raiseLate", later));
		CompletableFuture<Object> b = CompletableFuture.supplyAsync(() -> ReflectionTestUtils.invokeMethod(sweep, "raiseLate", later));
		// two nodes sweeping at once claim each child once between them; a third sweep finds nothing left
		assertThat((Integer) a.get() + (Integer) b.get()).isEqualTo(3);
		assertThat((Integer) ReflectionTestUtils.invokeMethod(sweep, "raiseLate", later)).isZero();
		assertThat(jdbc.sql("SELECT student_id FROM pickup_late_alert WHERE session_id = :s").param("s", session)
			.query(Long.class).list()).containsExactlyInAnyOrder(child, sibling, third); // not released, not absent
		String key = "pickup-late-" + session + "-" + child;
		long teacher = jdbc.sql("SELECT id FROM app_user WHERE username = 'teacher1'").query(Long.class).single();
		List<Map<String, Object>> toGuardian = inbox(guardian.id(), key);
		assertThat(toGuardian).hasSize(1);
		assertThat(toGuardian.get(0).get("topic")).isEqualTo("attendance.pickup-late");
		assertThat((String) toGuardian.get(0).get("body")).contains("接送 " + world.tag).contains("15 分钟");
		assertThat(toGuardian.get(0).get("link")).isEqualTo("/m/children/" + child + "/pickup");
		List<Map<String, Object>> toTeacher = inbox(teacher, key);
		assertThat(toTeacher).hasSize(1);
		assertThat(toTeacher.get(0).get("link")).isEqualTo("/m/sessions/" + session + "/pickup");
		int guardianAccounts = world.count("""
				SELECT count(*) FROM app_user WHERE enabled AND guardian_id IN (SELECT guardian_id FROM student_guardian
				WHERE student_id = :p)""", child);
		assertThat(world.count("SELECT count(*) FROM inbox_message WHERE dedup_key = :p", key))
			.isEqualTo(guardianAccounts + 1); // each guardian account and the teacher, once
		assertThat(world.count("SELECT count(*) FROM inbox_message WHERE dedup_key LIKE :p",
				"pickup-late-" + session + "-" + other)).isZero();
		// a late hand-over is still recorded
		assertThat(pickups.release(session, child, HandOver.GUARDIAN, guardian.scope().guardianId(), later).to())
			.isEqualTo(HandOver.GUARDIAN);
	}

	@Test
	void anAnonymisedChildsPersonsLoseNameAndPhone() {
		long person = personFor(other, "13700000072");
		long release = world.sessionToday(offering, "00:04", "00:05");
		rollCalls.save(release, "r", true, Map.of());
		pickups.release(release, other, HandOver.PERSON, person, noon);
		new org.springframework.transaction.support.TransactionTemplate(transactions).executeWithoutResult(
				status -> publisher.publishEvent(new org.kehou.people.StudentAnonymised(other, world.school)));
		// an application module listener: after the commit, possibly on another thread
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
			var row = jdbc.sql("SELECT name, phone_enc, phone_hash, removed_at FROM pickup_person WHERE id = :id")
				.param("id", person).query().singleRow();
			assertThat(row.get("name")).isEqualTo("—");
			assertThat(row.get("phone_enc")).isNull();
			assertThat(row.get("phone_hash")).isNull();
			assertThat(row.get("removed_at")).isNotNull();
		});
		assertThat(pickups.releaseOf(release, other).orElseThrow().personId()).isEqualTo(person);
	}

	void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, PickupRefused.Reason reason) {
		assertThatThrownBy(call).isInstanceOf(PickupRefused.class).extracting("reason").isEqualTo(reason);
	}

	long guardianOf(long student) {
		return jdbc.sql("SELECT min(guardian_id) FROM student_guardian WHERE student_id = :s").param("s", student)
			.query(Long.class).single();
	}

	/** An authorised person of a child, written directly (that child's guardian has no account). */
	long personFor(long student, String phone) {
		return jdbc.sql("""
				INSERT INTO pickup_person (student_id, name, relation, phone_enc, phone_hash, phone_masked, added_by_guardian)
				VALUES (:s, '别人家的阿姨', 'CAREGIVER', :e, :h, '137****0071', :g) RETURNING id""")
			.param("s", student).param("e", cipher.encrypt(phone)).param("h", cipher.phoneHash(phone))
			.param("g", guardianOf(student)).query(Long.class).single();
	}

	int releases() {
		return world.count("SELECT count(*) FROM pickup_release WHERE session_id = :p", session);
	}

	List<Map<String, Object>> inbox(long user, String dedup) {
		return jdbc.sql("SELECT topic, title, body, link FROM inbox_message WHERE recipient_user_id = :u AND dedup_key = :k")
			.param("u", user).param("k", dedup).query().listOfRows();
	}
}
