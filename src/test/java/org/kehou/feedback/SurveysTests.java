package org.kehou.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Democratic assessment surveys on the demo city: the campaign's life and its validation, who may answer (once), two
 * answers of the same guardian at once, the anonymity proof from the database, the results' figures, the satisfaction
 * figure for the scorecard, and the inbox notice when a campaign opens.
 */
@DemoCityTest
class SurveysTests {

	@Autowired
	Surveys surveys;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserDetailsService users;

	KehouUser school1;

	KehouUser guardian;

	KehouUser teacher;

	/** Other guardian accounts of school 1's children (the demo has an account for every guardian). */
	List<Long> extraGuardians = new ArrayList<>();

	LocalDateTime now = LocalDateTime.of(2031, 5, 12, 9, 0);

	@BeforeEach
	void accounts() {
		school1 = (KehouUser) users.loadUserByUsername("school1");
		guardian = (KehouUser) users.loadUserByUsername("13800000001");
		teacher = (KehouUser) users.loadUserByUsername("teacher1");
		extraGuardians.addAll(jdbc.sql("""
				SELECT DISTINCT u.id FROM app_user u JOIN student_guardian sg ON sg.guardian_id = u.guardian_id
				JOIN student s ON s.id = sg.student_id
				WHERE u.role = 'GUARDIAN' AND u.enabled AND s.school_id = :school AND s.status = 'ACTIVE' AND u.id <> :me
				ORDER BY u.id LIMIT 4""")
			.param("school", school1.scope().schoolId()).param("me", guardian.id()).query(Long.class).list());
		assertThat(extraGuardians).hasSize(4);
	}

	@AfterEach
	void cleanUp() {
		jdbc.sql("DELETE FROM survey WHERE title LIKE '测试%'").update();
		jdbc.sql("DELETE FROM inbox_message WHERE topic = 'survey.opened'").update();
		extraGuardians.clear();
	}

	long draft(String title, boolean anonymous, List<Integer> grades) {
		return surveys.create(school1, new SurveyDraft(title, "说明", SurveyAudience.GUARDIANS, grades, anonymous,
				now.minusHours(1), now.plusDays(3)));
	}

	/** A published campaign with a single choice, a multiple choice, a satisfaction scale and an optional text. */
	long published(String title, boolean anonymous) {
		long id = draft(title, anonymous, List.of());
		surveys.addQuestion(school1.scope(), id, new NewSurveyQuestion(SurveyQuestionKind.SINGLE, "总体是否满意", true,
				false, List.of("满意", "一般", "不满意")));
		surveys.addQuestion(school1.scope(), id, new NewSurveyQuestion(SurveyQuestionKind.MULTIPLE, "最喜欢的课程", true,
				false, List.of("书法", "篮球", "编程")));
		surveys.addQuestion(school1.scope(), id, new NewSurveyQuestion(SurveyQuestionKind.SCALE, "课后服务打分", true, true,
				null));
		surveys.addQuestion(school1.scope(), id, new NewSurveyQuestion(SurveyQuestionKind.TEXT, "建议", false, false, null));
		surveys.publish(school1.scope(), id, now);
		return id;
	}

	List<Long> questionIds(long survey) {
		return surveys.find(survey).orElseThrow().questions().stream().map(SurveyQuestion::id).toList();
	}

	Map<Long, List<String>> answers(long survey, String single, List<String> multiple, String scale, String text) {
		List<Long> q = questionIds(survey);
		return Map.of(q.get(0), List.of(single), q.get(1), multiple, q.get(2), List.of(scale), q.get(3), List.of(text));
	}

	static SurveyRefused refusal(Runnable action) {
		try {
			action.run();
		}
		catch (SurveyRefused e) {
			return e;
		}
		throw new AssertionError("not refused");
	}

