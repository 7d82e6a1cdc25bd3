package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kehou.supervision.DashboardRecords.attendance;
import static org.kehou.supervision.DashboardRecords.checkin;
import static org.kehou.supervision.DashboardRecords.complaint;
import static org.kehou.supervision.DashboardRecords.ingest;
import static org.kehou.supervision.DashboardRecords.offering;
import static org.kehou.supervision.DashboardRecords.order;
import static org.kehou.supervision.DashboardRecords.payment;
import static org.kehou.supervision.DashboardRecords.place;
import static org.kehou.supervision.DashboardRecords.rating;
import static org.kehou.supervision.DashboardRecords.refund;
import static org.kehou.supervision.DashboardRecords.student;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The read models and {@link CityFigures}, fed through the real ingestion ({@code POST /exchange/v1/batches}) by two
 * platforms serving two schools of one town: figures per school and for the town; a newer version moves an
 * attendance aggregate, a tombstone takes it out, an older version changes nothing; both platforms' records count,
 * with the same record ids kept apart per platform.
 */
@SupervisionTest
class DashboardFiguresTests {

	static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

	static final CityFigures.Period TERM = new CityFigures.Period(LocalDate.parse("2026-09-01"),
			LocalDate.parse("2027-01-31"));

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
	CityFigures figures;

	IngestionWorld w;

	IssuedCredential other;

	String a;

	String b;

