package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.OwnerResolver;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * Inspections on the real database: a visit's ratings and the averages, every refusal storing nothing (scores, count,
 * time, another school's session, a file that is not an image, a cancelled or other day's session), a re-sent request
 * key returning the first visit, a same-day revision audited, and who sees a visit (the offering's teacher and
 * provider; not another teacher or provider).
 */
@DemoCityTest
@RecordApplicationEvents
class InspectionTests {

	/** The smallest PNG header: enough for recognition by content. */
	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R' };

	static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F' };

	static final byte[] PDF = "%PDF-1.4 not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Inspections inspections;

	@Autowired
	Sessions sessions;

	@Autowired
	UserDetailsService users;

	@Autowired
	List<OwnerResolver> resolvers;

	@Autowired
	ApplicationEvents events;

	AttendanceWorld world;

	long offering;

	long session;

	KehouUser inspector;

	LocalDateTime now;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		offering = world.offering("巡课", "1 15:30-16:30");
		world.children(offering, 4);
		world.teach(offering, "teacher1");
		session = world.sessionToday(offering, "15:30", "16:30");
		quiet(jdbc, session);
		inspector = (KehouUser) users.loadUserByUsername("inspector1");
		now = Sessions.now().toLocalDate().atTime(16, 0);
		signIn(inspector);
	}

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aVisitStoresItsRatingsAndTheAveragesAreRight() {
		Inspections.Recorded first = inspections.record(session,
				visit("k-1", now.minusMinutes(20), 4, ratings(5, 4, 3, 4), "  秩序良好  "), PNG, now);
		InspectionView v = first.visit();
		assertThat(first.replay()).isFalse();
		assertThat(first.revised()).isFalse();
		assertThat(v.ratings()).containsExactly(Map.entry(InspectionCriterion.ORDER, 5),
				Map.entry(InspectionCriterion.SAFETY, 4), Map.entry(InspectionCriterion.TEACHING, 3),
				Map.entry(InspectionCriterion.STUDENTS, 4));
		assertThat(v.average()).isEqualByComparingTo("4.00");
		assertThat(v.visitedAt()).isEqualTo(now.minusMinutes(20));
		assertThat(v.presentCount()).isEqualTo(4);
		assertThat(v.notes()).isEqualTo("秩序良好");
		assertThat(v.hasPhoto()).isTrue();
		assertThat(v.inspectorId()).isEqualTo(inspector.id());
		assertThat(inspections.photo(v.id())).get().satisfies(p -> {
			assertThat(p.contentType()).isEqualTo("image/png");
			assertThat(p.content()).isEqualTo(PNG);
		});
		assertThat(world.count("SELECT count(*) FROM audit_event WHERE action = 'visit.record' AND target_id = CAST(:p AS TEXT)",
				v.id())).isEqualTo(1);
		assertThat(events.stream(SessionInspected.class).filter(e -> e.sessionId() == session))
			.extracting(SessionInspected::inspectionId).containsExactly(v.id());
		long teacher = jdbc.sql("SELECT id FROM app_user WHERE username = 'teacher1'").query(Long.class).single();
		assertThat(jdbc.sql("SELECT recipient_user_id FROM inbox_message WHERE dedup_key = :k AND topic = 'attendance.inspection'")
			.param("k", "inspection-" + v.id()).query(Long.class).list()).as("the offering's teacher is told").containsExactly(teacher);

		KehouUser second = inspector(jdbc, world.school);
		signIn(second);
		inspections.record(session, visit("k-1", null, 3, ratings(3, 2, 5, 4), null), JPEG, now);

		InspectionSummary summary = inspections.summary(InspectionSubject.offering(offering), now.toLocalDate(),
				now.toLocalDate());
		assertThat(summary.visits()).isEqualTo(2);
		assertThat(summary.sessions()).isEqualTo(1);
		assertThat(summary.average(InspectionCriterion.ORDER)).isEqualByComparingTo("4.00");
		assertThat(summary.average(InspectionCriterion.SAFETY)).isEqualByComparingTo("3.00");
		assertThat(summary.average(InspectionCriterion.TEACHING)).isEqualByComparingTo("4.00");
		assertThat(summary.average(InspectionCriterion.STUDENTS)).isEqualByComparingTo("4.00");
		assertThat(summary.overall()).isEqualByComparingTo("3.75");
		assertThat(inspections.ofSession(session)).hasSize(2);
		assertThat(inspections.list(InspectionSubject.school(world.school), now.toLocalDate(), now.toLocalDate(), 0, 100)
			.items()).extracting(InspectionView::sessionId).contains(session);
		Inspections.Page one = inspections.list(InspectionSubject.offering(offering), now.toLocalDate(),
				now.toLocalDate(), 0, 1);
		assertThat(one.total()).isEqualTo(2);
		assertThat(one.items()).hasSize(1);
		assertThat(one.hasNext()).isTrue();
		InspectionSummary none = inspections.summary(InspectionSubject.offering(offering), now.toLocalDate().minusDays(9),
				now.toLocalDate().minusDays(1));
		assertThat(none.visits()).isZero();
		assertThat(none.overall()).isNull();
		assertThat(none.averages()).isEmpty();
	}

	@Test
	void badInputIsRefusedAndNothingIsStored() {
		assertInvalid(visit("k", now, 4, ratings(6, 4, 4, 4), null), null, "ratings.ORDER");
		assertInvalid(visit("k", now, 4, ratings(0, 4, 4, 4), null), null, "ratings.ORDER");
		Map<InspectionCriterion, @Nullable Integer> missing = ratings(4, 4, 4, 4);
		missing.remove(InspectionCriterion.SAFETY);
		assertInvalid(visit("k", now, 4, missing, null), null, "ratings.SAFETY");
		assertInvalid(visit("k", now, 15, ratings(4, 4, 4, 4), null), null, "presentCount"); // 4 on the roll + 10
		assertInvalid(visit("k", now, -1, ratings(4, 4, 4, 4), null), null, "presentCount");
		assertInvalid(visit("k", now, null, ratings(4, 4, 4, 4), null), null, "presentCount");
		assertInvalid(visit("k", now.plusMinutes(1), 4, ratings(4, 4, 4, 4), null), null, "visitedAt");
		assertInvalid(visit("k", now.toLocalDate().atTime(15, 0), 4, ratings(4, 4, 4, 4), null), null, "visitedAt");
		assertInvalid(visit("k", now.minusDays(1), 4, ratings(4, 4, 4, 4), null), null, "visitedAt");
		assertInvalid(visit("k", now, 4, ratings(4, 4, 4, 4), "很".repeat(501)), null, "notes");
		assertInvalid(visit("k", now, 4, ratings(4, 4, 4, 4), null), PDF, "photo");
		assertInvalid(visit("k", now, 4, ratings(4, 4, 4, 4), null), "GIF89a".getBytes(), "photo");
		byte[] huge = new byte[Inspections.PHOTO_MAX_BYTES + 1];
		System.arraycopy(JPEG, 0, huge, 0, JPEG.length);
		assertInvalid(visit("k", now, 4, ratings(4, 4, 4, 4), null), huge, "photo");
		assertInvalid(visit(" ", now, 4, ratings(4, 4, 4, 4), null), null, "requestKey");
		assertThat(world.count("SELECT count(*) FROM inspection_request WHERE session_id = :p", session)).isZero();
		assertThat(world.count("SELECT count(*) FROM inspection_visit WHERE session_id = :p", session)).isZero();
	}

	@Test
	void anotherSchoolsSessionAnotherDayOrACancelledSessionIsRefused() {
		AttendanceWorld elsewhere = new AttendanceWorld(jdbc, "school2");
		long foreign = elsewhere.sessionToday(elsewhere.offering("别校", "1 15:30-16:30"), "15:30", "16:30");
		quiet(jdbc, foreign);
		assertThatThrownBy(() -> inspections.record(foreign, visit("k", now, 0, ratings(4, 4, 4, 4), null), PNG, now))
			.isInstanceOf(InspectionRefused.class).extracting("reason").isEqualTo(InspectionRefused.Reason.NOT_FOUND);
		assertThat(world.count("SELECT count(*) FROM inspection_visit WHERE session_id = :p", foreign)).isZero();

		assertThatThrownBy(() -> inspections.record(session, visit("k", now.minusDays(1), 4, ratings(4, 4, 4, 4), null),
				null, now.plusDays(1)))
			.isInstanceOf(InspectionRefused.class).extracting("reason").isEqualTo(InspectionRefused.Reason.NOT_TODAY);

		long cancelled = world.sessionToday(offering, "17:00", "18:00");
		jdbc.sql("UPDATE class_session SET status = 'CANCELLED', reason = '台风' WHERE id = :id").param("id", cancelled).update();
		assertThatThrownBy(() -> inspections.record(cancelled, visit("k", now.toLocalDate().atTime(17, 30), 0,
				ratings(4, 4, 4, 4), null), null, now.toLocalDate().atTime(17, 40)))
			.isInstanceOf(InspectionRefused.class).extracting("reason").isEqualTo(InspectionRefused.Reason.NOT_SCHEDULED);

		signIn((KehouUser) users.loadUserByUsername("teacher1"));
		assertThatThrownBy(() -> inspections.record(session, visit("k", now, 4, ratings(4, 4, 4, 4), null), null, now))
			.isInstanceOf(InspectionRefused.class).extracting("reason")
			.isEqualTo(InspectionRefused.Reason.NOT_AN_INSPECTOR);
		assertThat(world.count("SELECT count(*) FROM inspection_visit WHERE session_id IN (:p)", List.of(session, cancelled)))
			.isZero();
		assertThat(events.stream(SessionInspected.class)).noneMatch(e -> e.sessionId() == session || e.sessionId() == foreign);
	}

	@Test
	void aResentRequestKeyReturnsTheFirstVisitAndASameDayRevisionIsAudited() {
		InspectionView first = inspections.record(session, visit("k-1", now, 4, ratings(5, 5, 5, 5), "好"), PNG, now).visit();
		int audits = world.count("SELECT count(*) FROM audit_event WHERE target_type = 'inspection_visit' AND target_id = CAST(:p AS TEXT)", first.id());
		Inspections.Recorded again = inspections.record(session, visit("k-1", now, 0, ratings(1, 1, 1, 1), "改"), null,
				now.plusMinutes(5));
		assertThat(again.replay()).isTrue();
		assertThat(again.visit()).isEqualTo(first);
		assertThat(world.count("SELECT count(*) FROM audit_event WHERE target_type = 'inspection_visit' AND target_id = CAST(:p AS TEXT)",
				first.id())).isEqualTo(audits);

		Inspections.Recorded revised = inspections.record(session, visit("k-2", now, 3, ratings(2, 5, 5, 5), "有学生打闹"),
				null, now.plusMinutes(5));
		assertThat(revised.revised()).isTrue();
		assertThat(revised.visit().id()).isEqualTo(first.id());
		assertThat(revised.visit().revisions()).isEqualTo(1);
		assertThat(revised.visit().score(InspectionCriterion.ORDER)).isEqualTo(2);
		assertThat(revised.visit().hasPhoto()).as("a revision without a photo keeps it").isTrue();
		assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE action = 'visit.revise' AND target_id = :id")
			.param("id", String.valueOf(first.id())).query(String.class).list())
			.singleElement().asString().contains("present:4→3", "ORDER:5→2", "notes");
		assertThat(world.count("SELECT count(*) FROM inspection_visit WHERE session_id = :p", session)).isEqualTo(1);
		assertThat(world.count("SELECT count(*) FROM inbox_message WHERE dedup_key = :p", "inspection-" + first.id()))
			.as("a revision tells nobody again").isEqualTo(1);

		Inspections.Visit remove = new Inspections.Visit("k-3", now, 3, ratings(2, 5, 5, 5), null, true);
		assertThat(inspections.record(session, remove, null, now.plusMinutes(6)).visit().hasPhoto()).isFalse();

		long other = world.sessionToday(offering, "15:00", "15:50");
		quiet(jdbc, other);
		assertThat(inspections.record(other, visit("k-1", now.minusMinutes(30), 4, ratings(4, 4, 4, 4), null), null, now)
			.replay()).as("a key is the session's").isFalse();
	}

	@Test
	void twoIdenticalSendsAtOnceRecordOneVisit() throws Exception {
		CyclicBarrier start = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<Inspections.Recorded>> sends = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				Callable<Inspections.Recorded> send = () -> {
					signIn(inspector);
					start.await();
					return inspections.record(session, visit("same", now, 4, ratings(4, 4, 4, 4), null), PNG, now);
				};
				sends.add(pool.submit(send));
			}
			List<Boolean> replays = new ArrayList<>();
			for (Future<Inspections.Recorded> f : sends) {
				replays.add(f.get().replay());
			}
			assertThat(replays).containsExactlyInAnyOrder(true, false);
		}
		finally {
			pool.shutdown();
		}
		assertThat(world.count("SELECT count(*) FROM inspection_visit WHERE session_id = :p", session)).isEqualTo(1);
		assertThat(world.count("SELECT count(*) FROM inspection_rating r JOIN inspection_visit v ON v.id = r.visit_id WHERE v.session_id = :p",
				session)).isEqualTo(InspectionCriterion.values().length);
	}

	@Test
	void theOfferingsTeacherAndProviderSeeTheVisitOthersDoNot() {
		jdbc.sql("UPDATE offering SET provider_id = 1 WHERE id = :o").param("o", offering).update();
		InspectionView visit = inspections.record(session, visit("k", now, 4, ratings(4, 4, 4, 4), null), null, now).visit();
		assertThat(visit.providerId()).isEqualTo(1L);
		assertThat(world.count("""
				SELECT count(*) FROM inbox_message m JOIN app_user u ON u.id = m.recipient_user_id
				WHERE m.dedup_key = :p AND u.username = 'provider1'""", "inspection-" + visit.id())).isEqualTo(1);
		OwnerResolver owner = resolvers.stream().filter(r -> r.parameter().equals("inspectionId")).findFirst().orElseThrow();

		assertThat(sees(owner, (KehouUser) users.loadUserByUsername("teacher1"), visit.id())).isTrue();
		long otherStaff = jdbc.sql("""
				SELECT min(id) FROM staff WHERE school_id = :s
				  AND id NOT IN (SELECT staff_id FROM offering_teacher WHERE offering_id = :o AND staff_id IS NOT NULL)""")
			.param("s", world.school).param("o", offering).query(Long.class).single();
		assertThat(sees(owner, account(jdbc, Role.TEACHER, world.school, otherStaff, null), visit.id())).isFalse();
		assertThat(sees(owner, (KehouUser) users.loadUserByUsername("provider1"), visit.id())).isTrue();
		// an instructor sees only the visits of offerings they teach (instructor1 does not teach this one)
		assertThat(sees(owner, (KehouUser) users.loadUserByUsername("instructor1"), visit.id())).isFalse();
		long otherProvider = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES ('巡课测试机构', 'SUBMITTED') RETURNING id")
			.query(Long.class).single();
		assertThat(sees(owner, account(jdbc, Role.PROVIDER_ADMIN, null, null, otherProvider), visit.id())).isFalse();
		assertThat(sees(owner, (KehouUser) users.loadUserByUsername("school1"), visit.id())).isTrue();
		assertThat(sees(owner, (KehouUser) users.loadUserByUsername("school2"), visit.id())).isFalse();

		assertThat(inspections.list(InspectionSubject.provider(1), now.toLocalDate(), now.toLocalDate(), 0, 100).items())
			.extracting(InspectionView::id).contains(visit.id());
		assertThat(inspections.list(InspectionSubject.provider(otherProvider), now.toLocalDate(), now.toLocalDate(), 0, 100)
			.items()).isEmpty();
		assertThat(inspections.summary(InspectionSubject.provider(1), now.toLocalDate(), now.toLocalDate()).visits())
			.isPositive();
	}

	private boolean sees(OwnerResolver owner, KehouUser user, long id) {
		signIn(user);
		try {
			return owner.ownerOf(id).map(o -> user.scope().covers(o)).orElse(false);
		}
		finally {
			signIn(inspector);
		}
	}

	private void assertInvalid(Inspections.Visit visit, byte @Nullable [] photo, String field) {
		assertThatThrownBy(() -> inspections.record(session, visit, photo, now))
			.isInstanceOfSatisfying(InspectionInvalid.class, e -> assertThat(e.problems()).containsKey(field));
	}

	static Inspections.Visit visit(String key, @Nullable LocalDateTime at, @Nullable Integer count,
			Map<InspectionCriterion, @Nullable Integer> ratings, @Nullable String notes) {
		return new Inspections.Visit(key, at, count, ratings, notes, false);
	}

	static Map<InspectionCriterion, @Nullable Integer> ratings(int order, int safety, int teaching, int students) {
		Map<InspectionCriterion, @Nullable Integer> map = new EnumMap<>(InspectionCriterion.class);
		map.put(InspectionCriterion.ORDER, order);
		map.put(InspectionCriterion.SAFETY, safety);
		map.put(InspectionCriterion.TEACHING, teaching);
		map.put(InspectionCriterion.STUDENTS, students);
		return map;
	}

	/** Keeps the overdue sweep away from a test session that is never rolled (no alerts while other tests run). */
	static void quiet(JdbcClient jdbc, long session) {
		jdbc.sql("UPDATE class_session SET overdue_alerted_at = now() WHERE id = :s").param("s", session).update();
	}

	static void signIn(KehouUser user) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
	}

	/** A second inspector account of a school. */
	static KehouUser inspector(JdbcClient jdbc, long school) {
		return account(jdbc, Role.INSPECTOR, school, null, null);
	}

	/**
	 * An account with the given role and anchors: for a staff member their demo account (DemoCityTests checks one
	 * account per staff member), otherwise a new one without user name (DemoCityTests counts those with one).
	 */
	static KehouUser account(JdbcClient jdbc, Role role, @Nullable Long school, @Nullable Long staff,
			@Nullable Long provider) {
		String login = "insp-test-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		String name = "巡课测试" + login.substring(10);
		Long town = school == null ? null
				: jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", school).query(Long.class).optional()
					.orElse(null);
		long id = staff != null
				? jdbc.sql("SELECT id FROM app_user WHERE staff_id = :staff").param("staff", staff).query(Long.class).single()
				: jdbc.sql("""
						INSERT INTO app_user (phone_hash, display_name, role, town_id, school_id, staff_id, provider_id)
						VALUES (:h, :n, :r, NULL, :s, NULL, :p) RETURNING id""")
					.param("h", login.getBytes(java.nio.charset.StandardCharsets.UTF_8))
					.param("n", name)
					.param("r", role.name())
					.param("s", school)
					.param("p", provider)
					.query(Long.class)
					.single();
		return new KehouUser(id, login, name, null, role, new Scope(role, town, school, null, provider), staff, false,
				false, true);
	}
}
