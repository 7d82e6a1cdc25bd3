package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kehou.shared.Money;

/** The offering's own rules and the timetable rules (5+2, service window, school days), without a database. */
class OfferingRulesTests {

	static final ServiceWindow WINDOW = new ServiceWindow(LocalTime.of(15, 30), LocalTime.of(18, 0), LocalTime.of(17, 30));

	static Slot slot(int weekday, String starts, String ends) {
		return new Slot(weekday, LocalTime.parse(starts), LocalTime.parse(ends));
	}

	static CourseFacts course(OfferingKind kind) {
		return new CourseFacts(7, kind == OfferingKind.COURSE ? 3L : null, "少儿书法", kind == OfferingKind.COURSE ? "ARTS"
				: "BASIC_CARE", kind, List.of(1, 2, 3), 10, 30, Money.ofFen(2000), 60, 16);
	}

	static OfferingDetails details(int capacity, List<Integer> grades, List<Slot> slots) {
		return new OfferingDetails(null, " 美术室 ", 5, capacity, grades, List.of(), false, slots, List.of());
	}

	static String codeOf(Runnable r) {
		try {
			r.run();
		}
		catch (OfferingInvalid e) {
			return e.field() + ":" + e.messageKey().substring("selection.offering.invalid.".length());
		}
		catch (OfferingRefused e) {
			return e.code();
		}
		return "ok";
	}

	static String timetable(OfferingKind kind, Slot... slots) {
		return codeOf(() -> Timetable.check(kind, List.of(slots), WINDOW));
	}

	@Test
	void schoolDaysOnlyInsideTheServiceWindowWithEndAfterStart() {
		assertThat(timetable(OfferingKind.COURSE, slot(1, "15:30", "16:30"), slot(3, "16:30", "18:00"))).isEqualTo("ok");
		assertThat(timetable(OfferingKind.COURSE)).isEqualTo("slots:slotsEmpty");
		assertThat(timetable(OfferingKind.COURSE, slot(6, "15:30", "16:30"))).isEqualTo("slots:weekday");
		assertThat(timetable(OfferingKind.COURSE, slot(0, "15:30", "16:30"))).isEqualTo("slots:weekday");
		assertThat(timetable(OfferingKind.COURSE, slot(2, "16:30", "16:30"))).isEqualTo("slots:endBeforeStart");
		assertThat(timetable(OfferingKind.COURSE, slot(2, "16:30", "16:00"))).isEqualTo("slots:endBeforeStart");
		assertThat(timetable(OfferingKind.COURSE, slot(2, "15:00", "16:00"))).as("starts before the window")
			.isEqualTo("slots:outsideWindow");
		assertThat(timetable(OfferingKind.COURSE, slot(2, "17:00", "18:01"))).as("the day's service must not run past the window")
			.isEqualTo("slots:outsideWindow");
	}

	@Test
	void noDuplicateOrOverlappingSlotsOnADayButBackToBackIsFine() {
		assertThat(timetable(OfferingKind.COURSE, slot(2, "15:30", "16:30"), slot(2, "15:30", "16:30"))).isEqualTo("slots:overlap");
		assertThat(timetable(OfferingKind.COURSE, slot(2, "15:30", "16:30"), slot(2, "16:00", "17:00"))).isEqualTo("slots:overlap");
		assertThat(timetable(OfferingKind.COURSE, slot(2, "15:30", "16:30"), slot(2, "16:30", "17:30"))).isEqualTo("ok");
		assertThat(timetable(OfferingKind.COURSE, slot(2, "15:30", "16:30"), slot(3, "15:30", "16:30"))).isEqualTo("ok");
		assertThat(Timetable.check(OfferingKind.COURSE, List.of(slot(3, "15:30", "16:30"), slot(1, "16:00", "17:00")), WINDOW))
			.as("sorted by weekday").extracting(Slot::weekday).containsExactly(1, 3);
	}

	@Test
	void basicCareLastsUntilTheOffWorkTimeOnEachOfItsDays() {
		assertThat(timetable(OfferingKind.BASIC_CARE, slot(1, "15:30", "17:30"), slot(2, "15:30", "18:00"))).isEqualTo("ok");
		assertThat(timetable(OfferingKind.BASIC_CARE, slot(1, "15:30", "17:30"), slot(2, "15:30", "17:00")))
			.isEqualTo("slots:basicCareBeforeOffWork");
		assertThat(timetable(OfferingKind.BASIC_CARE, slot(4, "15:30", "16:30"), slot(4, "16:30", "17:45")))
			.as("the latest slot of the day counts").isEqualTo("ok");
		assertThat(timetable(OfferingKind.COURSE, slot(1, "15:30", "16:30"))).as("a course may end before off-work time")
			.isEqualTo("ok");
		ServiceWindow early = new ServiceWindow(LocalTime.of(15, 30), LocalTime.of(17, 0), LocalTime.of(17, 30));
		assertThat(codeOf(() -> Timetable.check(OfferingKind.BASIC_CARE, List.of(slot(1, "15:30", "17:00")), early)))
			.as("a window ending before the off-work time cannot hold basic care").isEqualTo("slots:windowEndsBeforeOffWork");
	}

