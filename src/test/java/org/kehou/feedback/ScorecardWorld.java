package org.kehou.feedback;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.shared.Masking;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Scorecard fixtures on the shared demo database: a far-future term (测试学期, school year Y, semester 1, eight weeks
 * from the first Monday of September) at demo school1 (town 1) and at school2 (town 2), a provider of its own admitted
 * to both towns' pools, offerings with weekly Monday sessions 15:30–16:30 at either school, and planters for
 * ratings, provider-linked survey answers, check-ins, inspections, complaints and credits. {@link #clean} removes
 * what other tests might list (ratings, places, registrations, rounds) and closes the terms.
 */
final class ScorecardWorld {

	static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	final JdbcClient jdbc;

	final PersonalDataCipher cipher;

	final long school1;

	final long school2;

	final long town1;

	final long town2;

	final long term1;

	final long term2;

	final LocalDate monday;

	final Scorecard.Term term;

	final String tag;

	final long provider;

	final List<Long> used = new ArrayList<>();

	ScorecardWorld(JdbcClient jdbc, PersonalDataCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.school1 = schoolOf("school1");
		this.school2 = schoolOf("school2");
		this.town1 = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", school1).query(Long.class).single();
		this.town2 = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", school2).query(Long.class).single();
		this.tag = "S" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		while (true) {
			org.kehou.TestTerms.Term made = org.kehou.TestTerms.create(jdbc, school1, tag, 2100, 2999, 8, "OPEN");
			String year = jdbc.sql("SELECT school_year FROM term WHERE id = :t").param("t", made.id()).query(String.class).single();
			Long other = jdbc.sql("""
					INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
					SELECT :s, name, school_year, semester, starts_on, ends_on, status FROM term WHERE id = :t
					ON CONFLICT (school_id, school_year, semester) DO NOTHING RETURNING id""")
				.param("s", school2).param("t", made.id()).query(Long.class).optional().orElse(null);
			if (other == null) {
				// school2 has this year already: try another one (this term stays closed and empty)
				jdbc.sql("UPDATE term SET status = 'CLOSED', closed_at = now() WHERE id = :t").param("t", made.id()).update();
				continue;
			}
			this.term1 = made.id();
			this.term2 = other;
			this.monday = made.monday();
			this.term = new Scorecard.Term(year, 1);
			break;
		}
		this.provider = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, 'APPROVED') RETURNING id")
			.param("n", "测试评价机构 " + tag).query(Long.class).single();
		for (long town : List.of(town1, town2)) {
			jdbc.sql("INSERT INTO provider_town_admission (provider_id, town_id, status) VALUES (:p, :t, 'APPROVED')")
				.param("p", provider).param("t", town).update();
		}
	}

	private long schoolOf(String login) {
		return jdbc.sql("SELECT school_id FROM app_user WHERE username = :u").param("u", login).query(Long.class).single();
	}

	long termOf(long school) {
		return school == school1 ? term1 : term2;
	}

	/** During the term: Wednesday of the given week, 12:00 city time. */
	LocalDateTime during(int week) {
		return monday.plusWeeks(week).plusDays(2).atTime(12, 0);
	}

	/** A published offering of the provider at the school, with {@code weeks} weekly Monday sessions and a slot. */
	long offering(long school, String name, int weeks) {
		long term = termOf(school);
		long course = jdbc.sql("""
				INSERT INTO course (provider_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				  min_size, max_size, not_academic, status)
				VALUES (:p, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, :w, 2000, 1, 500, TRUE,
				  'APPROVED') RETURNING id""")
			.param("p", provider).param("n", name + " " + tag + "-" + SEQUENCE.incrementAndGet()).param("s", school)
			.param("w", weeks).query(Long.class).single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long id = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :p, :n, 'COURSE', 'ARTS', :v, 1, 100, ARRAY(SELECT level FROM grade WHERE school_id = :s),
				  2000, 60, :w, 'PUBLISHED') RETURNING id""")
			.param("t", term).param("s", school).param("c", course).param("p", provider).param("n", name + " " + tag)
			.param("v", "教室 " + tag + "-" + SEQUENCE.incrementAndGet()).param("w", weeks)
			.query(Long.class).single();
		jdbc.sql("""
				INSERT INTO offering_slot (offering_id, term_id, venue_key, weekday, starts_at, ends_at)
				SELECT id, term_id, venue, 1, '15:30', '16:30' FROM offering WHERE id = :o""").param("o", id).update();
		for (int week = 0; week < weeks; week++) {
			jdbc.sql("""
					INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
					VALUES (:o, :t, :s, :d, :a, :b, 1)""")
				.param("o", id).param("t", term).param("s", school).param("d", monday.plusWeeks(week))
				.param("a", LocalTime.of(15, 30)).param("b", LocalTime.of(16, 30)).update();
		}
		return id;
	}

	List<Long> sessions(long offering) {
		return jdbc.sql("SELECT id FROM class_session WHERE offering_id = :o ORDER BY session_date")
			.param("o", offering).query(Long.class).list();
	}

	/** Active demo children of the school with a guardian, not the demo guardians' and not used before. */
	List<Long> children(long school, int count) {
		List<Long> ids = jdbc.sql("""
				SELECT s.id FROM student s WHERE s.school_id = :s AND s.status = 'ACTIVE' AND s.student_no NOT LIKE 'ZT-%'
				  AND s.student_no NOT LIKE 'CANARY%'
				  AND EXISTS (SELECT 1 FROM student_guardian g WHERE g.student_id = s.id)
				  AND NOT EXISTS (SELECT 1 FROM student_guardian g JOIN app_user u ON u.guardian_id = g.guardian_id
				                  WHERE g.student_id = s.id AND u.phone_hash IN (:demo1, :demo2))
				  AND s.id <> ALL(CAST(:used AS BIGINT[]))
				ORDER BY s.id LIMIT :n""")
			.param("s", school).param("used", used.toArray(Long[]::new)).param("n", count)
			.param("demo1", cipher.phoneHash("13800000001")).param("demo2", cipher.phoneHash("13800000002"))
			.query(Long.class).list();
		if (ids.size() < count) {
			throw new IllegalStateException("only " + ids.size() + " children at school " + school);
		}
		used.addAll(ids);
		return ids;
	}

	/** Ratings of the offering by new children of its school: the overall scores given (criteria = overall). */
	void ratings(long offering, int... overall) {
		long school = jdbc.sql("SELECT school_id FROM offering WHERE id = :o").param("o", offering).query(Long.class).single();
		List<Long> kids = children(school, overall.length);
		for (int k = 0; k < overall.length; k++) {
			jdbc.sql("""
					INSERT INTO offering_rating (student_id, offering_id, term_id, school_id, provider_id, rated_by, overall,
					  teaching, safety, punctuality, interest)
					SELECT :s, o.id, o.term_id, o.school_id, o.provider_id, 0, :v, :v, :v, :v, :v FROM offering o WHERE o.id = :o""")
				.param("s", kids.get(k)).param("o", offering).param("v", overall[k]).update();
		}
	}

	/** A closed campaign of the school about the provider, opened during the term, with these satisfaction answers. */
	long survey(long school, int... scale) {
		long creator = jdbc.sql("SELECT id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		long town = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", school).query(Long.class).single();
		long survey = jdbc.sql("""
				INSERT INTO survey (title, level, town_id, school_id, audience, anonymous, opens_at, closes_at, status,
				  announced, created_by, provider_id)
				VALUES (:t, 'SCHOOL', :town, :s, 'GUARDIANS', TRUE, :opens, :closes, 'CLOSED', TRUE, :u, :p) RETURNING id""")
			.param("t", "测试机构测评 " + tag).param("town", town).param("s", school)
			.param("opens", OffsetDateTime.of(during(1), CITY.getRules().getOffset(during(1))))
			.param("closes", OffsetDateTime.of(during(2), CITY.getRules().getOffset(during(2))))
			.param("u", creator).param("p", provider).query(Long.class).single();
		long question = jdbc.sql("""
				INSERT INTO survey_question (survey_id, position, kind, text, required, satisfaction)
				VALUES (:s, 1, 'SCALE', '您对该机构的服务满意吗？', TRUE, TRUE) RETURNING id""")
			.param("s", survey).query(Long.class).single();
		for (int value : scale) {
			UUID response = UUID.randomUUID();
			jdbc.sql("INSERT INTO survey_response (id, survey_id) VALUES (:r, :s)").param("r", response).param("s", survey)
				.update();
			jdbc.sql("INSERT INTO survey_answer (response_id, question_id, scale) VALUES (:r, :q, :v)")
				.param("r", response).param("q", question).param("v", value).update();
		}
		return survey;
	}

	private Long instructor;

	/** An instructor's check-in of the session, {@code minutes} after its start (negative: before). */
	void checkIn(long session, int minutes) {
		if (instructor == null) {
			String idNumber = "9" + ThreadLocalRandom.current().nextLong(10_000_000_000_000_000L, 99_999_999_999_999_999L);
			instructor = jdbc.sql("""
					INSERT INTO instructor (provider_id, name, id_number_enc, id_number_hash, id_number_masked,
					  certificate_type, certificate_no) VALUES (:p, '测试教员', :e, :h, :m, 'TEACHER', :c) RETURNING id""")
				.param("p", provider).param("e", cipher.encrypt(idNumber)).param("h", cipher.idNumberHash(idNumber))
				.param("m", Masking.idNumber(idNumber)).param("c", "C-" + tag).query(Long.class).single();
		}
		jdbc.sql("""
				INSERT INTO instructor_check_in (session_id, instructor_id, provider_id, school_id, session_date, checked_in_at)
				SELECT cs.id, :i, :p, cs.school_id, cs.session_date,
				  (cs.session_date + cs.starts_at + make_interval(mins => :m)) AT TIME ZONE 'Asia/Shanghai'
				FROM class_session cs WHERE cs.id = :s""")
			.param("i", instructor).param("p", provider).param("m", minutes).param("s", session).update();
	}

	void cancel(long session) {
		jdbc.sql("UPDATE class_session SET status = 'CANCELLED', reason = '测试停课' WHERE id = :s").param("s", session)
			.update();
	}

	/** An inspector's visit of the session with these scores (ORDER, SAFETY, TEACHING, STUDENTS). */
	void inspect(long session, int order, int safety, int teaching, int students) {
		long inspector = jdbc.sql("SELECT id FROM app_user WHERE username = 'city'").query(Long.class).single();
		long visit = jdbc.sql("""
				INSERT INTO inspection_visit (session_id, inspector_id, offering_id, school_id, session_date, visited_at,
				  present_count)
				SELECT cs.id, :u, cs.offering_id, cs.school_id, cs.session_date, cs.session_date + cs.starts_at, 10
				FROM class_session cs WHERE cs.id = :s RETURNING id""")
			.param("u", inspector).param("s", session).query(Long.class).single();
		String[] names = { "ORDER", "SAFETY", "TEACHING", "STUDENTS" };
		int[] scores = { order, safety, teaching, students };
		for (int k = 0; k < 4; k++) {
			jdbc.sql("INSERT INTO inspection_rating (visit_id, criterion, score) VALUES (:v, :c, :x)")
				.param("v", visit).param("c", names[k]).param("x", scores[k]).update();
		}
	}

	/** A complaint about the offering, filed during the term, with a finding (null: none) and overdue or not. */
	void complaint(long offering, String finding, boolean overdue) {
		long school = jdbc.sql("SELECT school_id FROM offering WHERE id = :o").param("o", offering).query(Long.class).single();
		long student = children(school, 1).get(0);
		jdbc.sql("""
				INSERT INTO complaint (student_id, guardian_id, filed_by, school_id, town_id, subject_kind, offering_id,
				  provider_id, subject_name, text, request_key, status, finding, due_at, went_overdue, filed_at)
				SELECT :s, (SELECT min(guardian_id) FROM student_guardian WHERE student_id = :s),
				  (SELECT id FROM app_user WHERE username = 'school1'), sc.id, sc.town_id, 'OFFERING', o.id, o.provider_id,
				  o.name, '测试投诉：上课经常迟到早退', :k, 'RESOLVED', :f, :filed, :overdue, :filed
				FROM offering o JOIN school sc ON sc.id = o.school_id WHERE o.id = :o""")
			.param("s", student).param("k", "sc-" + UUID.randomUUID()).param("f", finding).param("overdue", overdue)
			.param("filed", OffsetDateTime.of(during(1), CITY.getRules().getOffset(during(1)))).param("o", offering)
			.update();
	}

	/** A paid order line of a new child in the offering and a credit of {@code lessons} lessons (guardian's fen). */
	void credit(long offering, int lessons, long guardianFen) {
		long school = jdbc.sql("SELECT school_id FROM offering WHERE id = :o").param("o", offering).query(Long.class).single();
		long student = children(school, 1).get(0);
		long term = termOf(school);
		long place = jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now()) RETURNING id""")
			.param("o", offering).param("s", student).param("t", term).query(Long.class).single();
		long order = jdbc.sql("""
				INSERT INTO billing_order (order_no, student_id, term_id, school_id, status, charged_fen, paid_fen, due_at,
				  releases_places, paid_at)
				VALUES (:no, :s, :t, :school, 'PAID', 16000, 16000, now(), FALSE, now()) RETURNING id""")
			.param("no", "T" + tag + SEQUENCE.incrementAndGet()).param("s", student).param("t", term).param("school", school)
			.query(Long.class).single();
		long line = jdbc.sql("""
				INSERT INTO billing_order_line (order_id, place_id, offering_id, provider_id, name, fee_per_lesson_fen, lessons,
				  amount_fen, from_date)
				VALUES (:order, :place, :o, :p, '测试', 2000, 8, 16000, :from) RETURNING id""")
			.param("order", order).param("place", place).param("o", offering).param("p", provider).param("from", monday)
			.query(Long.class).single();
		jdbc.sql("""
				INSERT INTO billing_credit (line_id, lessons, reason, guardian_fen, fund_fen)
				VALUES (:l, :n, 'CANCELLED', :g, :f)""")
			.param("l", line).param("n", lessons).param("g", guardianFen).param("f", lessons * 2000L - guardianFen).update();
	}

	/** A FIRST_COME round open from a minute ago for an hour in the school's term; children registered for it. */
	void openRound(long school, List<Long> registered) {
		long term = termOf(school);
		jdbc.sql("""
				INSERT INTO selection_round (term_id, school_id, name, mode, opens_at, closes_at, max_per_child)
				VALUES (:t, :s, :n, 'FIRST_COME', now() - interval '1 minute', now() + interval '1 hour', 5)""")
			.param("t", term).param("s", school).param("n", "测试轮次 " + tag).update();
		for (long student : registered) {
			jdbc.sql("INSERT INTO registration (student_id, term_id, school_id, status) VALUES (:s, :t, :school, 'REGISTERED')")
				.param("s", student).param("t", term).param("school", school).update();
		}
	}

	/** A demo account by login name. */
	KehouUser account(String login) {
		return org.kehou.TestAccounts.account(jdbc, cipher, login);
	}

	/**
	 * Removes what other tests might list (ratings, registrations), cancels the rounds and closes the terms. Places and
	 * billing rows stay with the closed far-future terms: the billing module writes orders, lines and credits for them
	 * asynchronously (a confirmed place, the provider's expulsion), so deleting them here would race with it.
	 */
	void clean() {
		for (long term : List.of(term1, term2)) {
			jdbc.sql("DELETE FROM offering_rating WHERE term_id = :t").param("t", term).update();
			jdbc.sql("DELETE FROM registration WHERE term_id = :t").param("t", term).update();
			jdbc.sql("UPDATE selection_round SET status = 'CANCELLED' WHERE term_id = :t").param("t", term).update();
			jdbc.sql("UPDATE term SET status = 'CLOSED', closed_at = now() WHERE id = :t").param("t", term).update();
		}
	}
}
