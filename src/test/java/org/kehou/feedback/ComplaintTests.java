package org.kehou.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kehou.feedback.ComplaintWorld.signIn;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.feedback.ComplaintRefused.Reason;
import org.kehou.identity.KehouUser;
import org.kehou.identity.OwnerResolver;
import org.kehou.organisation.Terms;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Complaints on the real database: filing refusals storing nothing, a double tap filing once, screening for everyone
 * but the author, the escalation sweep with a controlled time (SCHOOL → TOWN → CITY, not before the deadline, once
 * under two sweeps at once), scope, and the handling, rating and reopening lifecycle with its refusals, notices and
 * the scorecard's counts.
 */
@DemoCityTest
class ComplaintTests {

	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R' };

	static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F' };

	static final byte[] PDF = "%PDF-1.4 not an image".getBytes(StandardCharsets.US_ASCII);

	static final String TEXT = "孩子反映课堂秩序很乱，老师经常迟到十分钟以上。";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Complaints complaints;

	@Autowired
	UserDetailsService users;

	@Autowired
	List<OwnerResolver> resolvers;

	ComplaintWorld world;

	KehouUser guardian;

	KehouUser school1;

	KehouUser town1;

	KehouUser city;

	Instant now;

	Duration within;

	@BeforeEach
	void world() {
		guardian = (KehouUser) users.loadUserByUsername("13800000001");
		school1 = (KehouUser) users.loadUserByUsername("school1");
		town1 = (KehouUser) users.loadUserByUsername("town1");
		city = (KehouUser) users.loadUserByUsername("city");
		world = new ComplaintWorld(jdbc, guardian);
		world.cleanComplaints();
		now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		within = complaints.properties().respondWithin();
		signIn(guardian);
	}

	@AfterEach
	void clean() {
		SecurityContextHolder.clearContext();
		world.clean();
	}

	ComplaintView file(String key, String subject, String text, byte[]... photos) {
		signIn(guardian);
		return complaints.file(world.child, new Complaints.Filing(subject, text, key), Arrays.asList(photos), now)
			.complaint();
	}

	String offeringKey() {
		return "OFFERING-" + world.offering;
	}

	int stored() {
		return world.count("SELECT count(*) FROM complaint WHERE student_id = :p", world.child);
	}

	@Test
	void theChildsOfferingItsProviderAndTheSchoolAreTheSubjects() {
		List<ComplaintSubject> subjects = complaints.subjects(world.child);
		assertThat(subjects).extracting(ComplaintSubject::key)
			.contains("SCHOOL", offeringKey(), "PROVIDER-" + world.provider);
		assertThat(subjects.get(0).kind()).isEqualTo(ComplaintSubject.Kind.SCHOOL);
	}

	@Test
	void aComplaintIsFiledAtTheSchoolWithADeadlinePhotosATimelineAndANotice() {
		ComplaintView c = file("k-1", offeringKey(), "  " + TEXT + "  ", PNG, JPEG);
		assertThat(c.status()).isEqualTo(ComplaintStatus.OPEN);
		assertThat(c.level()).isEqualTo(ComplaintLevel.SCHOOL);
		assertThat(c.dueAt()).isEqualTo(now.plus(within));
		assertThat(c.text()).isEqualTo(TEXT);
		assertThat(c.providerId()).isEqualTo(world.provider);
		assertThat(c.offeringId()).isEqualTo(world.offering);
		assertThat(c.photoIds()).hasSize(2);
		assertThat(complaints.photo(c.id(), c.photoIds().get(0))).get()
			.satisfies(p -> assertThat(p.contentType()).isEqualTo("image/png"));
		assertThat(complaints.photo(c.id(), c.photoIds().get(1))).get()
			.satisfies(p -> assertThat(p.content()).isEqualTo(JPEG));
		assertThat(complaints.timeline(c.id())).extracting(ComplaintStep::kind).containsExactly(ComplaintStep.Kind.FILED);
		assertThat(world.count("SELECT count(*) FROM audit_event WHERE action = 'complaint-filed' AND target_id = CAST(:p AS TEXT)",
				c.id())).isEqualTo(1);
		assertThat(jdbc.sql("SELECT recipient_user_id FROM inbox_message WHERE topic = 'complaint.filed' AND link = :l")
			.param("l", "/console/complaints/" + c.id()).query(Long.class).list()).as("the school's admin is told")
			.contains(school1.id());
	}