	@Test
	void aCampaignGoesFromDraftToOpenToClosedWithClearRefusals() {
		assertThat(refusal(() -> surveys.create(school1, new SurveyDraft("测试时间", null, SurveyAudience.GUARDIANS, null,
				true, now, now.minusHours(1)))).messageKey()).isEqualTo("survey.invalid.period");
		assertThat(refusal(() -> surveys.create(school1, new SurveyDraft(" ", null, SurveyAudience.GUARDIANS, null, true,
				now, now.plusDays(1)))).messageKey()).isEqualTo("survey.invalid.title");
		long id = draft("测试生命周期", true, List.of());
		assertThat(surveys.find(id).orElseThrow().status()).isEqualTo(SurveyStatus.DRAFT);
		assertThat(refusal(() -> surveys.publish(school1.scope(), id, now)).messageKey())
			.isEqualTo("survey.invalid.noQuestions");
		assertThat(refusal(() -> surveys.addQuestion(school1.scope(), id, new NewSurveyQuestion(SurveyQuestionKind.SINGLE,
				"只有一个选项", true, false, List.of("是", " ")))).messageKey()).isEqualTo("survey.invalid.choices");
		long q = surveys.addQuestion(school1.scope(), id, new NewSurveyQuestion(SurveyQuestionKind.SCALE, "打分", true,
				true, null));
		surveys.update(school1.scope(), id, new SurveyDraft("测试生命周期（改）", null, SurveyAudience.GUARDIANS, List.of(1, 2),
				false, now.minusHours(1), now.plusDays(2)));
		SurveyView changed = surveys.find(id).orElseThrow();
		assertThat(changed.title()).isEqualTo("测试生命周期（改）");
		assertThat(changed.gradeLevels()).containsExactly(1, 2);
		assertThat(changed.anonymous()).isFalse();
		// another school's admin may not manage it, nor a town admin (they see it, the creator's level edits it)
		KehouUser town1 = (KehouUser) users.loadUserByUsername("town1");
		assertThat(refusal(() -> surveys.publish(town1.scope(), id, now)).reason()).isEqualTo(SurveyRefused.Reason.NOT_FOUND);

		surveys.publish(school1.scope(), id, now);
		assertThat(surveys.find(id).orElseThrow().status()).isEqualTo(SurveyStatus.OPEN);
		assertThat(refusal(() -> surveys.removeQuestion(school1.scope(), id, q)).messageKey())
			.isEqualTo("survey.refused.notDraft");
		assertThat(refusal(() -> surveys.addQuestion(school1.scope(), id, new NewSurveyQuestion(SurveyQuestionKind.TEXT,
				"再加一题", false, false, null))).reason()).isEqualTo(SurveyRefused.Reason.STATE);

		surveys.close(school1.scope(), id, now.plusHours(1));
		assertThat(surveys.find(id).orElseThrow().status()).isEqualTo(SurveyStatus.CLOSED);
		assertThat(refusal(() -> surveys.close(school1.scope(), id, now.plusHours(2))).messageKey())
			.isEqualTo("survey.refused.notOpen");
	}