	@Test
	void capacityGradesAndNameAgainstTheCourse() {
		Offering o = Offering.plan(1, 2, course(OfferingKind.COURSE), details(30, List.of(3, 1), List.of(slot(1, "15:30", "16:30"))), WINDOW);
		assertThat(o.name()).as("defaults to the course's").isEqualTo("少儿书法");
		assertThat(o.venue()).isEqualTo("美术室");
		assertThat(o.grades()).containsExactly(1, 3);
		assertThat(o.feePerLesson()).isEqualTo(Money.ofFen(2000));
		assertThat(o.lessonCount()).isEqualTo(16);
		assertThat(o.status()).isEqualTo(OfferingStatus.DRAFT);
		assertThat(codeOf(() -> Offering.plan(1, 2, course(OfferingKind.COURSE), details(31, List.of(1), List.of(slot(1, "15:30", "16:30"))), WINDOW)))
			.isEqualTo("capacity:capacityAboveCourse");
		assertThat(codeOf(() -> Offering.plan(1, 2, course(OfferingKind.COURSE), details(4, List.of(1), List.of(slot(1, "15:30", "16:30"))), WINDOW)))
			.isEqualTo("capacity:capacityBelowMin");
		assertThat(codeOf(() -> Offering.plan(1, 2, course(OfferingKind.COURSE), details(20, List.of(4), List.of(slot(1, "15:30", "16:30"))), WINDOW)))
			.isEqualTo("grades:gradeNotInCourse");
		assertThat(codeOf(() -> Offering.plan(1, 2, course(OfferingKind.COURSE), details(20, List.of(), List.of(slot(1, "15:30", "16:30"))), WINDOW)))
			.isEqualTo("grades:gradesEmpty");
		OfferingDetails blankVenue = new OfferingDetails("x", "  ", 5, 20, List.of(1), List.of(), false, List.of(slot(1, "15:30", "16:30")), List.of());
		assertThat(codeOf(() -> Offering.plan(1, 2, course(OfferingKind.COURSE), blankVenue, WINDOW))).isEqualTo("venue:venueMissing");
		OfferingDetails classes = new OfferingDetails("x", "室", 5, 20, List.of(1), List.of(9L), true, List.of(slot(1, "15:30", "16:30")), List.of());
		assertThat(codeOf(() -> Offering.plan(1, 2, course(OfferingKind.COURSE), classes, WINDOW))).isEqualTo("classIds:basicCareOnly");
	}

	@Test
	void teachersAreOneOfTheTwoKindsOnceAndSchoolCoursesHaveNoInstructors() {
		List<Slot> slots = List.of(slot(1, "15:30", "17:30"));
		OfferingDetails both = new OfferingDetails(null, "室", 5, 20, List.of(1), List.of(), false, slots,
				List.of(new TeacherRef(1L, 2L)));
		assertThat(codeOf(() -> Offering.plan(1, 2, course(OfferingKind.COURSE), both, WINDOW))).isEqualTo("teachers:teacherEitherOr");
		OfferingDetails twice = new OfferingDetails(null, "室", 5, 20, List.of(1), List.of(), false, slots,
				List.of(TeacherRef.staff(4), TeacherRef.staff(4)));
		assertThat(codeOf(() -> Offering.plan(1, 2, course(OfferingKind.COURSE), twice, WINDOW))).isEqualTo("teachers:teacherTwice");
		OfferingDetails instructor = new OfferingDetails(null, "室", 5, 20, List.of(1), List.of(), true, slots,
				List.of(TeacherRef.instructor(4)));
		assertThat(codeOf(() -> Offering.plan(1, 2, course(OfferingKind.BASIC_CARE), instructor, WINDOW)))
			.isEqualTo("teachers:instructorOnSchoolCourse");
	}

	@Test
	void publishNeedsADraftWithATeacherAndCancelIsFinal() {
		List<Slot> slots = List.of(slot(1, "15:30", "16:30"));
		Offering none = Offering.plan(1, 2, course(OfferingKind.COURSE), details(20, List.of(1), slots), WINDOW);
		assertThat(codeOf(none::publish)).isEqualTo("noTeacher");
		Offering o = Offering.plan(1, 2, course(OfferingKind.COURSE), new OfferingDetails(null, "室", 5, 20, List.of(1),
				List.of(), false, slots, List.of(TeacherRef.staff(3))), WINDOW);
		o.publish();
		assertThat(o.status()).isEqualTo(OfferingStatus.PUBLISHED);
		assertThat(codeOf(o::publish)).isEqualTo("notDraft");
		o.cancel();
		assertThat(o.status()).isEqualTo(OfferingStatus.CANCELLED);
		assertThat(codeOf(o::cancel)).isEqualTo("cancelled");
		assertThat(codeOf(() -> o.revise(course(OfferingKind.COURSE), details(20, List.of(1), slots), WINDOW))).isEqualTo("cancelled");
	}

	@Test
	void venueKeyIgnoresCaseAndSpacing() {
		assertThat(Offering.venueKey("  Art  Room ")).isEqualTo(Offering.venueKey("art room"));
	}
}
