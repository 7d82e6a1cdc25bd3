package org.kehou.courses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kehou.providers.AdmissionStatus;

/** The review rules guarded by the aggregate {@link Course}, without a database. */
class CourseRulesTests {

	static Course draft() {
		return new Course(1, CourseStatus.DRAFT, Map.of());
	}

	@Test
	void submittingMakesTheCoursePendingInEveryChosenTown() {
		Course c = draft();
		Course.Transition t = c.submit(List.of(10L, 20L));
		assertThat(t.from()).isEqualTo(CourseStatus.DRAFT);
		assertThat(t.to()).isEqualTo(CourseStatus.SUBMITTED);
		assertThat(c.admissions()).containsOnly(Map.entry(10L, AdmissionStatus.PENDING),
				Map.entry(20L, AdmissionStatus.PENDING));
		assertThat(c.activeTowns()).containsExactlyInAnyOrder(10L, 20L);
	}

	@Test
	void aSubmissionNeedsATown() {
		assertThatIllegalArgumentException().isThrownBy(() -> draft().submit(List.of()));
	}

	@ParameterizedTest
	@EnumSource(value = CourseStatus.class, names = { "DRAFT", "RETURNED" }, mode = EnumSource.Mode.EXCLUDE)
	void onlyDraftsAndReturnedCoursesCanBeSubmitted(CourseStatus status) {
		Course c = new Course(1, status, Map.of(10L, AdmissionStatus.PENDING));
		assertThatIllegalStateException().isThrownBy(() -> c.submit(List.of(10L)));
	}

	@Test
	void anApprovedCourseMayOnlyBeRepricedAndTheMessageSaysWithdrawAndListANewOne() {
		Course c = new Course(1, CourseStatus.APPROVED, Map.of(10L, AdmissionStatus.APPROVED));
		assertThatIllegalStateException().isThrownBy(c::requireEditable).withMessageContaining("withdraw it");
		assertThat(c.reprice().to()).isEqualTo(CourseStatus.APPROVED);
		assertThatIllegalStateException().isThrownBy(() -> draft().reprice());
	}

	@Test
	void theStatusFollowsTheTownsDecisions() {
		Course c = draft();
		c.submit(List.of(10L, 20L));
		assertThat(c.decide(CourseAction.APPROVE, 10, null).to()).isEqualTo(CourseStatus.SUBMITTED);
		assertThat(c.decide(CourseAction.REJECT, 20, "同类课程已足够").to()).isEqualTo(CourseStatus.APPROVED);
		assertThat(c.activeTowns()).containsExactly(10L);

		Course r = draft();
		r.submit(List.of(10L, 20L));
		assertThat(r.decide(CourseAction.RETURN, 10, "请补充大纲").to()).isEqualTo(CourseStatus.RETURNED);
		assertThatIllegalStateException().isThrownBy(() -> r.decide(CourseAction.APPROVE, 20, null));
		Course.Transition again = r.submit(List.of(10L));
		assertThat(again.to()).isEqualTo(CourseStatus.SUBMITTED);
		assertThat(r.admissions()).containsOnly(Map.entry(10L, AdmissionStatus.PENDING),
				Map.entry(20L, AdmissionStatus.PENDING));

		Course all = draft();
		all.submit(List.of(10L));
		assertThat(all.decide(CourseAction.REJECT, 10, "不符合要求").to()).isEqualTo(CourseStatus.REJECTED);
	}

	@Test
	void aTownDecidesOnlyOnItsOwnPendingPoolWithAReasonToRejectOrReturn() {
		Course c = draft();
		c.submit(List.of(10L));
		assertThatIllegalStateException().isThrownBy(() -> c.decide(CourseAction.APPROVE, 99, null));
		assertThatIllegalArgumentException().isThrownBy(() -> c.decide(CourseAction.REJECT, 10, " "));
		assertThatIllegalArgumentException().isThrownBy(() -> c.decide(CourseAction.RETURN, 10, null));
		assertThatIllegalArgumentException().isThrownBy(() -> c.decide(CourseAction.WITHDRAW, 10, "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> c.decide(CourseAction.RETURN, 10, "x".repeat(1001)));
		assertThat(c.decide(CourseAction.APPROVE, 10, null).reason()).isNull();
		assertThatIllegalStateException().isThrownBy(() -> c.decide(CourseAction.APPROVE, 10, null));
	}

	@Test
	void aWithdrawnCourseStaysWithdrawn() {
		Course c = new Course(1, CourseStatus.APPROVED, Map.of(10L, AdmissionStatus.APPROVED));
		assertThat(c.withdraw().to()).isEqualTo(CourseStatus.WITHDRAWN);
		assertThatIllegalStateException().isThrownBy(c::withdraw);
		assertThatIllegalStateException().isThrownBy(() -> c.submit(List.of(10L)));
	}
}
