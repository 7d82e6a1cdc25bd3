package org.kehou.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kehou.demo.DemoCityTest;
import org.kehou.ledger.Ledger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service platform's figures from its own tables equal a count of the world they were computed from: a term of
 * school2 of its own (far future, so the period holds nothing else) with a provider's course and a school's course,
 * a cancelled and a draft offering that never count, places, marks, check-ins, ratings (one revised into the period,
 * one outside it), complaints (one overdue), orders (one cancelled, one fully exempted), a payment, a done and a
 * pending refund. The figures not bound to the period (students, participants, overdue complaints) equal a recount
 * with plain SQL; the town is the sum of its schools.
 */
@DemoCityTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsFiguresTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	StatisticsFigures figures;

	StatisticsWorld w;

	long art;

	long sports;

	long cancelled;

	long draft;

	StatisticsFigures.Period period;

	@BeforeAll
	void world() {
		w = new StatisticsWorld(jdbc, ledger);
		period = new StatisticsFigures.Period(w.monday, w.lastDay());
		art = w.offering("测试美术", "ARTS", w.provider, 10, 500, 4, 1, "PUBLISHED");
		sports = w.offering("测试篮球", "SPORTS", null, 5, 0, 4, 2, "PUBLISHED");
		cancelled = w.offering("测试取消", "ARTS", w.provider, 8, 300, 2, 3, "CANCELLED");
		draft = w.offering("测试草稿", "READING", null, 8, 0, 2, 4, "DRAFT");
		jdbc.sql("INSERT INTO offering_teacher (offering_id, teacher_key, instructor_id) VALUES (:o, :k, :i)")
			.param("o", art)
			.param("k", "I" + w.instructor)
			.param("i", w.instructor)
			.update();
		List<Long> c = w.children(5);
		assertThat(c).hasSize(5);
		long p0 = w.place(art, c.get(0), "CONFIRMED");
		long p1 = w.place(art, c.get(1), "CONFIRMED");
		long p2 = w.place(art, c.get(2), "CONFIRMED");
		w.place(art, c.get(3), "DROPPED");
		w.place(sports, c.get(0), "CONFIRMED");
		w.place(sports, c.get(4), "CONFIRMED");
		List<Long> a = w.sessions(art);
		List<Long> b = w.sessions(sports);
		w.mark(a.get(0), c.get(0), "PRESENT");
		w.mark(a.get(0), c.get(1), "LATE");
		w.mark(a.get(0), c.get(2), "ABSENT");
		w.mark(a.get(1), c.get(0), "PRESENT");
		w.mark(a.get(1), c.get(1), "PRESENT");
		w.mark(a.get(1), c.get(2), "PRESENT");
		w.mark(b.get(0), c.get(0), "ABSENT");
		w.mark(b.get(0), c.get(4), "PRESENT");
		w.checkIn(a.get(0), 30);
		w.checkIn(a.get(1), 600);
		w.checkIn(a.get(2), 59);
		w.rate(art, c.get(0), 5, w.at(8, 20, 0), null);
		w.rate(art, c.get(1), 4, w.at(-30, 20, 0), w.at(9, 20, 0)); // revised into the period
		w.rate(art, c.get(2), 2, w.at(10, 20, 0), null);
		w.rate(sports, c.get(4), 3, w.at(-30, 20, 0), null); // before the period
		w.complain(art, c.get(0), w.at(3, 19, 0), w.at(900, 19, 0), "OPEN");
		w.complain(art, c.get(1), w.at(4, 19, 0), java.time.Instant.parse("2020-01-01T00:00:00Z"), "ACCEPTED");
		w.complain(sports, c.get(4), w.at(-10, 19, 0), w.at(-5, 19, 0), "RESOLVED");
		long o0 = w.order(c.get(0), p0, art, 500, 4, 100, "UNPAID", w.at(1, 10, 0));
		w.order(c.get(1), p1, art, 500, 4, 0, "CLOSED", w.at(1, 10, 5));
		w.order(c.get(2), p2, art, 500, 4, 500, "UNPAID", w.at(1, 10, 10));
		long pay = w.pay(o0, c.get(0), 1600, w.at(2, 9, 0));
		w.refund(o0, pay, 500, w.at(3, 9, 0));
		w.refund(o0, pay, 100, null);
	}

	@AfterAll
	void clean() {
		w.clean();
	}

	@Test
	void theSchoolsFiguresEqualTheWorldAndARecount() {
		Figures f = figures.of(List.of(w.school), period).total();
		assertThat(f.schools()).isEqualTo(1);
		assertThat(f.schoolsOffering()).isEqualTo(1);
		assertThat(f.offerings()).as("the cancelled and the draft offering do not count").isEqualTo(2);
		assertThat(f.capacity()).isEqualTo(15);
		assertThat(f.places()).as("the dropped place does not count").isEqualTo(5);
		assertThat(f.fill()).isEqualTo(33.3);
		assertThat(f.providers()).isEqualTo(1);
		assertThat(f.instructors()).isEqualTo(1);
		assertThat(f.present()).isEqualTo(5);
		assertThat(f.late()).isEqualTo(1);
		assertThat(f.absent()).isEqualTo(2);
		assertThat(f.attendance()).isEqualTo(75.0);
		assertThat(f.checkins()).isEqualTo(3);
		assertThat(f.onTime()).as("30 s and 59 s after the start are on time, 10 minutes is not").isEqualTo(2);
		assertThat(f.punctuality()).isEqualTo(66.7);
		assertThat(f.ratings()).as("a rating revised into the period counts, one outside does not").isEqualTo(3);
		assertThat(f.satisfied()).isEqualTo(2);
		assertThat(f.satisfaction()).isEqualTo(66.7);
		assertThat(f.complaints()).isEqualTo(2);
		assertThat(f.chargedFen()).as("the cancelled order does not count").isEqualTo(4000);
		assertThat(f.exemptedFen()).isEqualTo(400 + 2000);
		assertThat(f.collectedFen()).isEqualTo(1600);
		assertThat(f.refundedFen()).as("the pending refund does not count").isEqualTo(500);
		assertThat(f.hasServiceData()).isTrue();

		// not bound to the period: a recount from the source
		long students = jdbc.sql("SELECT count(*) FROM student WHERE school_id = :s AND status = 'ACTIVE'")
			.param("s", w.school)
			.query(Long.class)
			.single();
		long participants = jdbc.sql("""
				SELECT count(DISTINCT p.student_id) FROM place p JOIN offering o ON o.id = p.offering_id
				WHERE o.school_id = :s AND p.status = 'CONFIRMED'""").param("s", w.school).query(Long.class).single();
		long overdue = jdbc.sql("""
				SELECT count(*) FROM complaint WHERE school_id = :s AND status <> 'RESOLVED' AND due_at < now()""")
			.param("s", w.school)
			.query(Long.class)
			.single();
		assertThat(f.students()).isEqualTo(students);
		assertThat(f.participants()).isEqualTo(participants).isGreaterThanOrEqualTo(3);
		assertThat(f.participation()).isEqualTo(Figures.percent(participants, students));
		assertThat(f.overdue()).isEqualTo(overdue).isGreaterThanOrEqualTo(1);
	}

	@Test
	void categoriesDaysAndOfferings() {
		assertThat(figures.placesByCategory(List.of(w.school), period)).containsExactly(
				new StatisticsFigures.CategoryPlaces("ARTS", "艺术", "Arts", 3),
				new StatisticsFigures.CategoryPlaces("SPORTS", "体育", "Sports", 2));
		assertThat(figures.attendanceByDay(List.of(w.school), period)).containsExactly(
				new StatisticsFigures.DayAttendance(w.monday, 2, 3),
				new StatisticsFigures.DayAttendance(w.monday.plusDays(1), 1, 2),
				new StatisticsFigures.DayAttendance(w.monday.plusDays(7), 3, 3));

		List<StatisticsFigures.OfferingFigures> list = figures.offeringsOf(w.school, period);
		assertThat(list).extracting(StatisticsFigures.OfferingFigures::id).containsExactly(sports, art);
		StatisticsFigures.OfferingFigures o = figures.offering(art, period).orElseThrow();
		assertThat(o.categoryName(java.util.Locale.SIMPLIFIED_CHINESE)).isEqualTo("艺术");
		assertThat(o.categoryName(java.util.Locale.ENGLISH)).isEqualTo("Arts");
		assertThat(o.places()).isEqualTo(3);
		assertThat(o.capacity()).isEqualTo(10);
		assertThat(o.fill()).isEqualTo(30.0);
		assertThat(List.of(o.present(), o.late(), o.absent())).containsExactly(4L, 1L, 1L);
		assertThat(List.of(o.checkins(), o.onTime(), o.ratings(), o.satisfied())).containsExactly(3L, 2L, 3L, 2L);
		assertThat(List.of(o.chargedFen(), o.exemptedFen())).containsExactly(4000L, 2400L);
		assertThat(figures.attendanceByDay(art, period)).hasSize(2);
		assertThat(figures.offering(draft, period)).as("a draft is nobody's statistics").isEmpty();
		assertThat(figures.offering(cancelled, period)).isPresent();
	}

	@Test
	void theTownIsTheSumOfItsSchools() {
		Long town = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", w.school).query(Long.class).single();
		List<Long> schools = jdbc.sql("SELECT id FROM school WHERE town_id = :t ORDER BY id")
			.param("t", town)
			.query(Long.class)
			.list();
		StatisticsFigures.UnitFigures unit = figures.of(schools, period);
		Figures sum = Figures.NONE;
		for (Long s : schools) {
			sum = sum.plus(unit.of(s));
		}
		Figures total = unit.total();
		assertThat(total.schools()).isEqualTo(schools.size());
		assertThat(total.places()).isEqualTo(sum.places()).isEqualTo(5);
		assertThat(total.students()).isEqualTo(sum.students());
		assertThat(total.participants()).isEqualTo(sum.participants());
		assertThat(total.chargedFen()).isEqualTo(sum.chargedFen());
		assertThat(total.ratings()).isEqualTo(sum.ratings());
		assertThat(total.schoolsOffering()).isEqualTo(1);
		assertThat(total.coverage()).isEqualTo(Figures.percent(1, schools.size()));
		assertThat(total.providers()).as("distinct over the town").isEqualTo(1);
		long students = jdbc.sql("""
				SELECT count(*) FROM student s JOIN school sc ON sc.id = s.school_id
				WHERE sc.town_id = :t AND s.status = 'ACTIVE'""").param("t", town).query(Long.class).single();
		assertThat(total.students()).isEqualTo(students);
	}

	@Test
	void aPeriodWithoutServiceDataIsEmpty() {
		Figures f = figures.of(List.of(w.school), new StatisticsFigures.Period(LocalDate.of(2099, 1, 1),
				LocalDate.of(2099, 1, 31))).total();
		assertThat(f.hasServiceData()).isFalse();
		assertThat(f.attendance()).isNull();
		assertThat(f.students()).isPositive();
	}
}