	@BeforeEach
	void world() throws Exception {
		clock.set(NOW);
		w = IngestionWorld.create(towns, schools, platforms, credentials);
		other = credentials.issue(w.otherPlatformId());
		a = w.schoolCode();
		b = w.foreignSchoolCode();
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", 1, a, "art", "P1", 20, "i-1", "i-2"),
				student("s-1", 1, a, "A1"), student("s-2", 1, a, "A2"), student("s-3", 1, a, "A3"),
				student("s-4", 1, a, "A4"), place("p-1", 1, a, "o-1", "A1", "confirmed"),
				place("p-2", 1, a, "o-1", "A2", "confirmed"), place("p-3", 1, a, "o-1", "A3", "withdrawn"),
				attendance("m-1", 1, a, "o-1", "2026-10-13", "A1", "present"),
				attendance("m-2", 1, a, "o-1", "2026-10-13", "A2", "absent"),
				attendance("m-3", 1, a, "o-1", "2026-10-14", "A1", "late"),
				attendance("m-4", 1, a, "o-1", "2026-10-14", "A2", "leave"),
				checkin("c-1", 1, a, "o-1", "2026-10-13", true), checkin("c-2", 1, a, "o-1", "2026-10-14", false),
				rating("r-1", a, "o-1", 5, "2026-10-20"), rating("r-2", a, "o-1", 2, "2026-10-21"),
				complaint("q-1", a, "received", "2026-10-20T09:00:00+08:00", "2026-10-27T09:00:00+08:00"),
				complaint("q-2", a, "resolved", "2026-10-21T09:00:00+08:00", "2026-10-28T09:00:00+08:00"),
				order("or-1", a, "o-1", "p-1", "A1", 0), order("or-2", a, "o-1", "p-2", "A2", 48000),
				payment("pay-1", a, "or-1", 48000, "2026-09-03"), refund("rf-1", a, "or-1", 3000, "2026-10-10")));
		// the other platform reuses the same ids for its own records at its own school
		ingest(mvc, other, NOW, List.of(offering("o-1", 1, b, "sport", "P2", 10, "i-1"), student("s-1", 1, b, "B1"),
				student("s-2", 1, b, "B2"), place("p-1", 1, b, "o-1", "B1", "confirmed"),
				attendance("m-1", 1, b, "o-1", "2026-10-13", "B1", "present")));
	}

	@Test
	void figuresPerSchoolAndForTheTownComeFromBothPlatforms() {
		Map<String, UnitFigures> bySchool = figures.bySchool(List.of(a, b), TERM);
		UnitFigures fa = bySchool.get(a);
		assertThat(fa.offerings()).isEqualTo(1);
		assertThat(fa.students()).isEqualTo(4);
		assertThat(fa.places()).isEqualTo(2);
		assertThat(fa.participants()).isEqualTo(2);
		assertThat(fa.participation()).isEqualTo(50.0);
		assertThat(fa.providers()).isEqualTo(1);
		assertThat(fa.instructors()).isEqualTo(2);
		assertThat(List.of(fa.present(), fa.late(), fa.absent(), fa.onLeave())).containsExactly(1L, 1L, 1L, 1L);
		assertThat(fa.attendance()).isEqualTo(66.7);
		assertThat(fa.checkins()).isEqualTo(2);
		assertThat(fa.punctuality()).isEqualTo(50.0);
		assertThat(fa.satisfaction()).isEqualTo(50.0);
		assertThat(fa.complaints()).isEqualTo(2);
		assertThat(fa.overdue()).isEqualTo(1);
		assertThat(fa.collectedFen()).isEqualTo(48000);
		assertThat(fa.exemptedFen()).isEqualTo(48000);
		assertThat(fa.refundedFen()).isEqualTo(3000);

		UnitFigures fb = bySchool.get(b);
		assertThat(fb.places()).isEqualTo(1);
		assertThat(fb.students()).isEqualTo(2);
		assertThat(fb.present()).isEqualTo(1);

		UnitFigures town = figures.total(List.of(a, b, "NO-SUCH-SCHOOL"), bySchool, TERM);
		assertThat(town.schools()).isEqualTo(3);
		assertThat(town.schoolsOffering()).isEqualTo(2);
		assertThat(town.coverage()).isEqualTo(66.7);
		assertThat(town.offerings()).isEqualTo(2);
		assertThat(town.places()).isEqualTo(3);
		assertThat(town.students()).isEqualTo(6);
		assertThat(town.participation()).isEqualTo(50.0);
		assertThat(town.providers()).isEqualTo(2);
		// i-1 of each platform is a different instructor
		assertThat(town.instructors()).isEqualTo(3);
		assertThat(town.present()).isEqualTo(2);

		assertThat(figures.placesByCategory(List.of(a, b), TERM)).containsExactly(
				new CityFigures.CategoryPlaces("art", 2), new CityFigures.CategoryPlaces("sport", 1));
		assertThat(figures.attendanceByDay(List.of(a, b), TERM)).containsExactly(
				new CityFigures.DayAttendance(LocalDate.parse("2026-10-13"), 2, 3),
				new CityFigures.DayAttendance(LocalDate.parse("2026-10-14"), 1, 1));

		CityFigures.OfferingFigures o = figures.offering(w.platformId(), "o-1", TERM).orElseThrow();
		assertThat(o.places()).isEqualTo(2);
		assertThat(o.fill()).isEqualTo(10.0);
		assertThat(o.attendance()).isEqualTo(66.7);
		assertThat(o.punctuality()).isEqualTo(50.0);
		assertThat(o.collectedFen()).isEqualTo(48000);
		assertThat(o.refundedFen()).isEqualTo(3000);
		assertThat(o.exemptedFen()).isEqualTo(48000);
		assertThat(figures.offeringsOf(b, TERM)).singleElement()
			.satisfies(x -> assertThat(x.platformId()).isEqualTo(w.otherPlatformId()));
		// outside the period: nothing but the registry's figures
		UnitFigures before = figures.bySchool(List.of(a), new CityFigures.Period(LocalDate.parse("2026-01-01"),
				LocalDate.parse("2026-06-30"))).get(a);
		assertThat(before.offerings()).isZero();
		assertThat(before.present() + before.absent()).isZero();
	}

	@Test
	void aNewerVersionMovesTheAggregateATombstoneRemovesItAnOlderVersionChangesNothing() throws Exception {
		// m-2: absent → present (v2)
		ingest(mvc, w.credential(), NOW, List.of(attendance("m-2", 2, a, "o-1", "2026-10-13", "A2", "present")));
		assertDay(a, "2026-10-13", 2, 0, 0, 0);
		// an older version (v1, absent) arriving late changes nothing
		ingest(mvc, w.credential(), NOW, List.of(attendance("m-2", 1, a, "o-1", "2026-10-13", "A2", "absent")));
		assertDay(a, "2026-10-13", 2, 0, 0, 0);
		// a tombstone takes m-1 out
		ingest(mvc, w.credential(), NOW, List.of(IngestionWorld.delete("attendance", "m-1", 2)));
		assertDay(a, "2026-10-13", 1, 0, 0, 0);
		// moved to another day by a newer version: out of the old day's row, into the new one
		ingest(mvc, w.credential(), NOW, List.of(attendance("m-2", 3, a, "o-1", "2026-10-15", "A2", "absent")));
		assertDay(a, "2026-10-13", 0, 0, 0, 0);
		assertDay(a, "2026-10-15", 0, 0, 1, 0);
		// the other platform's m-1 is untouched by the first platform's tombstone
		assertDay(b, "2026-10-13", 1, 0, 0, 0);
		// the aggregates are what recomputing them from the projected marks gives
		assertThat(jdbc.sql("""
				SELECT count(*) FROM (
				  SELECT platform_id, school_code, day, present, late, absent, on_leave FROM sup_attendance_school_day
				  WHERE present <> 0 OR late <> 0 OR absent <> 0 OR on_leave <> 0
				  EXCEPT
				  SELECT platform_id, school_code, day, count(*) FILTER (WHERE status = 'present'),
				    count(*) FILTER (WHERE status = 'late'), count(*) FILTER (WHERE status = 'absent'),
				    count(*) FILTER (WHERE status = 'leave') FROM sup_attendance_mark GROUP BY 1, 2, 3) x""")
			.query(Long.class)
			.single()).isZero();
		// check-ins, places and other types follow tombstones and newer versions too
		ingest(mvc, w.credential(), NOW, List.of(checkin("c-2", 2, a, "o-1", "2026-10-14", true),
				IngestionWorld.delete("checkin", "c-1", 2), place("p-2", 2, a, "o-1", "A2", "withdrawn"),
				IngestionWorld.delete("payment", "pay-1", 2)));
		UnitFigures fa = figures.bySchool(List.of(a), TERM).get(a);
		assertThat(fa.checkins()).isEqualTo(1);
		assertThat(fa.onTime()).isEqualTo(1);
		assertThat(fa.places()).isEqualTo(1);
		assertThat(fa.participants()).isEqualTo(1);
		assertThat(fa.collectedFen()).isZero();
	}

	@Test
	void concurrentBatchesOnTheSameAggregatesLoseNothing() throws Exception {
		// 4 clients at once, each with its own marks and places on the same school, offering and day, each
		// sending v1 and then v2 (every mark moved from absent to present)
		int clients = 4;
		int per = 50;
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
		try {
			List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
			for (int c = 0; c < clients; c++) {
				int client = c;
				done.add(pool.submit(() -> {
					for (int version = 1; version <= 2; version++) {
						List<String> records = new java.util.ArrayList<>();
						for (int i = 0; i < per; i++) {
							String student = "C" + client + "-" + i;
							records.add(attendance("cc-" + client + "-" + i, version, a, "o-1", "2026-10-20", student,
									version == 1 ? "absent" : "present"));
							records.add(place("cp-" + client + "-" + i, version, a, "o-1", student, "confirmed"));
						}
						ingest(mvc, w.credential(), NOW, records);
					}
					return null;
				}));
			}
			for (java.util.concurrent.Future<?> f : done) {
				f.get();
			}
		}
		finally {
			pool.shutdown();
		}
		assertDay(a, "2026-10-20", clients * per, 0, 0, 0);
		UnitFigures fa = figures.bySchool(List.of(a), TERM).get(a);
		assertThat(fa.places()).isEqualTo(2 + clients * per);
		assertThat(fa.participants()).isEqualTo(2 + clients * per);
	}

	private void assertDay(String school, String day, long present, long late, long absent, long leave) {
		List<Long> row = jdbc.sql("""
				SELECT coalesce(sum(present), 0), coalesce(sum(late), 0), coalesce(sum(absent), 0),
				  coalesce(sum(on_leave), 0) FROM sup_attendance_school_day WHERE school_code = :s AND day = :d""")
			.param("s", school)
			.param("d", java.sql.Date.valueOf(day))
			.query((rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
			.single();
		assertThat(row).as(school + " " + day).containsExactly(present, late, absent, leave);
		List<Long> perOffering = jdbc.sql("""
				SELECT coalesce(sum(present), 0), coalesce(sum(late), 0), coalesce(sum(absent), 0),
				  coalesce(sum(on_leave), 0) FROM sup_attendance_day WHERE school_code = :s AND day = :d""")
			.param("s", school)
			.param("d", java.sql.Date.valueOf(day))
			.query((rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
			.single();
		assertThat(perOffering).containsExactly(present, late, absent, leave);
	}
}
