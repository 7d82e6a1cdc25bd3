package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kehou.supervision.AlertRecords.Instructor;
import static org.kehou.supervision.AlertRecords.Slot;
import static org.kehou.supervision.AlertRecords.checkin;
import static org.kehou.supervision.AlertRecords.offering;
import static org.kehou.supervision.DashboardRecords.attendance;
import static org.kehou.supervision.DashboardRecords.complaint;
import static org.kehou.supervision.DashboardRecords.ingest;
import static org.kehou.supervision.DashboardRecords.place;
import static org.kehou.supervision.DashboardRecords.rating;
import static org.kehou.supervision.DashboardRecords.student;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Every alert rule, triggered from records ingested through the real signed endpoint ({@code POST
 * /exchange/v1/batches}) and the city's down records: the rule raises an alert for the offending subject and none for
 * a compliant one next to it; a re-evaluation refreshes the evidence without duplicating the alert, two sweeps at
 * once raise it once, an open alert whose condition is gone is cleared, an assigned one stays marked.
 */
@SupervisionTest
class AlertRulesTests {

	static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestClock clock;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	PlatformCredentials credentials;

	@Autowired
	AlertRules rules;

	@Autowired
	Alerts alerts;

	IngestionWorld w;

	String a;

	String b;

	String tag;

	@BeforeEach
	void world() {
		clock.set(NOW);
		w = IngestionWorld.create(towns, schools, platforms, credentials);
		tag = w.tag();
		a = w.schoolCode();
		b = w.foreignSchoolCode();
	}

	/** The open alerts of a rule whose subject starts with the prefix: subject → args. */
	List<Row> open(AlertRule rule, String subjectPrefix) {
		return jdbc.sql("""
				SELECT id, subject, status, school_id, town_id, array_to_string(args, '|') AS args,
				       array_to_string(record_ids, ' ') AS records
				FROM sup_alert WHERE rule = :r AND subject LIKE :p AND status IN ('OPEN', 'ASSIGNED') ORDER BY subject""")
			.param("r", rule.name())
			.param("p", subjectPrefix + "%")
			.query(Row.class)
			.list();
	}

	record Row(long id, String subject, String status, Long schoolId, Long townId, String args, String records) {
	}

	String p(String offering) {
		return w.platformId() + ":" + offering;
	}

	void sweep(AlertRule rule, Instant now) {
		rules.evaluate(rule, now);
	}

	@Test
	void aProviderNotAdmittedExpelledSuspendedOrExpiredTeachingRaisesACityAlert() throws Exception {
		AlertRecords.provider(jdbc, "PA-" + tag, "admitted", "2027-12-31");
		AlertRecords.provider(jdbc, "PB-" + tag, "suspended", "2027-12-31");
		AlertRecords.provider(jdbc, "PD-" + tag, "admitted", "2026-10-01");
		AlertRecords.provider(jdbc, "PE-" + tag, "expelled", "2027-12-31");
		ingest(mvc, w.credential(), NOW, List.of(offering("o-a", a, "art", "PA-" + tag, 20),
				offering("o-b", a, "art", "PB-" + tag, 20), offering("o-c", a, "art", "PC-" + tag, 20),
				offering("o-d", a, "art", "PD-" + tag, 20), offering("o-e", a, "art", "PE-" + tag, 20)));
		rules.sweep(NOW);
		assertThat(open(AlertRule.PROVIDER_NOT_ADMITTED, "PA-" + tag)).isEmpty();
		assertThat(open(AlertRule.PROVIDER_NOT_ADMITTED, "PB-" + tag)).singleElement().satisfies(r -> {
			assertThat(r.args()).isEqualTo("PB-" + tag + "|suspended|1|" + a);
			assertThat(r.records()).isEqualTo(w.platformId() + "/offering/o-b");
			// provider-level: the city's
			assertThat(r.townId()).isNull();
		});
		assertThat(open(AlertRule.PROVIDER_NOT_ADMITTED, "PC-" + tag)).singleElement()
			.satisfies(r -> assertThat(r.args()).startsWith("PC-" + tag + "|unlisted|"));
		assertThat(open(AlertRule.PROVIDER_NOT_ADMITTED, "PD-" + tag)).singleElement()
			.satisfies(r -> assertThat(r.args()).startsWith("PD-" + tag + "|expired|"));
		assertThat(open(AlertRule.PROVIDER_NOT_ADMITTED, "PE-" + tag)).singleElement()
			.satisfies(r -> assertThat(r.args()).startsWith("PE-" + tag + "|expelled|"));
	}