	@Test
	void badFilingsAreRefusedAndStoreNothing() {
		assertThatThrownBy(() -> file("k-short", offeringKey(), "太短了"))
			.isInstanceOfSatisfying(ComplaintInvalid.class, e -> assertThat(e.problems()).containsOnlyKeys("text"));
		assertThatThrownBy(() -> file("k-long", offeringKey(), "字".repeat(1001)))
			.isInstanceOfSatisfying(ComplaintInvalid.class, e -> assertThat(e.problems()).containsOnlyKeys("text"));
		assertThatThrownBy(() -> file("k-many", offeringKey(), TEXT, PNG, PNG, JPEG, PNG))
			.isInstanceOfSatisfying(ComplaintInvalid.class, e -> assertThat(e.problems()).containsOnlyKeys("photos"));
		assertThatThrownBy(() -> file("k-pdf", offeringKey(), TEXT, PNG, PDF))
			.isInstanceOfSatisfying(ComplaintInvalid.class, e -> assertThat(e.problems()).containsOnlyKeys("photos"));
		byte[] big = new byte[Complaints.PHOTO_MAX_BYTES + 1];
		System.arraycopy(PNG, 0, big, 0, PNG.length);
		assertThatThrownBy(() -> file("k-big", offeringKey(), TEXT, big))
			.isInstanceOfSatisfying(ComplaintInvalid.class, e -> assertThat(e.problems()).containsOnlyKeys("photos"));
		assertThatThrownBy(() -> file("k-subject", "OFFERING-999999999", TEXT))
			.isInstanceOfSatisfying(ComplaintInvalid.class, e -> assertThat(e.problems()).containsOnlyKeys("subject"));
		assertThatThrownBy(() -> file(null, offeringKey(), TEXT))
			.isInstanceOfSatisfying(ComplaintInvalid.class, e -> assertThat(e.problems()).containsOnlyKeys("requestKey"));
		// another guardian's child
		signIn((KehouUser) users.loadUserByUsername("13800000002"));
		assertThatThrownBy(() -> complaints.file(world.child, new Complaints.Filing(offeringKey(), TEXT, "k-other"),
				List.of(), now))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
		assertThat(stored()).isZero();
		assertThat(world.count("SELECT count(*) FROM complaint_photo p JOIN complaint c ON c.id = p.complaint_id WHERE c.student_id = :p",
				world.child)).isZero();
	}

	@Test
	void aDoubleTapFilesOnce() throws Exception {
		ComplaintView first = file("k-double", "SCHOOL", TEXT);
		Complaints.Filed again = complaints.file(world.child, new Complaints.Filing("SCHOOL", TEXT, "k-double"), List.of(),
				now);
		assertThat(again.replay()).isTrue();
		assertThat(again.complaint().id()).isEqualTo(first.id());

		CyclicBarrier start = new CyclicBarrier(2);
		Callable<Complaints.Filed> tap = () -> {
			signIn(guardian);
			start.await();
			return complaints.file(world.child, new Complaints.Filing("SCHOOL", TEXT, "k-race"), List.of(PNG), now);
		};
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<Complaints.Filed> a = pool.submit(tap);
			Future<Complaints.Filed> b = pool.submit(tap);
			assertThat(a.get().complaint().id()).isEqualTo(b.get().complaint().id());
			assertThat(List.of(a.get().replay(), b.get().replay())).containsExactlyInAnyOrder(true, false);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(stored()).isEqualTo(2);
		assertThat(world.count("SELECT count(*) FROM complaint_step s JOIN complaint c ON c.id = s.complaint_id WHERE c.student_id = :p",
				world.child)).isEqualTo(2);
	}

