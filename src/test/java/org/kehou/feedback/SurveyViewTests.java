package org.kehou.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class SurveyViewTests {

	static SurveyView survey(SurveyStatus status, LocalDateTime opensAt) {
		return new SurveyView(1, "满意度", null, SurveyLevel.SCHOOL, null, 1L, "一小", SurveyAudience.GUARDIANS, List.of(),
				true, opensAt, opensAt.plusDays(7), status, 0, List.of());
	}

	@Test
	void aPublishedCampaignWhosePeriodHasNotBegunIsShownAsScheduled() {
		LocalDateTime now = Surveys.now();
		assertThat(survey(SurveyStatus.OPEN, now.plusDays(1)).statusKey()).isEqualTo("survey.status.SCHEDULED");
		assertThat(survey(SurveyStatus.OPEN, now.minusMinutes(1)).statusKey()).isEqualTo("survey.status.OPEN");
		assertThat(survey(SurveyStatus.DRAFT, now.plusDays(1)).statusKey()).isEqualTo("survey.status.DRAFT");
		assertThat(survey(SurveyStatus.CLOSED, now.minusDays(9)).statusKey()).isEqualTo("survey.status.CLOSED");
	}
}