	@Test
	void anInstructorWithoutValidDocumentsRaisesAnAlertForTheTownOfTheSchool() throws Exception {
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", a, "art", "P-" + tag, 30000, 20,
				List.of(new Slot(2, "16:30", "17:30")), List.of(new Instructor("i-ok", true, "2027-12-31"),
						new Instructor("i-bad", false, null), new Instructor("i-exp", true, "2026-10-01")),
				null)));
		sweep(AlertRule.INSTRUCTOR_DOCUMENTS, NOW);
		List<Row> found = open(AlertRule.INSTRUCTOR_DOCUMENTS, p("o-1:"));
		assertThat(found).extracting(Row::subject).containsExactly(p("o-1:i-bad"), p("o-1:i-exp"));
		SchoolView school = schools.findSchoolByCode(a).orElseThrow();
		assertThat(found.get(0).schoolId()).isEqualTo(school.id());
		assertThat(found.get(0).townId()).isEqualTo(school.townId());
		assertThat(found.get(1).args()).isEqualTo("课程o-1|i-exp|2026-10-01");
	}

	@Test
	void aFeeAboveTheCapInForceRaisesAnAlertTheTownCapComingBeforeTheCitys() throws Exception {
		String cat = "c1-" + tag;
		String other = "c2-" + tag;
		String perSession = "c3-" + tag;
		AlertRecords.cap(jdbc, "cap-city-" + tag, cat, null, "term", 50000);
		AlertRecords.cap(jdbc, "cap-town-" + tag, cat, "ST-" + tag, "term", 40000);
		AlertRecords.cap(jdbc, "cap-other-" + tag, other, null, "term", 50000);
		AlertRecords.cap(jdbc, "cap-session-" + tag, perSession, null, "session", 3000);
		List<Instructor> ok = List.of(new Instructor("i-ok", true, "2027-12-31"));
		List<Slot> slot = List.of(new Slot(2, "16:30", "17:30"));
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", a, cat, "P-" + tag, 45000, 20, slot, ok, null),
				offering("o-2", a, other, "P-" + tag, 45000, 20, slot, ok, null),
				offering("o-3", a, perSession, "P-" + tag, 45000, 20, slot, ok, 10),
				offering("o-4", a, perSession, "P-" + tag, 30000, 20, slot, ok, 10)));
		sweep(AlertRule.FEE_ABOVE_CAP, NOW);
		List<Row> found = open(AlertRule.FEE_ABOVE_CAP, w.platformId() + ":o-");
		assertThat(found).extracting(Row::subject).containsExactly(p("o-1"), p("o-3"));
		assertThat(found.get(0).args()).isEqualTo("课程o-1|¥450.00|¥400.00|" + cat);
		assertThat(found.get(0).records()).contains("down/cap/cap-town-" + tag);
		assertThat(found.get(1).args()).contains("¥300.00");
	}

	@Test
	void moreConfirmedPlacesThanCapacityRaiseAnAlertAndReevaluationUpdatesItWithoutDuplicating() throws Exception {
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", a, "art", "P-" + tag, 2),
				offering("o-2", a, "art", "P-" + tag, 3), place("p-1", 1, a, "o-1", "A1", "confirmed"),
				place("p-2", 1, a, "o-1", "A2", "confirmed"), place("p-3", 1, a, "o-1", "A3", "confirmed"),
				place("p-4", 1, a, "o-2", "A1", "confirmed"), place("p-5", 1, a, "o-2", "A2", "confirmed"),
				place("p-6", 1, a, "o-2", "A3", "confirmed")));
		assertThat(rules.evaluate(AlertRule.OVER_CAPACITY, NOW).raised()).isPositive();
		List<Row> first = open(AlertRule.OVER_CAPACITY, w.platformId() + ":o-");
		assertThat(first).extracting(Row::subject).containsExactly(p("o-1"));
		assertThat(first.get(0).args()).isEqualTo("课程o-1|3|2");

		// a fourth place: the same alert, new evidence
		ingest(mvc, w.credential(), NOW, List.of(place("p-7", 1, a, "o-1", "A4", "confirmed")));
		clock.advance(Duration.ofMinutes(5));
		rules.evaluate(AlertRule.OVER_CAPACITY, clock.instant());
		List<Row> again = open(AlertRule.OVER_CAPACITY, w.platformId() + ":o-");
		assertThat(again).extracting(Row::id).containsExactly(first.get(0).id());
		assertThat(again.get(0).args()).isEqualTo("课程o-1|4|2");

		// two places withdrawn: still over; all but two withdrawn: the open alert is cleared
		ingest(mvc, w.credential(), NOW, List.of(place("p-1", 2, a, "o-1", "A1", "withdrawn"),
				place("p-2", 2, a, "o-1", "A2", "withdrawn")));
		rules.evaluate(AlertRule.OVER_CAPACITY, clock.instant());
		assertThat(open(AlertRule.OVER_CAPACITY, p("o-1"))).isEmpty();
		assertThat(jdbc.sql("SELECT status FROM sup_alert WHERE id = :id").param("id", first.get(0).id())
			.query(String.class).single()).isEqualTo("CLEARED");
		// over again: a new alert (the cleared one stays as history)
		ingest(mvc, w.credential(), NOW, List.of(place("p-8", 1, a, "o-1", "A5", "confirmed")));
		rules.evaluate(AlertRule.OVER_CAPACITY, clock.instant());
		assertThat(open(AlertRule.OVER_CAPACITY, p("o-1"))).singleElement()
			.satisfies(r -> assertThat(r.id()).isNotEqualTo(first.get(0).id()));
	}

	@Test
	void anAssignedAlertWhoseConditionIsGoneStaysForItsAssigneeMarked() throws Exception {
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", a, "art", "P-" + tag, 1),
				place("p-1", 1, a, "o-1", "A1", "confirmed"), place("p-2", 1, a, "o-1", "A2", "confirmed")));
		rules.evaluate(AlertRule.OVER_CAPACITY, NOW);
		long id = open(AlertRule.OVER_CAPACITY, p("o-1")).get(0).id();
		jdbc.sql("UPDATE sup_alert SET status = 'ASSIGNED', assignee_id = 1, assignee_name = 'x' WHERE id = :id")
			.param("id", id).update();
		ingest(mvc, w.credential(), NOW, List.of(place("p-2", 2, a, "o-1", "A2", "withdrawn")));
		rules.evaluate(AlertRule.OVER_CAPACITY, NOW.plusSeconds(60));
		AlertView alert = alerts.find(id).orElseThrow();
		assertThat(alert.status()).isEqualTo("ASSIGNED");
		assertThat(alert.conditionClearedAt()).isNotNull();
	}

	@Test
	void twoSweepsAtOnceRaiseTheAlertOnce() throws Exception {
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", a, "art", "P-" + tag, 1),
				place("p-1", 1, a, "o-1", "A1", "confirmed"), place("p-2", 1, a, "o-1", "A2", "confirmed"),
				offering("o-2", a, "art", "P-" + tag, 1), place("p-3", 1, a, "o-2", "A1", "confirmed"),
				place("p-4", 1, a, "o-2", "A2", "confirmed")));
		int threads = 4;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<AlertRules.Outcome>> outcomes = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				outcomes.add(pool.submit(() -> {
					start.await();
					return rules.evaluate(AlertRule.OVER_CAPACITY, NOW);
				}));
			}
			start.countDown();
			for (Future<AlertRules.Outcome> f : outcomes) {
				f.get();
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(jdbc.sql("SELECT count(*) FROM sup_alert WHERE rule = 'OVER_CAPACITY' AND subject IN (:s)")
			.param("s", List.of(p("o-1"), p("o-2")))
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void aSessionWithACheckInAndNoRollCallAfterTheGracePeriodRaisesAnAlert() throws Exception {
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", a, "art", "P-" + tag, 20),
				checkin("c-1", a, "o-1", "2026-10-30", 10), checkin("c-2", a, "o-1", "2026-10-29", 10),
				attendance("m-1", 1, a, "o-1", "2026-10-29", "A1", "present"),
				checkin("c-3", a, "o-1", "2026-11-02", 10), checkin("c-4", a, "o-1", "2026-10-28", 0)));
		// NOW is 16:00 in the city: the session of 11-02 (ends 17:30) is not due yet
		sweep(AlertRule.ROLL_CALL_MISSING, NOW);
		assertThat(open(AlertRule.ROLL_CALL_MISSING, p("o-1:"))).extracting(Row::subject)
			.containsExactly(p("o-1:2026-10-30"));
		assertThat(open(AlertRule.ROLL_CALL_MISSING, p("o-1:")).get(0).args()).isEqualTo("课程o-1|2026-10-30|10");
		// 21:00: its grace period (2 h after 17:30) is over
		sweep(AlertRule.ROLL_CALL_MISSING, Instant.parse("2026-11-02T13:00:00Z"));
		assertThat(open(AlertRule.ROLL_CALL_MISSING, p("o-1:"))).extracting(Row::subject)
			.containsExactly(p("o-1:2026-10-30"), p("o-1:2026-11-02"));
		// the roll call arrives late: the open alert is cleared
		ingest(mvc, w.credential(), NOW, List.of(attendance("m-2", 1, a, "o-1", "2026-10-30", "A1", "absent")));
		sweep(AlertRule.ROLL_CALL_MISSING, Instant.parse("2026-11-02T13:00:00Z"));
		assertThat(open(AlertRule.ROLL_CALL_MISSING, p("o-1:"))).extracting(Row::subject)
			.containsExactly(p("o-1:2026-11-02"));
	}

	@Test
	void aSchoolWhoseServiceEndsBeforeTheRequiredTimeRaisesAnAlert() throws Exception {
		AlertRecords.schoolHours(jdbc, a, "17:30");
		AlertRecords.schoolHours(jdbc, b, "17:00");
		List<Instructor> ok = List.of(new Instructor("i-ok", true, "2027-12-31"));
		// a: Monday ends 17:00 at the latest (two offerings), Tuesday 17:30
		ingest(mvc, w.credential(), NOW, List.of(
				offering("o-1", a, "art", "P-" + tag, 30000, 20,
						List.of(new Slot(1, "15:30", "16:30"), new Slot(2, "16:30", "17:30")), ok, null),
				offering("o-2", a, "art", "P-" + tag, 30000, 20, List.of(new Slot(1, "16:30", "17:00")), ok, null)));
		IssuedCredential other = credentials.issue(w.otherPlatformId());
		ingest(mvc, other, NOW, List.of(offering("o-1", b, "art", "P-" + tag, 30000, 20,
				List.of(new Slot(3, "16:00", "17:30")), ok, null)));
		sweep(AlertRule.SERVICE_ENDS_EARLY, NOW);
		assertThat(open(AlertRule.SERVICE_ENDS_EARLY, a)).singleElement().satisfies(r -> {
			assertThat(r.args()).isEqualTo("1 17:00|17:30");
			assertThat(r.records()).contains(w.platformId() + "/offering/o-1", w.platformId() + "/offering/o-2",
					"down/school/" + a);
		});
		assertThat(open(AlertRule.SERVICE_ENDS_EARLY, b)).isEmpty();
	}

	@Test
	void satisfactionBelowEightyPercentOverEnoughRatingsRaisesAnAlert() throws Exception {
		IssuedCredential other = credentials.issue(w.otherPlatformId());
		List<String> ra = new ArrayList<>();
		List<String> rb = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ra.add(rating("r-" + i, a, "o-1", i < 7 ? 5 : 2, "2026-10-2" + (i % 9)));
			rb.add(rating("r-" + i, b, "o-1", i < 8 ? 4 : 1, "2026-10-2" + (i % 9)));
		}
		// 9 ratings at a first: not enough to judge
		ingest(mvc, w.credential(), NOW, ra.subList(0, 9));
		ingest(mvc, other, NOW, rb);
		sweep(AlertRule.LOW_SATISFACTION, NOW);
		assertThat(open(AlertRule.LOW_SATISFACTION, a)).isEmpty();
		ingest(mvc, w.credential(), NOW, ra.subList(9, 10));
		sweep(AlertRule.LOW_SATISFACTION, NOW);
		assertThat(open(AlertRule.LOW_SATISFACTION, a)).singleElement().satisfies(r -> {
			assertThat(r.args()).isEqualTo("70.0|10|80");
			assertThat(r.records().split(" ")).hasSize(3);
		});
		// b: 80 % is not below 80 %
		assertThat(open(AlertRule.LOW_SATISFACTION, b)).isEmpty();
	}

	@Test
	void aComplaintOpenPastItsDueTimeRaisesAnAlert() throws Exception {
		ingest(mvc, w.credential(), NOW, List.of(
				complaint("q-1", a, "received", "2026-10-20T09:00:00+08:00", "2026-10-27T09:00:00+08:00"),
				complaint("q-2", a, "resolved", "2026-10-20T09:00:00+08:00", "2026-10-27T09:00:00+08:00"),
				complaint("q-3", a, "in-progress", "2026-10-30T09:00:00+08:00", "2026-11-06T09:00:00+08:00")));
		sweep(AlertRule.COMPLAINT_OVERDUE, NOW);
		assertThat(open(AlertRule.COMPLAINT_OVERDUE, p("q-"))).singleElement().satisfies(r -> {
			assertThat(r.subject()).isEqualTo(p("q-1"));
			assertThat(r.args()).isEqualTo("q-1|2026-10-27 09:00|received");
		});
		sweep(AlertRule.COMPLAINT_OVERDUE, Instant.parse("2026-11-06T02:00:00Z"));
		assertThat(open(AlertRule.COMPLAINT_OVERDUE, p("q-"))).extracting(Row::subject)
			.containsExactly(p("q-1"), p("q-3"));
	}

	@Test
	void aPlatformSilentForMoreThanADayRaisesACityAlert() throws Exception {
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", a, "art", "P-" + tag, 20)));
		String subject = String.valueOf(w.platformId());
		sweep(AlertRule.PLATFORM_SILENT, NOW.plus(Duration.ofHours(23)));
		assertThat(open(AlertRule.PLATFORM_SILENT, subject)).filteredOn(r -> r.subject().equals(subject)).isEmpty();
		sweep(AlertRule.PLATFORM_SILENT, NOW.plus(Duration.ofHours(25)));
		assertThat(open(AlertRule.PLATFORM_SILENT, subject)).filteredOn(r -> r.subject().equals(subject))
			.singleElement()
			.satisfies(r -> {
				assertThat(r.args()).isEqualTo("甲平台" + tag + "|2026-11-02 16:00");
				assertThat(r.townId()).isNull();
			});
		// the other platform holds no credential: not expected to report, never silent
		assertThat(open(AlertRule.PLATFORM_SILENT, String.valueOf(w.otherPlatformId())))
			.filteredOn(r -> r.subject().equals(String.valueOf(w.otherPlatformId()))).isEmpty();
		// it reports again: cleared
		clock.set(NOW.plus(Duration.ofHours(26)));
		ingest(mvc, w.credential(), clock.instant(), List.of(offering("o-2", a, "art", "P-" + tag, 20)));
		sweep(AlertRule.PLATFORM_SILENT, NOW.plus(Duration.ofHours(26)));
		assertThat(open(AlertRule.PLATFORM_SILENT, subject)).filteredOn(r -> r.subject().equals(subject)).isEmpty();
	}

	@Test
	void fullParticipationWithNoWithdrawalAtAFairlyLargeSchoolIsRaisedForReview() throws Exception {
		IssuedCredential other = credentials.issue(w.otherPlatformId());
		List<String> ra = new ArrayList<>(List.of(offering("o-1", a, "art", "P-" + tag, 100)));
		List<String> rb = new ArrayList<>(List.of(offering("o-1", b, "art", "P-" + tag, 100),
				offering("o-2", b, "art", "P-" + tag, 100)));
		for (int i = 0; i < 30; i++) {
			ra.add(student("s-" + i, 1, a, "FA" + tag + i));
			ra.add(place("p-" + i, 1, a, "o-1", "FA" + tag + i, "confirmed"));
			rb.add(student("s-" + i, 1, b, "FB" + tag + i));
			rb.add(place("p-" + i, 1, b, "o-1", "FB" + tag + i, "confirmed"));
		}
		// at b one student also withdrew from a second offering: a choice was made
		rb.add(place("p-x", 1, b, "o-2", "FB" + tag + 0, "withdrawn"));
		ingest(mvc, w.credential(), NOW, ra);
		ingest(mvc, other, NOW, rb);
		sweep(AlertRule.FORCED_PARTICIPATION, NOW);
		assertThat(open(AlertRule.FORCED_PARTICIPATION, a)).singleElement()
			.satisfies(r -> assertThat(r.args()).isEqualTo("30|30"));
		assertThat(jdbc.sql("SELECT severity FROM sup_alert WHERE rule = 'FORCED_PARTICIPATION' AND subject = :s")
			.param("s", a).query(String.class).single()).isEqualTo("LOW");
		assertThat(open(AlertRule.FORCED_PARTICIPATION, b)).isEmpty();
	}
}