	@Test
	void personalDataInTheTextIsScreenedForEveryoneButTheAuthor() {
		ComplaintView c = file("k-screen", "SCHOOL", "请联系我 13912345678，老师多次迟到不讲课。");
		assertThat(complaints.find(c.id(), now).orElseThrow().text()).contains("13912345678");
		signIn(school1);
		String seen = complaints.find(c.id(), now).orElseThrow().text();
		assertThat(seen).doesNotContain("13912345678").contains("老师多次迟到");
		assertThat(complaints.list(school1, new Complaints.Filter(null, null, false), 0, 100, now).items())
			.filteredOn(v -> v.id() == c.id()).extracting(ComplaintView::text).containsExactly(seen);
		complaints.respond(c.id(), "已核实，已联系家长 13912345678 沟通", ComplaintFinding.PARTLY, now);
		assertThat(complaints.timeline(c.id())).filteredOn(s -> s.kind() == ComplaintStep.Kind.RESPONDED)
			.extracting(ComplaintStep::text).containsExactly("已核实，已联系家长 13912345678 沟通");
		signIn(guardian);
		assertThat(complaints.timeline(c.id())).filteredOn(s -> s.kind() == ComplaintStep.Kind.RESPONDED)
			.singleElement().satisfies(s -> {
				assertThat(s.text()).doesNotContain("13912345678");
				assertThat(s.actorName()).as("guardians see the role, not the account").isNull();
				assertThat(s.actorRole()).isEqualTo(org.kehou.identity.Role.SCHOOL_ADMIN);
			});
	}

	@Test
	void anUnansweredComplaintEscalatesToTheTownAndThenTheCityByTheSweep() throws Exception {
		ComplaintView c = file("k-sweep", offeringKey(), TEXT);
		Instant due = now.plus(within);

		complaints.escalateOverdue(due.minusSeconds(60));
		assertThat(level(c.id())).as("not before the deadline").isEqualTo(ComplaintLevel.SCHOOL);

		sweepTwiceAtOnce(due.plusSeconds(60));
		ComplaintView atTown = complaints.find(c.id(), due.plusSeconds(60)).orElseThrow();
		assertThat(atTown.level()).isEqualTo(ComplaintLevel.TOWN);
		assertThat(atTown.escalations()).as("escalated once by two sweeps at once").isEqualTo(1);
		assertThat(atTown.status()).isEqualTo(ComplaintStatus.OPEN);
		assertThat(atTown.dueAt()).isEqualTo(due.plusSeconds(60).plus(within));
		assertThat(jdbc.sql("SELECT recipient_user_id FROM inbox_message WHERE topic = 'complaint.escalated' AND link = :l")
			.param("l", "/console/complaints/" + c.id()).query(Long.class).list()).as("the town's admin is told")
			.contains(town1.id());
		assertThat(world.count("SELECT count(*) FROM inbox_message WHERE topic = 'complaint.escalated' AND link = '/m/complaints/' || :p",
				c.id())).as("the guardian is told").isEqualTo(1);

		Instant townDue = atTown.dueAt();
		complaints.escalateOverdue(townDue.minusSeconds(1));
		assertThat(level(c.id())).isEqualTo(ComplaintLevel.TOWN);
		sweepTwiceAtOnce(townDue.plusSeconds(1));
		assertThat(level(c.id())).isEqualTo(ComplaintLevel.CITY);
		complaints.escalateOverdue(townDue.plus(within).plusSeconds(10));
		assertThat(level(c.id())).as("the city is the last level").isEqualTo(ComplaintLevel.CITY);
		signIn(guardian);
		assertThat(complaints.timeline(c.id())).extracting(ComplaintStep::kind).containsExactly(ComplaintStep.Kind.FILED,
				ComplaintStep.Kind.ESCALATED, ComplaintStep.Kind.ESCALATED);
		assertThat(complaints.timeline(c.id())).filteredOn(s -> s.kind() == ComplaintStep.Kind.ESCALATED)
			.extracting(ComplaintStep::actorRole).containsOnlyNulls();
		assertThat(world.count("SELECT count(*) FROM audit_event WHERE action = 'complaint-escalated' AND target_id = CAST(:p AS TEXT)",
				c.id())).isEqualTo(2);
		LocalDate today = LocalDate.ofInstant(now, Terms.CITY_ZONE);
		assertThat(complaints.ofProvider(world.provider, today, today).overdue()).isEqualTo(1);
	}

	private ComplaintLevel level(long id) {
		return ComplaintLevel.valueOf(jdbc.sql("SELECT level FROM complaint WHERE id = :id").param("id", id)
			.query(String.class).single());
	}