	@Test
	void anEligibleGuardianAnswersOnceAndOthersCannot() {
		long id = published("测试资格", true);
		// a campaign for grades none of the demo guardian's children is in
		List<Integer> theirGrades = jdbc.sql("""
				SELECT DISTINCT g.level FROM student_guardian sg JOIN student s ON s.id = sg.student_id
				JOIN school_class c ON c.id = s.class_id JOIN grade g ON g.id = c.grade_id WHERE sg.guardian_id = :g""")
			.param("g", guardian.scope().guardianId()).query(Integer.class).list();
		List<Integer> otherGrades = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
		otherGrades.removeAll(theirGrades);
		long otherGradesSurvey = draft("测试其他年级", true, otherGrades);
		long q = surveys.addQuestion(school1.scope(), otherGradesSurvey, new NewSurveyQuestion(SurveyQuestionKind.SCALE,
				"打分", true, false, null));
		surveys.publish(school1.scope(), otherGradesSurvey, now);

		assertThat(surveys.eligible(id, guardian.id())).isTrue();
		assertThat(surveys.openFor(guardian.id(), now)).extracting(i -> i.survey().id()).contains(id)
			.doesNotContain(otherGradesSurvey);
		// a required question left out: refused, nothing stored
		Map<Long, List<String>> incomplete = Map.of(questionIds(id).get(0), List.of("0"));
		assertThat(refusal(() -> surveys.answer(guardian.id(), id, incomplete, now)).messageKey())
			.isEqualTo("survey.answer.required");
		assertThat(refusal(() -> surveys.answer(guardian.id(), id, answers(id, "0", List.of("0"), "6", ""), now))
			.messageKey()).isEqualTo("survey.answer.scale");
		assertThat(surveys.hasAnswered(id, guardian.id())).isFalse();

		surveys.answer(guardian.id(), id, answers(id, "0", List.of("0", "2"), "5", "很好"), now);
		assertThat(surveys.hasAnswered(id, guardian.id())).isTrue();
		assertThat(surveys.openFor(guardian.id(), now)).filteredOn(i -> i.survey().id() == id)
			.singleElement().extracting(Surveys.Invitation::answered).isEqualTo(true);
		SurveyRefused again = refusal(() -> surveys.answer(guardian.id(), id, answers(id, "1", List.of("1"), "3", ""), now));
		assertThat(again.reason()).isEqualTo(SurveyRefused.Reason.ALREADY_ANSWERED);
		assertThat(count("SELECT count(*) FROM survey_response WHERE survey_id = :s", id)).isOne();

		// not in the audience: a teacher of a guardian campaign, a guardian of children in other grades
		assertThat(refusal(() -> surveys.answer(teacher.id(), id, answers(id, "0", List.of("0"), "5", ""), now)).reason())
			.isEqualTo(SurveyRefused.Reason.NOT_ELIGIBLE);
		assertThat(refusal(() -> surveys.answer(guardian.id(), otherGradesSurvey, Map.of(q, List.of("4")), now)).reason())
			.isEqualTo(SurveyRefused.Reason.NOT_ELIGIBLE);
		// outside the period
		assertThat(refusal(() -> surveys.answer(extraGuardians.get(0), id, answers(id, "0", List.of("0"), "5", ""),
				now.plusDays(4))).reason()).isEqualTo(SurveyRefused.Reason.STATE);
	}

