package org.kehou.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The scorecard and exit-review pages as the demo's admins use them: the list with the term picker, the flagged badge
 * and 重新评估; the card with its per-offering table and chart data; the exit reviews' list (open / decided) and the
 * decision form (a town's suspension recorded, a town's expulsion refused in readable Chinese); a provider admin led to
 * its own card and refused another's; a school admin refused the exit reviews; and a survey naming a provider.
 */
@DemoCityTest
class ScorecardWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	ExitReviews reviews;

	@Autowired
	Surveys surveys;

	ScorecardWorld world;

	@BeforeEach
	void world() {
		world = new ScorecardWorld(jdbc, cipher);
	}

	@AfterEach
	void clean() {
		world.clean();
	}

	@Test
	void theCityAndTheTownSeeTheScorecardFlagAndDecide() throws Exception {
		long a = world.offering(world.school1, "测试陶艺", 8);
		int[] scores = new int[20];
		for (int k = 0; k < 20; k++) {
			scores[k] = k < 10 ? 5 : 1;
		}
		world.ratings(a, scores);
		KehouUser city = world.account("city");
		KehouUser town1 = world.account("town1");
		String year = world.term.schoolYear();
		String name = "测试评价机构 " + world.tag;

		mvc.perform(get("/console/scorecards").param("year", year).param("semester", "1").with(user(city)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(name)))
			.andExpect(content().string(containsString("50.0%")))
			.andExpect(content().string(containsString("重新评估")))
			.andExpect(content().string(not(containsString("class=\"badge err flagged\""))));
		// 重新评估 by the town flags it (the term of the button), once
		mvc.perform(post("/console/scorecards/evaluate").param("year", year).param("semester", "1").with(user(town1))
			.with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", containsString("新列入退出评估 1 家")));
		long review = jdbc.sql("SELECT id FROM exit_review WHERE provider_id = :p").param("p", world.provider)
			.query(Long.class).single();
		mvc.perform(get("/console/scorecards").param("year", year).param("semester", "1").with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/console/exit-reviews/" + review)))
			.andExpect(content().string(containsString("仅统计您辖区内学校的数据")));
		mvc.perform(get("/console/scorecards/{p}", world.provider).param("year", year).param("semester", "1")
			.with(user(city)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("测试陶艺")))
			.andExpect(content().string(containsString("data-chart")))
			.andExpect(content().string(containsString("/js/scorecard-chart.js")))
			.andExpect(content().string(containsString("样本 20，满意 10")));
		mvc.perform(get("/console/scorecards/{p}", world.provider).param("year", "1900-1901").param("semester", "1")
			.with(user(city)))
			.andExpect(status().isNotFound());

		// the exit reviews: open, then decided
		mvc.perform(get("/console/exit-reviews").param("state", "open").with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(name)));
		mvc.perform(get("/console/exit-reviews/{id}", review).with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("证据（列入时的评价档案）")))
			.andExpect(content().string(containsString("data-confirm")))
			.andExpect(content().string(containsString("还没有决定")))
			.andExpect(content().string(not(containsString("value=\"EXPEL\""))));
		mvc.perform(post("/console/exit-reviews/{id}/decisions", review).param("decision", "EXPEL").param("reason", "清退")
			.with(user(town1)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("error", containsString("清退只能由市级决定")));
		mvc.perform(post("/console/exit-reviews/{id}/decisions", review).param("decision", "RECTIFY").param("reason", "限期整改")
			.with(user(town1)).with(csrf()))
			.andExpect(flash().attribute("error", containsString("整改要求")));
		mvc.perform(post("/console/exit-reviews/{id}/decisions", review).param("decision", "SUSPEND")
			.param("reason", "满意度偏低，暂停本镇街准入").with(user(town1)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/console/exit-reviews/" + review))
			.andExpect(flash().attribute("flash", "决定已记录"));
		mvc.perform(get("/console/exit-reviews/{id}", review).with(user(town1)))
			.andExpect(content().string(containsString("满意度偏低，暂停本镇街准入")))
			.andExpect(content().string(containsString("data-decision=\"SUSPEND\"")));
		mvc.perform(get("/console/exit-reviews").param("state", "decided").with(user(city)))
			.andExpect(content().string(containsString(name)));
		mvc.perform(get("/console/exit-reviews").param("state", "open").with(user(city)))
			.andExpect(content().string(not(containsString(name))));
		// the demo guardian's child at school1 sees the offering as not selectable (no select button)
		KehouUser guardian = world.account("13800000001");
		long child = jdbc.sql("SELECT min(student_id) FROM student_guardian WHERE guardian_id = :g")
			.param("g", guardian.scope().guardianId()).query(Long.class).single();
		world.openRound(world.school1, java.util.List.of(child));
		try {
			mvc.perform(get("/m/children/{s}/courses", child).param("term", String.valueOf(world.term1))
				.with(user(guardian)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("测试陶艺")))
				.andExpect(content().string(containsString("该机构在本镇街暂停接受报名")))
				.andExpect(content().string(not(containsString("name=\"offering\" value=\"" + a + "\""))));
		}
		finally {
			jdbc.sql("DELETE FROM registration WHERE student_id = :s AND term_id = :t").param("s", child)
				.param("t", world.term1).update();
		}
		// the provider's own page shows the town's suspension in its admissions
		assertThat(jdbc.sql("SELECT status FROM provider_town_admission WHERE provider_id = :p AND town_id = :t")
			.param("p", world.provider).param("t", world.town1).query(String.class).single()).isEqualTo("SUSPENDED");

		// the deadline of a rectification is kept
		mvc.perform(post("/console/exit-reviews/{id}/decisions", review).param("decision", "RECTIFY").param("reason", "保留")
			.param("rectification", "每周报送整改情况").param("deadline", LocalDate.now().plusDays(14).toString())
			.with(user(city)).with(csrf()))
			.andExpect(flash().attribute("flash", "决定已记录"));
		assertThat(reviews.find(review).orElseThrow().decisions().get(1).deadline())
			.isEqualTo(LocalDate.now().plusDays(14));
	}

	@Test
	void aProviderSeesOnlyItsOwnCardAndSchoolsSeeNoExitReviews() throws Exception {
		world.offering(world.school1, "测试棋类", 8);
		KehouUser provider1 = world.account("provider1");
		long own = provider1.scope().providerId();
		mvc.perform(get("/console/scorecards").with(user(provider1)))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrlPattern("/console/scorecards/" + own + "*"));
		mvc.perform(get("/console/scorecards/{p}", own).with(user(provider1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("各课程")));
		mvc.perform(get("/console/scorecards/{p}", world.provider).with(user(provider1)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/exit-reviews").with(user(provider1))).andExpect(status().isForbidden());
		KehouUser school1 = world.account("school1");
		mvc.perform(get("/console/exit-reviews").with(user(school1))).andExpect(status().isForbidden());
		// a school sees the providers with offerings at it, and their figures at it
		mvc.perform(get("/console/scorecards/{p}", world.provider).with(user(school1))
			.param("year", world.term.schoolYear()).param("semester", "1"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("测试棋类")));
		KehouUser school2 = world.account("school2");
		mvc.perform(get("/console/scorecards").param("year", world.term.schoolYear()).param("semester", "1")
			.with(user(school2)))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("测试评价机构 " + world.tag))));
	}

	@Test
	void aSchoolCampaignNamesAnAdmittedProvider() throws Exception {
		KehouUser school1 = world.account("school1");
		long survey = surveys.create(school1, new SurveyDraft("测试机构测评 " + world.tag, null, SurveyAudience.GUARDIANS,
				java.util.List.of(), true, LocalDateTime(1), LocalDateTime(10)));
		try {
			mvc.perform(get("/console/surveys/{id}", survey).with(user(school1)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("测试评价机构 " + world.tag)));
			mvc.perform(post("/console/surveys/{id}/provider", survey).param("provider", String.valueOf(world.provider))
				.with(user(school1)).with(csrf()))
				.andExpect(flash().attribute("flash", "设置已保存"));
			assertThat(surveys.provider(survey)).map(Surveys.ProviderChoice::id).contains(world.provider);
			mvc.perform(get("/console/surveys/{id}", survey).with(user(school1)))
				.andExpect(content().string(containsString("id=\"survey-provider\"")));
			// a provider not admitted in the school's town is refused
			long other = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES ('测试外镇机构', 'APPROVED') RETURNING id")
				.query(Long.class).single();
			jdbc.sql("INSERT INTO provider_town_admission (provider_id, town_id, status) VALUES (:p, :t, 'APPROVED')")
				.param("p", other).param("t", world.town2).update();
			mvc.perform(post("/console/surveys/{id}/provider", survey).param("provider", String.valueOf(other))
				.with(user(school1)).with(csrf()))
				.andExpect(flash().attribute("error", containsString("已准入的机构")));
			assertThat(surveys.provider(survey)).map(Surveys.ProviderChoice::id).contains(world.provider);
		}
		finally {
			jdbc.sql("DELETE FROM survey WHERE id = :s").param("s", survey).update();
		}
	}

	private static java.time.LocalDateTime LocalDateTime(int days) {
		return java.time.LocalDateTime.now().plusDays(days).withNano(0);
	}
}
