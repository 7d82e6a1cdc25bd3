package org.kehou.feedback;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.SurveyRefused.Reason;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.notification.Notice;
import org.kehou.notification.Notifications;
import org.kehou.organisation.Terms;
import org.kehou.shared.Masking;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Democratic assessment surveys (民主测评). A school admin, a town admin or the city creates a campaign for the
 * guardians (optionally of some grades) or the teachers of its schools; it is a DRAFT while questions are edited,
 * OPEN once published (answered between opens and closes), CLOSED by hand or when its time is up.
 * <p>
 * Who may answer is computed from the audience at answer time (an enabled guardian account with an active child in
 * the campaign's schools and grades; an enabled teacher account of one of its schools). Each account answers once: the
 * "has answered" row ({@code survey_respondent}, primary key campaign + account) is inserted in the answer's
 * transaction, so a second answer — also one sent at the same moment — stores nothing.
 * <p>
 * Anonymous campaigns store the answers in rows with no person, no time and a random UUID; the "has answered" row
 * carries no link to them (a check constraint), and closing the campaign rewrites its answer rows in a random order
 * so that not even the rows' system columns (transaction ids, physical order) pair them with the respondents.
 */
@Service
public class Surveys {

	public static final int TEXT_MAX = 500;

	private static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

	/** The condition that the account {@code u} is in the audience of campaign {@code s}. */
	static final String ELIGIBLE = """
			u.enabled AND (
			  (s.audience = 'GUARDIANS' AND u.role = 'GUARDIAN' AND EXISTS (
			    SELECT 1 FROM student_guardian sg JOIN student st ON st.id = sg.student_id
			    JOIN school_class c ON c.id = st.class_id JOIN grade g ON g.id = c.grade_id
			    JOIN school sc ON sc.id = st.school_id
			    WHERE sg.guardian_id = u.guardian_id AND st.status = 'ACTIVE' AND sc.active
			      AND (s.school_id IS NULL OR st.school_id = s.school_id) AND (s.town_id IS NULL OR sc.town_id = s.town_id)
			      AND (s.grade_levels IS NULL OR g.level = ANY(s.grade_levels))))
			  OR (s.audience = 'TEACHERS' AND u.role = 'TEACHER' AND EXISTS (
			    SELECT 1 FROM school sc WHERE sc.id = u.school_id AND sc.active
			      AND (s.school_id IS NULL OR sc.id = s.school_id) AND (s.town_id IS NULL OR sc.town_id = s.town_id))))""";

	private static final String VIEW = """
			SELECT s.id, s.title, s.intro, s.level, s.town_id, s.school_id, s.audience, s.grade_levels, s.anonymous,
			  s.opens_at, s.closes_at, s.status,
			  coalesce(sc.name, t.name, '') AS scope_name,
			  (SELECT count(*) FROM survey_respondent r WHERE r.survey_id = s.id) AS answered
			FROM survey s LEFT JOIN school sc ON sc.id = s.school_id LEFT JOIN town t ON t.id = s.town_id
			""";

	private final JdbcClient jdbc;

	private final Notifications notifications;

	private final MessageSource messages;

	public Surveys(JdbcClient jdbc, Notifications notifications, MessageSource messages) {
		this.jdbc = jdbc;
		this.notifications = notifications;
		this.messages = messages;
	}

	/** The current time in the city's zone. */
	public static LocalDateTime now() {
		return LocalDateTime.now(Terms.CITY_ZONE);
	}

	// ---------------------------------------------------------------- campaigns

	/** Creates a DRAFT campaign at the admin's level (their school, their town, or the city); returns its id. */
	@Transactional
	public long create(KehouUser admin, SurveyDraft draft) {
		Scope scope = admin.scope();
		SurveyLevel level = switch (admin.role()) {
			case CITY_ADMIN -> SurveyLevel.CITY;
			case TOWN_ADMIN -> SurveyLevel.TOWN;
			case SCHOOL_ADMIN -> SurveyLevel.SCHOOL;
			default -> throw new SurveyRefused(Reason.NOT_FOUND, "survey.refused.notFound");
		};
		Long town = scope.townId();
		if (level == SurveyLevel.SCHOOL) {
			town = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", scope.schoolId())
				.query(Long.class).optional().orElse(null);
		}
		Checked d = check(draft);
		return jdbc.sql("""
				INSERT INTO survey (title, intro, level, town_id, school_id, audience, grade_levels, anonymous, opens_at,
				  closes_at, created_by)
				VALUES (:title, :intro, :level, :town, :school, :audience, :grades, :anonymous, :opens, :closes, :by)
				RETURNING id""")
			.param("title", d.title).param("intro", d.intro).param("level", level.name())
			.param("town", level == SurveyLevel.CITY ? null : town)
			.param("school", level == SurveyLevel.SCHOOL ? scope.schoolId() : null)
			.param("audience", d.audience.name()).param("grades", d.grades).param("anonymous", d.anonymous)
			.param("opens", zoned(d.opens)).param("closes", zoned(d.closes)).param("by", admin.id())
			.query(Long.class).single();
	}

	/** Changes a DRAFT campaign's settings. */
	@Transactional
	public void update(Scope by, long surveyId, SurveyDraft draft) {
		draftOf(by, surveyId);
		Checked d = check(draft);
		jdbc.sql("""
				UPDATE survey SET title = :title, intro = :intro, audience = :audience, grade_levels = :grades,
				  anonymous = :anonymous, opens_at = :opens, closes_at = :closes WHERE id = :id AND status = 'DRAFT'""")
			.param("title", d.title).param("intro", d.intro).param("audience", d.audience.name())
			.param("grades", d.grades).param("anonymous", d.anonymous).param("opens", zoned(d.opens))
			.param("closes", zoned(d.closes)).param("id", surveyId).update();
	}

	/** Adds a question at the end of a DRAFT campaign; returns its id. */
	@Transactional
	public long addQuestion(Scope by, long surveyId, NewSurveyQuestion question) {
		draftOf(by, surveyId);
		SurveyQuestionKind kind = question.kind();
		if (kind == null) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.kind");
		}
		String text = question.text() == null ? "" : question.text().strip();
		if (text.isEmpty() || text.length() > 300) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.questionText");
		}
		List<String> choices = new ArrayList<>();
		if (kind.hasChoices()) {
			for (String c : question.choices() == null ? List.<String>of() : question.choices()) {
				String s = c == null ? "" : c.strip();
				if (!s.isEmpty() && !choices.contains(s)) {
					choices.add(s);
				}
			}
			if (choices.size() < 2 || choices.size() > 20 || choices.stream().anyMatch(c -> c.length() > 100)) {
				throw new SurveyRefused(Reason.INVALID, "survey.invalid.choices");
			}
		}
		boolean satisfaction = kind == SurveyQuestionKind.SCALE && Boolean.TRUE.equals(question.satisfaction());
		int questions = jdbc.sql("SELECT count(*) FROM survey_question WHERE survey_id = :s").param("s", surveyId)
			.query(Integer.class).single();
		if (questions >= 50) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.tooManyQuestions");
		}
		return jdbc.sql("""
				INSERT INTO survey_question (survey_id, position, kind, text, required, satisfaction, choices)
				VALUES (:s, (SELECT coalesce(max(position), 0) + 1 FROM survey_question WHERE survey_id = :s), :kind,
				  :text, :required, :satisfaction, :choices) RETURNING id""")
			.param("s", surveyId).param("kind", kind.name()).param("text", text)
			.param("required", !Boolean.FALSE.equals(question.required())).param("satisfaction", satisfaction)
			.param("choices", choices.toArray(String[]::new)).query(Long.class).single();
	}

	/** Removes a question of a DRAFT campaign; the later ones move up. */
	@Transactional
	public void removeQuestion(Scope by, long surveyId, long questionId) {
		draftOf(by, surveyId);
		Integer position = jdbc.sql("DELETE FROM survey_question WHERE id = :q AND survey_id = :s RETURNING position")
			.param("q", questionId).param("s", surveyId).query(Integer.class).optional().orElse(null);
		if (position == null) {
			throw new SurveyRefused(Reason.NOT_FOUND, "survey.refused.noQuestion");
		}
		jdbc.sql("UPDATE survey_question SET position = position - 1 WHERE survey_id = :s AND position > :p")
			.param("s", surveyId).param("p", position).update();
	}

	/**
	 * Publishes a DRAFT campaign (at least one question, closing in the future): no more question edits. If its period
	 * has begun, the audience is told at once; otherwise the sweep tells them when it opens.
	 */
	@Transactional
	public void publish(Scope by, long surveyId, LocalDateTime now) {
		SurveyView survey = draftOf(by, surveyId);
		if (survey.questions().isEmpty()) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.noQuestions");
		}
		if (!survey.closesAt().isAfter(now)) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.closesPast");
		}
		jdbc.sql("UPDATE survey SET status = 'OPEN', published_at = :now WHERE id = :id AND status = 'DRAFT'")
			.param("now", zoned(now)).param("id", surveyId).update();
		if (!survey.opensAt().isAfter(now)) {
			announce(surveyId);
		}
	}

	/** Closes an OPEN campaign by hand (before its time). */
	@Transactional
	public void close(Scope by, long surveyId, LocalDateTime now) {
		SurveyView survey = managed(by, surveyId);
		if (survey.status() != SurveyStatus.OPEN) {
			throw new SurveyRefused(Reason.STATE, "survey.refused.notOpen");
		}
		closeNow(survey, now);
	}

	/** Deletes a DRAFT campaign. */
	@Transactional
	public void delete(Scope by, long surveyId) {
		draftOf(by, surveyId);
		jdbc.sql("DELETE FROM survey WHERE id = :id AND status = 'DRAFT'").param("id", surveyId).update();
	}

	/**
	 * Tells the audience of published campaigns whose period has begun (once per campaign and account) and closes the
	 * campaigns whose time is up; returns how many campaigns it touched. Called every minute by the sweep.
	 */
	@Transactional
	public int sweep(LocalDateTime now) {
		List<Long> due = jdbc.sql("""
				SELECT id FROM survey WHERE status = 'OPEN' AND NOT announced AND opens_at <= :now AND closes_at > :now
				ORDER BY id FOR UPDATE SKIP LOCKED""").param("now", zoned(now)).query(Long.class).list();
		due.forEach(this::announce);
		List<Long> over = jdbc.sql("""
				SELECT id FROM survey WHERE status = 'OPEN' AND closes_at <= :now ORDER BY id FOR UPDATE SKIP LOCKED""")
			.param("now", zoned(now)).query(Long.class).list();
		for (long id : over) {
			find(id).ifPresent(s -> closeNow(s, now));
		}
		return due.size() + over.size();
	}

	private void announce(long surveyId) {
		int marked = jdbc.sql("UPDATE survey SET announced = TRUE WHERE id = :id AND NOT announced").param("id", surveyId)
			.update();
		if (marked == 0) {
			return;
		}
		SurveyView survey = find(surveyId).orElseThrow();
		String title = text("survey.opened");
		String body = text("survey.notice.opened.body", survey.title(), survey.scopeName(),
				survey.closesAt().format(java.time.format.DateTimeFormatter.ofPattern("M月d日 HH:mm")));
		List<Notice> notices = eligibleAccounts(surveyId).stream()
			.map(user -> new Notice(user, "survey.opened", title, body, "/m/surveys/" + surveyId,
					"survey-opened-" + surveyId))
			.toList();
		notifications.sendAll(notices);
	}

	private void closeNow(SurveyView survey, LocalDateTime now) {
		long eligible = countEligible(survey.id());
		jdbc.sql("""
				UPDATE survey SET status = 'CLOSED', closed_at = :now, eligible_at_close = :eligible
				WHERE id = :id AND status = 'OPEN'""")
			.param("now", zoned(now)).param("eligible", eligible).param("id", survey.id()).update();
		if (survey.anonymous()) {
			shuffle(survey.id());
		}
	}

	/**
	 * Rewrites an anonymous campaign's answer sets and answers in a random order, and touches its "has answered" rows,
	 * all in the closing transaction: afterwards every row carries the same transaction id and the physical order of
	 * the answer rows is random, so neither pairs an answer set with a respondent.
	 */
	private void shuffle(long surveyId) {
		jdbc.sql("DROP TABLE IF EXISTS pg_temp.survey_shuffle_answer").update();
		jdbc.sql("""
				CREATE TEMP TABLE survey_shuffle_answer ON COMMIT DROP AS
				SELECT a.response_id, a.question_id, a.choice, a.scale, a.text
				FROM survey_answer a JOIN survey_response r ON r.id = a.response_id WHERE r.survey_id = :s""")
			.param("s", surveyId).update();
		jdbc.sql("DELETE FROM survey_response WHERE survey_id = :s").param("s", surveyId).update();
		jdbc.sql("""
				INSERT INTO survey_response (id, survey_id)
				SELECT id, :s FROM (SELECT DISTINCT response_id AS id FROM survey_shuffle_answer) x ORDER BY random()""")
			.param("s", surveyId).update();
		jdbc.sql("""
				INSERT INTO survey_answer (response_id, question_id, choice, scale, text)
				SELECT response_id, question_id, choice, scale, text FROM survey_shuffle_answer ORDER BY random()""")
			.update();
		jdbc.sql("UPDATE survey_respondent SET anonymous = anonymous WHERE survey_id = :s").param("s", surveyId).update();
		jdbc.sql("DROP TABLE pg_temp.survey_shuffle_answer").update();
	}

	// ---------------------------------------------------------------- reading

	public Optional<SurveyView> find(long surveyId) {
		return jdbc.sql(VIEW + " WHERE s.id = :id").param("id", surveyId).query((rs, i) -> view(rs, List.of()))
			.optional()
			.map(s -> withQuestions(s, questions(surveyId)));
	}

	/**
	 * The campaigns a scope sees: the city all, a town its own and its schools', a school admin the school's. Newest
	 * first; {@code status} and {@code query} (in the title) filter; pages of {@code size}.
	 */
	public SurveyPage list(Scope scope, @Nullable SurveyStatus status, @Nullable String query, int page, int size) {
		String where = switch (scope.role()) {
			case CITY_ADMIN -> "TRUE";
			case TOWN_ADMIN -> "s.town_id = :town";
			case SCHOOL_ADMIN -> "s.school_id = :school";
			default -> "FALSE";
		};
		where += " AND (CAST(:status AS VARCHAR) IS NULL OR s.status = :status)"
				+ " AND (CAST(:q AS VARCHAR) IS NULL OR s.title ILIKE '%' || :q || '%')";
		String q = query == null || query.isBlank() ? null : query.strip().replace("%", "").replace("_", "");
		int p = Math.max(0, page);
		long total = jdbc.sql("SELECT count(*) FROM survey s WHERE " + where)
			.param("town", scope.townId()).param("school", scope.schoolId())
			.param("status", status == null ? null : status.name()).param("q", q).query(Long.class).single();
		List<SurveyView> rows = jdbc.sql(VIEW + " WHERE " + where + " ORDER BY s.id DESC LIMIT :size OFFSET :offset")
			.param("town", scope.townId()).param("school", scope.schoolId())
			.param("status", status == null ? null : status.name()).param("q", q).param("size", size)
			.param("offset", (long) p * size).query((rs, i) -> view(rs, List.of())).list();
		return new SurveyPage(rows, p, size, total);
	}

	/** Whether {@code scope} may edit, publish and close the campaign: an admin of the level that created it. */
	public boolean mayManage(Scope scope, SurveyView survey) {
		return switch (survey.level()) {
			case CITY -> scope.role() == Role.CITY_ADMIN;
			case TOWN -> scope.role() == Role.TOWN_ADMIN && survey.townId() != null
					&& survey.townId().equals(scope.townId());
			case SCHOOL -> scope.role() == Role.SCHOOL_ADMIN && survey.schoolId() != null
					&& survey.schoolId().equals(scope.schoolId());
		};
	}

	/** Whether the account is in the campaign's audience now. */
	public boolean eligible(long surveyId, long userId) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM survey s, app_user u WHERE s.id = :s AND u.id = :u AND " + ELIGIBLE + ")")
			.param("s", surveyId).param("u", userId).query(Boolean.class).single();
	}

	public boolean hasAnswered(long surveyId, long userId) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM survey_respondent WHERE survey_id = :s AND user_id = :u)")
			.param("s", surveyId).param("u", userId).query(Boolean.class).single();
	}

	/** A campaign the account may answer, and whether it has. */
	public record Invitation(SurveyView survey, boolean answered) {
	}

	/** The campaigns open at {@code now} that the account is in the audience of, answered ones marked. */
	public List<Invitation> openFor(long userId, LocalDateTime now) {
		return jdbc.sql(VIEW + """
				 , app_user u WHERE u.id = :u AND s.status = 'OPEN' AND s.opens_at <= :now AND s.closes_at > :now
				""" + " AND " + ELIGIBLE + " ORDER BY s.closes_at, s.id")
			.param("u", userId).param("now", zoned(now)).query((rs, i) -> view(rs, List.of())).list()
			.stream()
			.map(s -> new Invitation(s, hasAnswered(s.id(), userId)))
			.toList();
	}

	// ---------------------------------------------------------------- answering

	/**
	 * Stores one answer set of the account: refused when the campaign is not open at {@code now}, the account is not
	 * in its audience, has already answered, or the answers are incomplete or invalid. {@code answers}: per question
	 * id the values given — choice indexes (from 0) for choice questions, 1–5 for scales, the text for text questions.
	 */
	@Transactional
	public void answer(long userId, long surveyId, Map<Long, List<String>> answers, LocalDateTime now) {
		SurveyView survey = find(surveyId).orElseThrow(() -> new SurveyRefused(Reason.NOT_FOUND, "survey.refused.notFound"));
		if (!survey.isOpenAt(now)) {
			throw new SurveyRefused(Reason.STATE, "survey.refused.notOpen");
		}
		if (!eligible(surveyId, userId)) {
			throw new SurveyRefused(Reason.NOT_ELIGIBLE, "survey.refused.notEligible");
		}
		List<Row> rows = validate(survey, answers);
		UUID response = UUID.randomUUID();
		jdbc.sql("INSERT INTO survey_response (id, survey_id) VALUES (:id, :s)").param("id", response)
			.param("s", surveyId).update();
		int once = jdbc.sql("""
				INSERT INTO survey_respondent (survey_id, user_id, anonymous, response_id) VALUES (:s, :u, :anonymous, :r)
				ON CONFLICT (survey_id, user_id) DO NOTHING""")
			.param("s", surveyId).param("u", userId).param("anonymous", survey.anonymous())
			.param("r", survey.anonymous() ? null : response).update();
		if (once == 0) {
			throw new SurveyRefused(Reason.ALREADY_ANSWERED, "survey.refused.alreadyAnswered");
		}
		for (Row row : rows) {
			jdbc.sql("""
					INSERT INTO survey_answer (response_id, question_id, choice, scale, text)
					VALUES (:r, :q, :choice, :scale, :text)""")
				.param("r", response).param("q", row.question).param("choice", row.choice).param("scale", row.scale)
				.param("text", row.text).update();
		}
	}

	private record Row(long question, @Nullable Integer choice, @Nullable Integer scale, @Nullable String text) {
	}

	private static List<Row> validate(SurveyView survey, Map<Long, List<String>> answers) {
		List<Row> rows = new ArrayList<>();
		for (SurveyQuestion q : survey.questions()) {
			List<String> given = answers.getOrDefault(q.id(), List.of())
				.stream()
				.filter(v -> v != null && !v.isBlank())
				.map(String::strip)
				.toList();
			int n = q.position();
			if (given.isEmpty()) {
				if (q.required()) {
					throw new SurveyRefused(Reason.INVALID, "survey.answer.required", n);
				}
				continue;
			}
			switch (q.kind()) {
				case SINGLE -> {
					if (given.size() != 1) {
						throw new SurveyRefused(Reason.INVALID, "survey.answer.oneChoice", n);
					}
					rows.add(new Row(q.id(), choice(q, given.get(0)), null, null));
				}
				case MULTIPLE -> {
					Set<Integer> chosen = new LinkedHashSet<>();
					for (String v : given) {
						chosen.add(choice(q, v));
					}
					chosen.forEach(c -> rows.add(new Row(q.id(), c, null, null)));
				}
				case SCALE -> {
					int value = given.size() == 1 ? integer(given.get(0)) : -1;
					if (value < 1 || value > 5) {
						throw new SurveyRefused(Reason.INVALID, "survey.answer.scale", n);
					}
					rows.add(new Row(q.id(), null, value, null));
				}
				case TEXT -> {
					String text = String.join("\n", given);
					if (text.length() > TEXT_MAX) {
						throw new SurveyRefused(Reason.INVALID, "survey.answer.tooLong", n, TEXT_MAX);
					}
					rows.add(new Row(q.id(), null, null, text));
				}
			}
		}
		if (rows.isEmpty()) {
			throw new SurveyRefused(Reason.INVALID, "survey.answer.empty");
		}
		return rows;
	}

	private static int choice(SurveyQuestion q, String value) {
		int c = integer(value);
		if (c < 0 || c >= q.choices().size()) {
			throw new SurveyRefused(Reason.INVALID, "survey.answer.badChoice", q.position());
		}
		return c;
	}

	private static int integer(String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException e) {
			return -1;
		}
	}

	// ---------------------------------------------------------------- results

	/** The accounts in the campaign's audience now. */
	public List<Long> eligibleAccounts(long surveyId) {
		return jdbc.sql("SELECT u.id FROM survey s, app_user u WHERE s.id = :s AND " + ELIGIBLE + " ORDER BY u.id")
			.param("s", surveyId).query(Long.class).list();
	}

	private long countEligible(long surveyId) {
		return jdbc.sql("SELECT count(*) FROM survey s, app_user u WHERE s.id = :s AND " + ELIGIBLE)
			.param("s", surveyId).query(Long.class).single();
	}

	/** The figures of a campaign (see {@link SurveyResults}). */
	public SurveyResults results(long surveyId) {
		SurveyView survey = find(surveyId).orElseThrow(() -> new SurveyRefused(Reason.NOT_FOUND, "survey.refused.notFound"));
		long frozen = jdbc.sql("SELECT coalesce(eligible_at_close, -1)::bigint FROM survey WHERE id = :s")
			.param("s", surveyId).query(Long.class).single();
		long eligible = survey.status() == SurveyStatus.CLOSED && frozen >= 0 ? frozen : countEligible(surveyId);
		Map<Long, Long> responses = new HashMap<>();
		jdbc.sql("""
				SELECT a.question_id, count(DISTINCT a.response_id) FROM survey_answer a
				JOIN survey_question q ON q.id = a.question_id WHERE q.survey_id = :s GROUP BY a.question_id""")
			.param("s", surveyId).query((rs, i) -> responses.put(rs.getLong(1), rs.getLong(2))).list();
		Map<Long, Map<Integer, Long>> values = new HashMap<>();
		jdbc.sql("""
				SELECT a.question_id, coalesce(a.choice, a.scale), count(*) FROM survey_answer a
				JOIN survey_question q ON q.id = a.question_id WHERE q.survey_id = :s AND a.text IS NULL
				GROUP BY 1, 2""")
			.param("s", surveyId)
			.query((rs, i) -> values.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getInt(2), rs.getLong(3)))
			.list();
		Map<Long, List<SurveyResults.TextAnswer>> texts = new HashMap<>();
		jdbc.sql("""
				SELECT a.question_id, a.text, u.display_name FROM survey_answer a
				JOIN survey_response r ON r.id = a.response_id
				LEFT JOIN survey_respondent sr ON sr.response_id = r.id LEFT JOIN app_user u ON u.id = sr.user_id
				WHERE r.survey_id = :s AND a.text IS NOT NULL ORDER BY a.question_id, a.text""")
			.param("s", surveyId)
			.query((rs, i) -> texts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
				.add(new SurveyResults.TextAnswer(Masking.screen(rs.getString(2)),
						survey.anonymous() ? null : rs.getString(3))))
			.list();
		List<SurveyResults.QuestionResult> results = new ArrayList<>();
		for (SurveyQuestion q : survey.questions()) {
			long n = responses.getOrDefault(q.id(), 0L);
			Map<Integer, Long> v = values.getOrDefault(q.id(), Map.of());
			List<SurveyResults.Count> counts = new ArrayList<>();
			BigDecimal average = null;
			if (q.kind().hasChoices()) {
				for (int c = 0; c < q.choices().size(); c++) {
					long count = v.getOrDefault(c, 0L);
					counts.add(new SurveyResults.Count(q.choices().get(c), count, SurveyResults.percent(count, n)));
				}
			}
			else if (q.kind() == SurveyQuestionKind.SCALE) {
				long sum = 0;
				for (int value = 1; value <= 5; value++) {
					long count = v.getOrDefault(value, 0L);
					sum += count * value;
					counts.add(new SurveyResults.Count(String.valueOf(value), count, SurveyResults.percent(count, n)));
				}
				average = n == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP);
			}
			results.add(new SurveyResults.QuestionResult(q, n, counts, average, texts.getOrDefault(q.id(), List.of())));
		}
		return new SurveyResults(survey, eligible, survey.answered(), results);
	}

	/**
	 * The satisfaction of a campaign for the scorecard: among the answers to its scale questions flagged "counts
	 * towards satisfaction", how many are 4 or 5. Empty when the campaign does not exist or has no such question.
	 */
	public Optional<SurveySatisfaction> satisfaction(long surveyId) {
		return jdbc.sql("""
				SELECT count(a.scale), count(a.scale) FILTER (WHERE a.scale >= 4),
				  EXISTS (SELECT 1 FROM survey_question x WHERE x.survey_id = :s AND x.satisfaction)
				FROM survey_question q LEFT JOIN survey_answer a ON a.question_id = q.id
				WHERE q.survey_id = :s AND q.satisfaction""")
			.param("s", surveyId)
			.query((rs, i) -> rs.getBoolean(3) ? Optional.of(new SurveySatisfaction(surveyId, rs.getLong(1), rs.getLong(2)))
					: Optional.<SurveySatisfaction>empty())
			.single();
	}

	// ---------------------------------------------------------------- the provider a campaign is about

	/** A provider a campaign may be about (民主测评 of an institution's service). */
	public record ProviderChoice(long id, String name) {
	}

	/**
	 * The providers a creator may name: those admitted (approved) to a town pool in its reach — the city any town, a
	 * town its own, a school its town's (a city-direct school any town); by name.
	 */
	public List<ProviderChoice> providersFor(Scope scope) {
		Long town = switch (scope.role()) {
			case CITY_ADMIN -> null;
			case TOWN_ADMIN -> scope.townId() == null ? -1L : scope.townId();
			case SCHOOL_ADMIN -> jdbc.sql("SELECT town_id FROM school WHERE id = :s")
				.param("s", scope.schoolId() == null ? -1L : scope.schoolId())
				.query((rs, i) -> rs.getObject(1, Long.class))
				.optional()
				.orElse(null);
			default -> -1L;
		};
		return jdbc.sql("""
				SELECT p.id, p.legal_name FROM provider p WHERE p.status NOT IN ('SUSPENDED', 'EXPELLED')
				  AND EXISTS (SELECT 1 FROM provider_town_admission a WHERE a.provider_id = p.id AND a.status = 'APPROVED'
				    AND (CAST(:town AS BIGINT) IS NULL OR a.town_id = :town))
				ORDER BY p.legal_name, p.id""")
			.param("town", town)
			.query((rs, i) -> new ProviderChoice(rs.getLong(1), rs.getString(2)))
			.list();
	}

	/** The provider the campaign is about, if any. */
	public Optional<ProviderChoice> provider(long surveyId) {
		return jdbc.sql("SELECT p.id, p.legal_name FROM survey s JOIN provider p ON p.id = s.provider_id WHERE s.id = :s")
			.param("s", surveyId)
			.query((rs, i) -> new ProviderChoice(rs.getLong(1), rs.getString(2)))
			.optional();
	}

	/**
	 * Names the provider a DRAFT campaign is about (null: none): its satisfaction answers then count for that
	 * provider's scorecard in the term the campaign opens in. Only the creating level, only a provider of
	 * {@link #providersFor}.
	 */
	@Transactional
	public void linkProvider(Scope by, long surveyId, @Nullable Long providerId) {
		draftOf(by, surveyId);
		if (providerId != null && providersFor(by).stream().noneMatch(p -> p.id() == providerId)) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.provider");
		}
		jdbc.sql("UPDATE survey SET provider_id = :p WHERE id = :id AND status = 'DRAFT'")
			.param("p", providerId)
			.param("id", surveyId)
			.update();
	}

	// ---------------------------------------------------------------- helpers

	private SurveyView managed(Scope by, long surveyId) {
		SurveyView survey = find(surveyId).orElseThrow(() -> new SurveyRefused(Reason.NOT_FOUND, "survey.refused.notFound"));
		if (!mayManage(by, survey)) {
			throw new SurveyRefused(Reason.NOT_FOUND, "survey.refused.notManager");
		}
		jdbc.sql("SELECT id FROM survey WHERE id = :id FOR UPDATE").param("id", surveyId).query(Long.class).single();
		return find(surveyId).orElseThrow();
	}

	private SurveyView draftOf(Scope by, long surveyId) {
		SurveyView survey = managed(by, surveyId);
		if (survey.status() != SurveyStatus.DRAFT) {
			throw new SurveyRefused(Reason.STATE, "survey.refused.notDraft");
		}
		return survey;
	}

	private record Checked(String title, @Nullable String intro, SurveyAudience audience, Integer @Nullable [] grades,
			boolean anonymous, LocalDateTime opens, LocalDateTime closes) {
	}

	private static Checked check(SurveyDraft draft) {
		String title = draft.title() == null ? "" : draft.title().strip();
		if (title.isEmpty() || title.length() > 100) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.title");
		}
		String intro = draft.intro() == null || draft.intro().isBlank() ? null : draft.intro().strip();
		if (intro != null && intro.length() > 1000) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.intro");
		}
		if (draft.audience() == null) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.audience");
		}
		if (draft.opensAt() == null || draft.closesAt() == null || !draft.closesAt().isAfter(draft.opensAt())) {
			throw new SurveyRefused(Reason.INVALID, "survey.invalid.period");
		}
		Integer[] grades = null;
		List<Integer> levels = draft.gradeLevels();
		if (draft.audience() == SurveyAudience.GUARDIANS && levels != null && !levels.isEmpty()) {
			if (levels.stream().anyMatch(l -> l == null || l < 1 || l > 9)) {
				throw new SurveyRefused(Reason.INVALID, "survey.invalid.grades");
			}
			grades = levels.stream().distinct().sorted().toArray(Integer[]::new);
		}
		return new Checked(title, intro, draft.audience(), grades, Boolean.TRUE.equals(draft.anonymous()),
				draft.opensAt(), draft.closesAt());
	}

	private List<SurveyQuestion> questions(long surveyId) {
		return jdbc.sql("""
				SELECT id, position, kind, text, required, satisfaction, choices FROM survey_question
				WHERE survey_id = :s ORDER BY position""")
			.param("s", surveyId)
			.query((rs, i) -> new SurveyQuestion(rs.getLong("id"), rs.getInt("position"),
					SurveyQuestionKind.valueOf(rs.getString("kind")), rs.getString("text"), rs.getBoolean("required"),
					rs.getBoolean("satisfaction"), List.of((String[]) rs.getArray("choices").getArray())))
			.list();
	}

	private static SurveyView view(ResultSet rs, List<SurveyQuestion> questions) throws SQLException {
		java.sql.Array grades = rs.getArray("grade_levels");
		List<Integer> levels = grades == null ? List.of()
				: Arrays.stream((Object[]) grades.getArray()).map(o -> ((Number) o).intValue()).toList();
		return new SurveyView(rs.getLong("id"), rs.getString("title"), rs.getString("intro"),
				SurveyLevel.valueOf(rs.getString("level")), rs.getObject("town_id", Long.class),
				rs.getObject("school_id", Long.class), rs.getString("scope_name"),
				SurveyAudience.valueOf(rs.getString("audience")), levels, rs.getBoolean("anonymous"),
				local(rs.getObject("opens_at", OffsetDateTime.class)), local(rs.getObject("closes_at", OffsetDateTime.class)),
				SurveyStatus.valueOf(rs.getString("status")), rs.getLong("answered"), questions);
	}

	private static SurveyView withQuestions(SurveyView s, List<SurveyQuestion> questions) {
		return new SurveyView(s.id(), s.title(), s.intro(), s.level(), s.townId(), s.schoolId(), s.scopeName(),
				s.audience(), s.gradeLevels(), s.anonymous(), s.opensAt(), s.closesAt(), s.status(), s.answered(),
				questions);
	}

	private static OffsetDateTime zoned(LocalDateTime time) {
		return time.atZone(Terms.CITY_ZONE).toOffsetDateTime();
	}

	private static LocalDateTime local(OffsetDateTime time) {
		return time.atZoneSameInstant(Terms.CITY_ZONE).toLocalDateTime();
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, CHINESE);
	}
}