	@Test
	void twoAnswersOfTheSameGuardianAtOnceStoreOneAnswerSet() throws Exception {
		long id = published("测试并发", false);
		int tries = 6;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(tries);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < tries; i++) {
				String value = String.valueOf(i % 5 + 1);
				Map<Long, List<String>> a = answers(id, "0", List.of("1"), value, "");
				results.add(pool.submit(() -> {
					start.await();
					try {
						surveys.answer(guardian.id(), id, a, now);
						return true;
					}
					catch (SurveyRefused e) {
						assertThat(e.reason()).isEqualTo(SurveyRefused.Reason.ALREADY_ANSWERED);
						return false;
					}
				}));
			}
			start.countDown();
			int stored = 0;
			for (Future<Boolean> f : results) {
				stored += f.get() ? 1 : 0;
			}
			assertThat(stored).isOne();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(count("SELECT count(*) FROM survey_respondent WHERE survey_id = :s", id)).isOne();
		assertThat(count("SELECT count(*) FROM survey_response WHERE survey_id = :s", id)).isOne();
		assertThat(count("""
				SELECT count(*) FROM survey_answer a JOIN survey_question q ON q.id = a.question_id
				WHERE q.survey_id = :s AND q.kind = 'SCALE'""", id)).isOne();
	}

	/**
	 * The proof: after several people answered an anonymous campaign, nothing in the database joins an answer
	 * back to a respondent — no column of the answer tables names a person or a time, the answer set ids are random,
	 * the "has answered" rows carry no link, and after closing not even the rows' transaction ids pair them.
	 */
	@Test
	void anonymousAnswersCannotBeJoinedBackToRespondents() {
		long id = published("测试匿名", true);
		List<Long> respondents = new ArrayList<>(extraGuardians);
		respondents.add(guardian.id());
		int i = 0;
		for (long user : respondents) {
			surveys.answer(user, id, answers(id, String.valueOf(i % 3), List.of(String.valueOf(i % 3)),
					String.valueOf(i % 5 + 1), "意见" + i), now);
			i++;
		}

		// 1. the answer tables have no column that could name a person, a time or an order
		List<String> columns = jdbc.sql("""
				SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns
				WHERE table_schema = 'public' AND table_name IN ('survey_response', 'survey_answer') ORDER BY 1""")
			.query(String.class).list();
		assertThat(columns).containsExactlyInAnyOrder("survey_answer.choice:smallint", "survey_answer.question_id:bigint",
				"survey_answer.response_id:uuid", "survey_answer.scale:smallint",
				"survey_answer.text:character varying", "survey_response.id:uuid", "survey_response.survey_id:bigint");
		// no foreign key from the answer tables leads to a person
		List<String> referenced = jdbc.sql("""
				SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc
				JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
				WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name IN ('survey_response', 'survey_answer')""")
			.query(String.class).list();
		assertThat(referenced).containsOnly("survey", "survey_question", "survey_response");

		// 2. the "has answered" rows hold the account and nothing that leads to the answers
		assertThat(count("SELECT count(*) FROM survey_respondent WHERE survey_id = :s", id)).isEqualTo(respondents.size());
		assertThat(count("SELECT count(*) FROM survey_respondent WHERE survey_id = :s AND response_id IS NOT NULL", id))
			.isZero();
		List<String> respondentColumns = jdbc.sql("""
				SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'
				AND table_name = 'survey_respondent' ORDER BY 1""").query(String.class).list();
		assertThat(respondentColumns).containsExactly("anonymous", "response_id", "survey_id", "user_id");
		// the database itself refuses a link on an anonymous campaign
		assertThatThrownBy(() -> jdbc.sql("""
				UPDATE survey_respondent SET response_id = (SELECT id FROM survey_response WHERE survey_id = :s LIMIT 1)
				WHERE survey_id = :s""").param("s", id).update()).hasMessageContaining("survey_respondent_unlinked");

		// 3. the answer set ids are random (version 4 UUIDs), so their order says nothing about the order of answering
		List<String> ids = jdbc.sql("SELECT id::text FROM survey_response WHERE survey_id = :s").param("s", id)
			.query(String.class).list();
		assertThat(ids).hasSize(respondents.size()).allSatisfy(u -> assertThat(u.charAt(14)).isEqualTo('4'));

		// 4. after closing, every answer row and every "has answered" row carries the closing transaction's id: the
		// system columns no longer pair an answer set with the account that answered in the same transaction
		surveys.close(school1.scope(), id, now.plusHours(1));
		assertThat(count("""
				SELECT count(DISTINCT x) FROM (
				  SELECT r.xmin::text AS x FROM survey_response r WHERE r.survey_id = :s
				  UNION ALL SELECT a.xmin::text FROM survey_answer a JOIN survey_response r ON r.id = a.response_id
				    WHERE r.survey_id = :s
				  UNION ALL SELECT p.xmin::text FROM survey_respondent p WHERE p.survey_id = :s) t""", id)).isOne();
		// and the results still count every answer
		SurveyResults results = surveys.results(id);
		assertThat(results.answered()).isEqualTo(respondents.size());
		assertThat(results.questions().get(3).texts()).hasSize(respondents.size())
			.allSatisfy(t -> assertThat(t.respondent()).isNull());
	}

	@Test
	void theResultsCountChoicesScalesAndScreenedTexts() {
		long id = published("测试结果", false);
		surveys.answer(guardian.id(), id, answers(id, "0", List.of("0", "1"), "5", "联系我 13812345678"), now);
		surveys.answer(extraGuardians.get(0), id, answers(id, "0", List.of("1"), "4", "很好"), now);
		surveys.answer(extraGuardians.get(1), id, answers(id, "2", List.of("1", "2"), "2", " "), now);

		SurveyResults results = surveys.results(id);
		assertThat(results.answered()).isEqualTo(3);
		assertThat(results.eligible()).isEqualTo(surveys.eligibleAccounts(id).size()).isGreaterThanOrEqualTo(5);
		assertThat(results.responseRate())
			.isEqualTo(BigDecimal.valueOf(300).divide(BigDecimal.valueOf(results.eligible()), 1, java.math.RoundingMode.HALF_UP));

		SurveyResults.QuestionResult single = results.questions().get(0);
		assertThat(single.responses()).isEqualTo(3);
		assertThat(single.counts()).extracting(SurveyResults.Count::count).containsExactly(2L, 0L, 1L);
		assertThat(single.counts()).extracting(c -> c.share().toPlainString()).containsExactly("66.7", "0.0", "33.3");

		SurveyResults.QuestionResult multiple = results.questions().get(1);
		assertThat(multiple.counts()).extracting(SurveyResults.Count::count).containsExactly(1L, 3L, 1L);
		assertThat(multiple.counts().get(1).share().toPlainString()).isEqualTo("100.0");

		SurveyResults.QuestionResult scale = results.questions().get(2);
		assertThat(scale.counts()).extracting(SurveyResults.Count::count).containsExactly(0L, 1L, 0L, 1L, 1L);
		assertThat(scale.average()).isEqualByComparingTo("3.67");

		SurveyResults.QuestionResult text = results.questions().get(3);
		assertThat(text.responses()).isEqualTo(2);
		assertThat(text.texts()).extracting(SurveyResults.TextAnswer::text).containsExactlyInAnyOrder("联系我 138****5678", "很好");
		assertThat(text.texts()).allSatisfy(t -> assertThat(t.respondent()).isNotBlank());

		// the scorecard's figure: 2 of the 3 satisfaction answers are 4 or 5
		SurveySatisfaction satisfaction = surveys.satisfaction(id).orElseThrow();
		assertThat(satisfaction.answers()).isEqualTo(3);
		assertThat(satisfaction.satisfied()).isEqualTo(2);
		assertThat(satisfaction.percent()).isEqualByComparingTo("66.7");
		long without = draft("测试无满意度", true, List.of());
		assertThat(surveys.satisfaction(without)).isEmpty();
	}

	@Test
	void theAudienceIsToldOnceWhenTheCampaignOpensAndItClosesOnTime() {
		long id = surveys.create(school1, new SurveyDraft("测试通知", null, SurveyAudience.GUARDIANS, null, true,
				now.plusHours(2), now.plusDays(1)));
		surveys.addQuestion(school1.scope(), id, new NewSurveyQuestion(SurveyQuestionKind.SCALE, "打分", true, true, null));
		surveys.publish(school1.scope(), id, now);
		assertThat(notices(id, guardian.id())).isZero();
		surveys.sweep(now.plusHours(1));
		assertThat(notices(id, guardian.id())).isZero();

		surveys.sweep(now.plusHours(2));
		surveys.sweep(now.plusHours(3));
		assertThat(notices(id, guardian.id())).isOne();
		assertThat(notices(id, extraGuardians.get(0))).isOne();
		assertThat(notices(id, teacher.id())).isZero();
		assertThat(jdbc.sql("SELECT link FROM inbox_message WHERE dedup_key = :k AND recipient_user_id = :u")
			.param("k", "survey-opened-" + id).param("u", guardian.id()).query(String.class).single())
			.isEqualTo("/m/surveys/" + id);

		surveys.sweep(now.plusDays(1));
		assertThat(surveys.find(id).orElseThrow().status()).isEqualTo(SurveyStatus.CLOSED);
		assertThat(count("SELECT eligible_at_close FROM survey WHERE id = :s", id))
			.isEqualTo(surveys.eligibleAccounts(id).size());
	}

	@Test
	void aTeacherCampaignAsksTheSchoolsTeachers() {
		long id = surveys.create(school1, new SurveyDraft("测试教师", null, SurveyAudience.TEACHERS, List.of(3), true,
				now.minusHours(1), now.plusDays(1)));
		surveys.addQuestion(school1.scope(), id, new NewSurveyQuestion(SurveyQuestionKind.TEXT, "建议", true, false, null));
		surveys.publish(school1.scope(), id, now);
		assertThat(surveys.find(id).orElseThrow().gradeLevels()).isEmpty();
		assertThat(surveys.eligible(id, teacher.id())).isTrue();
		assertThat(surveys.eligible(id, guardian.id())).isFalse();
		surveys.answer(teacher.id(), id, Map.of(questionIds(id).get(0), List.of("多一些培训")), now);
		assertThat(surveys.results(id).answered()).isOne();
	}

	long notices(long survey, long user) {
		return jdbc.sql("SELECT count(*) FROM inbox_message WHERE dedup_key = :k AND recipient_user_id = :u AND topic = 'survey.opened'")
			.param("k", "survey-opened-" + survey).param("u", user).query(Long.class).single();
	}

	long count(String sql, long survey) {
		return jdbc.sql(sql).param("s", survey).query(Long.class).single();
	}
}