	private void sweepTwiceAtOnce(Instant at) throws Exception {
		CyclicBarrier start = new CyclicBarrier(2);
		Callable<Integer> sweep = () -> {
			start.await();
			return complaints.escalateOverdue(at);
		};
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<Integer>> runs = new ArrayList<>(List.of(pool.submit(sweep), pool.submit(sweep)));
			for (Future<Integer> run : runs) {
				run.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void eachLevelHandlesItsOwnAndSeesWhatIsBelowOnlyToRead() {
		ComplaintView c = file("k-scope", "SCHOOL", TEXT);
		KehouUser school2 = (KehouUser) users.loadUserByUsername("school2");
		Complaints.Filter all = new Complaints.Filter(null, null, false);
		assertThat(complaints.list(school2, all, 0, 100, now).items()).extracting(ComplaintView::id).doesNotContain(c.id());
		assertThat(complaints.list(school1, all, 0, 100, now).items()).extracting(ComplaintView::id).contains(c.id());
		assertThat(complaints.list(town1, all, 0, 100, now).items()).extracting(ComplaintView::id).contains(c.id());
		assertThat(complaints.list(city, all, 0, 100, now).items()).extracting(ComplaintView::id).contains(c.id());
		assertThat(complaints.list(town1, new Complaints.Filter(null, ComplaintLevel.TOWN, false), 0, 100, now).items())
			.extracting(ComplaintView::id).doesNotContain(c.id());
		KehouUser other = (KehouUser) users.loadUserByUsername("13800000002");
		assertThat(complaints.ofGuardian(other.scope().guardianId())).extracting(ComplaintView::id).doesNotContain(c.id());
		assertThat(complaints.ofGuardian(guardian.scope().guardianId())).extracting(ComplaintView::id).contains(c.id());

		OwnerResolver owner = resolvers.stream().filter(r -> r.parameter().equals("complaintId")).findFirst().orElseThrow();
		assertThat(school1.scope().covers(owner.ownerOf(c.id()).orElseThrow())).isTrue();
		assertThat(town1.scope().covers(owner.ownerOf(c.id()).orElseThrow())).isTrue();
		assertThat(school2.scope().covers(owner.ownerOf(c.id()).orElseThrow())).isFalse();
		assertThat(other.scope().covers(owner.ownerOf(c.id()).orElseThrow())).isFalse();
		assertThat(guardian.scope().covers(owner.ownerOf(c.id()).orElseThrow())).isTrue();

		signIn(town1);
		assertThatThrownBy(() -> complaints.accept(c.id(), now))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YOUR_LEVEL));
		signIn(school2);
		assertThatThrownBy(() -> complaints.accept(c.id(), now))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
		signIn(school1);
		complaints.escalate(c.id(), "涉及多校，需镇街协调", now);
		signIn(town1);
		assertThat(complaints.accept(c.id(), now).status()).isEqualTo(ComplaintStatus.ACCEPTED);
		signIn(school1);
		assertThatThrownBy(() -> complaints.respond(c.id(), "学校答复", ComplaintFinding.SUBSTANTIATED, now))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YOUR_LEVEL));
	}

	@Test
	void respondResolveRateAndTheRefusalsOnTheWay() {
		ComplaintView c = file("k-life", offeringKey(), TEXT);
		signIn(school1);
		assertThatThrownBy(() -> complaints.resolve(c.id(), null, now))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_STATUS));
		assertThat(complaints.accept(c.id(), now).status()).isEqualTo(ComplaintStatus.ACCEPTED);
		assertThatThrownBy(() -> complaints.accept(c.id(), now)).isInstanceOf(ComplaintRefused.class);
		assertThatThrownBy(() -> complaints.respond(c.id(), "好", null, now))
			.isInstanceOfSatisfying(ComplaintInvalid.class,
					e -> assertThat(e.problems()).containsOnlyKeys("response", "finding"));
		ComplaintView responded = complaints.respond(c.id(), "已约谈授课老师，下周起按时上课。", ComplaintFinding.SUBSTANTIATED, now);
		assertThat(responded.status()).isEqualTo(ComplaintStatus.RESPONDED);
		assertThat(responded.finding()).isEqualTo(ComplaintFinding.SUBSTANTIATED);
		assertThat(world.count("SELECT count(*) FROM inbox_message WHERE topic = 'complaint.responded' AND link = '/m/complaints/' || :p",
				c.id())).as("the guardian is told").isEqualTo(1);

		signIn(guardian);
		assertThatThrownBy(() -> complaints.rate(c.id(), 5, null, now))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_STATUS));
		signIn(school1);
		ComplaintView resolved = complaints.resolve(c.id(), "已办结", now);
		assertThat(resolved.status()).isEqualTo(ComplaintStatus.RESOLVED);
		assertThat(resolved.overdue()).isFalse();

		signIn(guardian);
		assertThat(complaints.find(c.id(), now).orElseThrow().canRate()).isTrue();
		assertThatThrownBy(() -> complaints.rate(c.id(), 6, null, now)).isInstanceOf(ComplaintInvalid.class);
		ComplaintView rated = complaints.rate(c.id(), 4, "处理及时", now);
		assertThat(rated.rating()).isEqualTo(4);
		assertThat(rated.canRate()).isFalse();
		assertThat(rated.canReopen()).isFalse();
		assertThatThrownBy(() -> complaints.rate(c.id(), 1, null, now))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_RATED));
		assertThatThrownBy(() -> complaints.reopen(c.id(), "还是不满意", now))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_RATED));
		assertThat(complaints.timeline(c.id())).extracting(ComplaintStep::kind).containsExactly(ComplaintStep.Kind.FILED,
				ComplaintStep.Kind.ACCEPTED, ComplaintStep.Kind.RESPONDED, ComplaintStep.Kind.RESOLVED,
				ComplaintStep.Kind.RATED);

		LocalDate today = LocalDate.ofInstant(now, Terms.CITY_ZONE);
		ComplaintStats stats = complaints.ofProvider(world.provider, today, today);
		assertThat(stats.count()).isEqualTo(1);
		assertThat(stats.substantiated()).isEqualTo(1);
		assertThat(stats.averageRating()).isEqualByComparingTo("4.00");
		assertThat(stats.overdue()).isZero();
		assertThat(complaints.ofProvider(world.provider, today.minusDays(10), today.minusDays(1)).count()).isZero();
		assertThat(complaints.ofSchool(world.school, today, today).count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void theAuthorReopensOnceWithinSevenDays() {
		ComplaintView c = resolved("k-reopen");
		signIn((KehouUser) users.loadUserByUsername("13800000002"));
		assertThatThrownBy(() -> complaints.reopen(c.id(), "不满意", now))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AUTHOR));
		signIn(guardian);
		Instant later = now.plus(Duration.ofDays(2));
		ComplaintView reopened = complaints.reopen(c.id(), "问题没有解决", later);
		assertThat(reopened.status()).isEqualTo(ComplaintStatus.OPEN);
		assertThat(reopened.level()).isEqualTo(ComplaintLevel.SCHOOL);
		assertThat(reopened.dueAt()).isEqualTo(later.plus(within));
		assertThat(reopened.response()).isNull();
		assertThat(world.count("SELECT count(*) FROM inbox_message WHERE topic = 'complaint.reopened' AND link = '/console/complaints/' || :p",
				c.id())).isGreaterThanOrEqualTo(1);
		signIn(school1);
		complaints.respond(c.id(), "再次核实后答复", ComplaintFinding.NOT_SUBSTANTIATED, later);
		complaints.resolve(c.id(), null, later);
		signIn(guardian);
		assertThatThrownBy(() -> complaints.reopen(c.id(), "仍然不满意", later))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_REOPENED));

		ComplaintView old = resolved("k-old");
		signIn(guardian);
		assertThatThrownBy(() -> complaints.reopen(old.id(), "太晚了吗", now.plus(Duration.ofDays(8))))
			.isInstanceOfSatisfying(ComplaintRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.REOPEN_EXPIRED));
		assertThat(complaints.find(old.id(), now).orElseThrow().status()).isEqualTo(ComplaintStatus.RESOLVED);
	}

	private ComplaintView resolved(String key) {
		ComplaintView c = file(key, "SCHOOL", TEXT);
		signIn(school1);
		complaints.respond(c.id(), "已处理", ComplaintFinding.PARTLY, now);
		return complaints.resolve(c.id(), null, now);
	}
}
