package org.kehou;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.Access;
import org.kehou.identity.KehouUser;
import org.kehou.identity.OwnerResolver;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.PublicEndpoint;
import org.kehou.shared.Masking;
import org.kehou.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Invariant 5 across every endpoint, enumerated from the request mappings (not a hand-written list):
 * <ul>
 * <li>every endpoint declares who may call it, and every path variable is a scoped id or explicitly harmless;</li>
 * <li>unauthenticated requests to non-public endpoints are refused;</li>
 * <li>users of one school, town, guardian or provider get 403/404 for every endpoint when the request names
 * another's records, and such requests change nothing;</li>
 * <li>list endpoints never show another scope's records (canary rows planted in the victim school).</li>
 * </ul>
 * Adding an endpoint without an access declaration, with an unscoped id variable, or with a list that ignores the
 * caller's scope makes this test fail.
 */
@DemoCityTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeAcrossEveryEndpointTests {

	/** Path variables that do not name a record of another scope. Add here only with a reason. */
	static final Set<String> HARMLESS_VARIABLES = Set.of(
			"date", // a calendar day inside a term whose termId is checked
			"name" // a published file of the exchange standard (a fixed list: schema or example)
	);

	static final String CANARY_STUDENT = "金丝雀学生";

	static final String CANARY_GUARDIAN = "金丝雀家长";

	static final String CANARY_STAFF = "金丝雀教师";

	static final String CANARY_PHONE = "13999999999";

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mapping;

	@Autowired
	List<OwnerResolver> resolvers;

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	org.kehou.ledger.Ledger ledger;

	record Endpoint(HttpMethod method, String pattern, HandlerMethod handler, RequestMappingInfo info) {
		@Override
		public String toString() {
			return method + " " + pattern;
		}

		boolean isPublic() {
			return declared(handler, PublicEndpoint.class);
		}

		boolean mutates() {
			return method != HttpMethod.GET && method != HttpMethod.HEAD;
		}
	}

	List<Endpoint> endpoints;

	Map<String, Long> victim = new HashMap<>();

	String victimSchoolName;

	List<KehouUser> attackers;

	@BeforeAll
	void collectEndpointsAndPlantCanaries() {
		endpoints = new ArrayList<>();
		mapping.getHandlerMethods().forEach((info, handler) -> {
			if (!handler.getBeanType().getName().startsWith("org.kehou.")) {
				return;
			}
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			Set<RequestMethod> effective = methods.isEmpty() ? Set.of(RequestMethod.GET) : methods;
			for (String pattern : info.getPatternValues()) {
				for (RequestMethod m : effective) {
					endpoints.add(new Endpoint(HttpMethod.valueOf(m.name()), pattern, handler, info));
				}
			}
		});
		assertThat(endpoints).hasSizeGreaterThan(20);
		settleSandboxNotifications();

		// the victim: a school in town 2 (demo account school2), with planted canary rows
		long school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school2'").query(Long.class).single();
		victimSchoolName = jdbc.sql("SELECT name FROM school WHERE id = :id").param("id", school).query(String.class).single();
		long town = jdbc.sql("SELECT town_id FROM school WHERE id = :id").param("id", school).query(Long.class).single();
		long schoolClass = jdbc.sql("SELECT min(id) FROM school_class WHERE school_id = :id").param("id", school).query(Long.class).single();
		long grade = jdbc.sql("SELECT grade_id FROM school_class WHERE id = :id").param("id", schoolClass).query(Long.class).single();
		long student = jdbc.sql("""
				INSERT INTO student (school_id, class_id, student_no, name, gender) VALUES (:s, :c, 'CANARY-1', :n, 'F')
				RETURNING id""").param("s", school).param("c", schoolClass).param("n", CANARY_STUDENT).query(Long.class).single();
		long guardian = jdbc.sql("""
				INSERT INTO guardian (name, phone_enc, phone_hash, phone_masked) VALUES (:n, :e, :h, :m) RETURNING id""")
			.param("n", CANARY_GUARDIAN).param("e", cipher.encrypt(CANARY_PHONE)).param("h", cipher.phoneHash(CANARY_PHONE))
			.param("m", Masking.phone(CANARY_PHONE)).query(Long.class).single();
		jdbc.sql("INSERT INTO student_guardian (student_id, guardian_id, relation, is_primary) VALUES (:s, :g, 'MOTHER', TRUE)")
			.param("s", student).param("g", guardian).update();
		long staff = jdbc.sql("INSERT INTO staff (school_id, staff_no, name) VALUES (:s, 'CANARY-T', :n) RETURNING id")
			.param("s", school).param("n", CANARY_STAFF).query(Long.class).single();
		long term = jdbc.sql("SELECT min(id) FROM term WHERE school_id = :id").param("id", school).query(Long.class).single();
		long request = jdbc.sql("""
				INSERT INTO data_request (student_id, guardian_id, kind, details) VALUES (:s, :g, 'CORRECTION', '金丝雀请求')
				RETURNING id""").param("s", student).param("g", guardian).query(Long.class).single();
		long user = jdbc.sql("SELECT id FROM app_user WHERE username = 'school2'").query(Long.class).single();
		victim.putAll(Map.of("townId", town, "schoolId", school, "gradeId", grade, "classId", schoolClass, "termId", term,
				"studentId", student, "guardianId", guardian, "staffId", staff, "dataRequestId", request, "userId", user));
		long message = jdbc.sql("""
				INSERT INTO inbox_message (recipient_user_id, topic, title, body, dispatched_at)
				VALUES (:u, 'attendance.absent', '金丝雀消息', :b, now()) RETURNING id""")
			.param("u", user).param("b", CANARY_STUDENT + " 缺勤").query(Long.class).single();
		victim.put("messageId", message);

		// a provider of another town's pool: neither provider1 (provider 1) nor town1's office may reach it
		long provider = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES ('金丝雀机构', 'SUBMITTED') RETURNING id")
			.query(Long.class).single();
		jdbc.sql("INSERT INTO provider_town_admission (provider_id, town_id, status) VALUES (:p, :t, 'PENDING')")
			.param("p", provider).param("t", town).update();
		victim.put("providerId", provider);
		long document = jdbc.sql("""
				INSERT INTO provider_document (provider_id, kind, original_name, content_type, size_bytes, sha256, storage_key)
				VALUES (:p, 'OTHER', 'canary.pdf', 'application/pdf', 1, repeat('0', 64), 'canary/none') RETURNING id""")
			.param("p", provider).query(Long.class).single();
		victim.put("documentId", document);
		String idNumber = "110101199003070011";
		long instructor = jdbc.sql("""
				INSERT INTO instructor (provider_id, name, id_number_enc, id_number_hash, id_number_masked,
				  certificate_type, certificate_no) VALUES (:p, '金丝雀教员', :e, :h, :m, 'TEACHER', 'C-1') RETURNING id""")
			.param("p", provider).param("e", cipher.encrypt(idNumber)).param("h", cipher.idNumberHash(idNumber))
			.param("m", Masking.idNumber(idNumber)).query(Long.class).single();
		victim.put("instructorId", instructor);
		long course = jdbc.sql("""
				INSERT INTO course (provider_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				  min_size, max_size, not_academic, status)
				VALUES (:p, '金丝雀课程', 'ARTS', ARRAY[3]::SMALLINT[], 60, 16, 2000, 5, 20, TRUE, 'SUBMITTED') RETURNING id""")
			.param("p", provider).query(Long.class).single();
		jdbc.sql("INSERT INTO course_town_admission (course_id, town_id, status) VALUES (:c, :t, 'PENDING')")
			.param("c", course).param("t", town).update();
		victim.put("courseId", course);
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long offering = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count)
				VALUES (:t, :s, :c, :p, '金丝雀开班', 'COURSE', 'ARTS', '金丝雀教室', 1, 20, ARRAY[3]::SMALLINT[], 2000, 60, 16)
				RETURNING id""").param("t", term).param("s", school).param("c", course).param("p", provider)
			.query(Long.class).single();
		victim.put("offeringId", offering);
		long round = jdbc.sql("""
				INSERT INTO selection_round (term_id, school_id, name, mode, opens_at, closes_at)
				VALUES (:t, :s, '金丝雀轮次', 'LOTTERY', now() + interval '300 days', now() + interval '301 days') RETURNING id""")
			.param("t", term).param("s", school).query(Long.class).single();
		victim.put("roundId", round);
		long place = jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy)
				VALUES (:o, :s, :t, 'WAITLISTED', 'MANUAL', '{}') RETURNING id""")
			.param("o", offering).param("s", victim.get("studentId")).param("t", term).query(Long.class).single();
		victim.put("placeId", place);
		// flagged as alerted already: the overdue sweep (every minute) would otherwise change it mid-test after 15:45 city time
		long session = jdbc.sql("""
				INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday,
				  overdue_alerted_at)
				VALUES (:o, :t, :s, CURRENT_DATE, '15:30', '16:30', 1, now()) RETURNING id""")
			.param("o", offering).param("t", term).param("s", school).query(Long.class).single();
		victim.put("sessionId", session);
		long leave = jdbc.sql("""
				INSERT INTO leave_request (student_id, school_id, reason, status) VALUES (:s, :school, '金丝雀请假', 'PENDING')
				RETURNING id""").param("s", student).param("school", school).query(Long.class).single();
		jdbc.sql("INSERT INTO leave_session (leave_id, session_id, student_id) VALUES (:l, :c, :s)")
			.param("l", leave).param("c", session).param("s", student).update();
		victim.put("leaveId", leave);
		long pickupPerson = jdbc.sql("""
				INSERT INTO pickup_person (student_id, name, relation, phone_enc, phone_hash, phone_masked, added_by_guardian)
				VALUES (:s, '金丝雀接送人', 'OTHER', :e, :h, :m, :g) RETURNING id""")
			.param("s", student).param("e", cipher.encrypt("13999999998")).param("h", cipher.phoneHash("13999999998"))
			.param("m", Masking.phone("13999999998")).param("g", guardian).query(Long.class).single();
		victim.put("pickupPersonId", pickupPerson);
		long inspection = jdbc.sql("""
				INSERT INTO inspection_visit (session_id, inspector_id, offering_id, school_id, session_date, visited_at,
				  present_count, notes)
				SELECT id, :u, offering_id, school_id, session_date, session_date + TIME '15:40', 1, '金丝雀巡课'
				FROM class_session WHERE id = :c RETURNING id""")
			.param("u", user).param("c", session).query(Long.class).single();
		jdbc.sql("INSERT INTO inspection_rating (visit_id, criterion, score) VALUES (:v, 'ORDER', 3)")
			.param("v", inspection).update();
		jdbc.sql("""
				INSERT INTO inspection_photo (visit_id, content_type, size_bytes, sha256, content)
				VALUES (:v, 'image/png', 1, repeat('0', 64), '\\x89'::bytea)""").param("v", inspection).update();
		victim.put("inspectionId", inspection);
		// a rating of the victim's offering by the victim's guardian, its comment naming the canaries
		jdbc.sql("""
				INSERT INTO offering_rating (student_id, offering_id, term_id, school_id, provider_id, rated_by,
				  comment_guardian_id, overall, teaching, safety, punctuality, interest, comment, comment_screened)
				VALUES (:s, :o, :t, :school, :p, :u, :g, 3, 3, 3, 3, 3, '金丝雀家长评语', '金丝雀家长评语')""")
			.param("s", student).param("o", offering).param("t", term).param("school", school).param("p", provider)
			.param("u", user).param("g", guardian).update();
		// a sandbox prepay whose payer is the victim's guardian: no other guardian may see or pay it
		long prepay = jdbc.sql("""
				INSERT INTO sandbox_order (prepay_id, merchant_order_no, amount_fen, description, payer_id, notify_url, expires_at)
				VALUES (7770000000001, 'CANARY-PREPAY-1', 100, '金丝雀缴费', :g, 'http://localhost/none', now() + interval '1 day')
				RETURNING prepay_id""").param("g", String.valueOf(guardian)).query(Long.class).single();
		victim.put("prepayId", prepay);
		long posting = ledger.post(new org.kehou.ledger.Posting("canary:order:" + student, org.kehou.ledger.PostingKind.ORDER,
				"order:canary", "金丝雀订单", java.time.Instant.now(), List.of(
						org.kehou.ledger.Leg.debit(org.kehou.ledger.AccountRef.guardianReceivable(student), Money.ofFen(1234)),
						org.kehou.ledger.Leg.credit(org.kehou.ledger.AccountRef.schoolAccount(school), Money.ofFen(1234)))))
			.id();
		victim.put("postingId", posting);
		long order = jdbc.sql("""
				INSERT INTO billing_order (order_no, student_id, term_id, school_id, charged_fen, paid_fen, due_at,
				  releases_places, status, paid_at)
				VALUES ('KHCANARY0001', :s, :t, :school, 1234, 1234, now() + interval '1 day', FALSE, 'PAID', now()) RETURNING id""")
			.param("s", student).param("t", term).param("school", school).query(Long.class).single();
		victim.put("orderId", order);
		long payment = jdbc.sql("""
				INSERT INTO billing_payment (order_id, method, offline_kind, amount_fen, paid_at, receipt_no, posting_id)
				VALUES (:o, 'OFFLINE', 'CASH', 1234, now(), 'SJCANARY0001', :p) RETURNING id""")
			.param("o", order).param("p", posting).query(Long.class).single();
		victim.put("paymentId", payment);
		long refund = jdbc.sql("""
				INSERT INTO billing_refund (order_id, payment_id, refund_no, amount_fen, reason)
				VALUES (:o, :p, 'TKCANARY0001', 100, '金丝雀退款') RETURNING id""")
			.param("o", order).param("p", payment).query(Long.class).single();
		victim.put("refundId", refund);
		// a reconciliation difference of the victim school's (no order needed: the school decides the scope)
		long reconRun = jdbc.sql("INSERT INTO billing_recon_run (gateway, day, status) VALUES ('canary', DATE '2000-01-02', 'DONE') RETURNING id")
			.query(Long.class).single();
		victim.put("differenceId", jdbc.sql("""
				INSERT INTO billing_recon_difference (run_id, kind, item_key, line_type, statement_fen, platform_fen, school_id)
				VALUES (:r, 'AMOUNT_MISMATCH', 'payment:canary', 'PAYMENT', 101, 100, :s) RETURNING id""")
			.param("r", reconRun).param("s", school).query(Long.class).single());
		// a settlement statement of the canary provider at the victim school
		long settlement = jdbc.sql("""
				INSERT INTO billing_settlement (provider_id, school_id, term_id, period_from, period_to, status, computed_to)
				SELECT :p, school_id, id, starts_on, ends_on, 'DRAFT', starts_on FROM term WHERE id = :t RETURNING id""")
			.param("p", provider).param("t", term).query(Long.class).single();
		victim.put("settlementId", settlement);
		// a complaint of the victim's guardian about the victim school, with a photo
		long complaint = jdbc.sql("""
				INSERT INTO complaint (student_id, guardian_id, filed_by, school_id, town_id, subject_kind, subject_name, text,
				  request_key, due_at, filed_at)
				SELECT :s, :g, u.id, :school, :town, 'SCHOOL', '金丝雀学校', '金丝雀投诉：课后服务秩序混乱', 'canary', now() + interval '3 days', now()
				FROM app_user u WHERE u.username = 'school2' RETURNING id""")
			.param("s", student).param("g", guardian).param("school", school).param("town", town).query(Long.class).single();
		victim.put("complaintId", complaint);
		victim.put("complaintPhotoId", jdbc.sql("""
				INSERT INTO complaint_photo (complaint_id, position, content_type, size_bytes, sha256, content)
				VALUES (:c, 1, 'image/png', 1, repeat('0', 64), '\\x89'::bytea) RETURNING id""").param("c", complaint)
			.query(Long.class).single());
		// an open survey campaign of the victim school for its guardians
		long survey = jdbc.sql("""
				INSERT INTO survey (title, level, town_id, school_id, audience, anonymous, opens_at, closes_at, status, announced, created_by)
				VALUES ('金丝雀问卷', 'SCHOOL', :t, :s, 'GUARDIANS', TRUE, now() - interval '1 day', now() + interval '30 day',
				  'OPEN', TRUE, :u) RETURNING id""")
			.param("t", town).param("s", school).param("u", user).query(Long.class).single();
		jdbc.sql("INSERT INTO survey_question (survey_id, position, kind, text, required) VALUES (:s, 1, 'SCALE', '金丝雀', TRUE)")
			.param("s", survey).update();
		victim.put("surveyId", survey);
		// the service platform serving the victim school: a registered platform is the city's business only
		victim.put("platformId", jdbc.sql("SELECT platform_id FROM school WHERE id = :id").param("id", school)
			.query(Long.class).single());

		// a draft policy of the city: only the city admin reaches it
		victim.put("policyId", jdbc.sql("""
				INSERT INTO sup_policy (title, kind, body_html, audiences, created_by, created_at, updated_at)
				VALUES ('金丝雀政策', 'notice', '<p>金丝雀</p>', '{all-guardians}', 'city', now(), now()) RETURNING id""")
			.query(Long.class).single());
		// a supervision alert about the victim school (its town's) and an inspection task of it
		long alert = jdbc.sql("""
				INSERT INTO sup_alert (rule, subject, severity, status, school_code, school_id, town_id, args, record_ids,
				  raised_at, seen_at)
				SELECT 'OVER_CAPACITY', 'canary:' || id, 'HIGH', 'OPEN', code, id, town_id, ARRAY['金丝雀课程', '3', '2'],
				  ARRAY['0/offering/canary'], now(), now() FROM school WHERE id = :s RETURNING id""")
			.param("s", school).query(Long.class).single();
		victim.put("alertId", alert);
		victim.put("taskId", jdbc.sql("""
				INSERT INTO sup_inspection_task (title, subject_kind, school_id, town_id, alert_id, due_on, status,
				  created_by, created_at)
				VALUES ('金丝雀督导', 'SCHOOL', :s, :t, :a, DATE '2099-01-01', 'OPEN', 'city', now()) RETURNING id""")
			.param("s", school).param("t", town).param("a", alert).query(Long.class).single());
		// an evidence file of that inspection task
		victim.put("evidenceId", jdbc.sql("""
				INSERT INTO sup_inspection_evidence (task_id, name, content_type, size_bytes, content, uploaded_by,
				  uploaded_by_id, uploaded_at)
				VALUES (:k, '金丝雀.png', 'image/png', 1, '\\x89'::bytea, 'city', 0, now()) RETURNING id""")
			.param("k", victim.get("taskId")).query(Long.class).single());

		// a city policy received through the feed for a town none of the attackers is in: only the city admin opens it
		victim.put("cityPolicyId", jdbc.sql("""
				INSERT INTO city_policy (record_id, version, title, kind, body_html, audiences, town_code, published_at, received_at)
				VALUES ('pol-canary', 1, '金丝雀市级政策', 'notice', '<p>金丝雀</p>',
				  '{all-guardians,school-admins,town-admins,teachers,providers,instructors}', 'CANARY-TOWN', now(), now())
				RETURNING id""").query(Long.class).single());

		// the canary provider's scorecard and an exit review of it (it works at school2's town only)
		victim.put("scorecardProviderId", provider);
		victim.put("exitReviewId", jdbc.sql("""
				INSERT INTO exit_review (provider_id, school_year, semester, satisfaction, sample, threshold, evidence, flagged_at)
				SELECT :p, school_year, semester, 50.0, 30, 80.0, '{}', now() FROM term WHERE id = :t RETURNING id""")
			.param("p", provider).param("t", term).query(Long.class).single());

		attackers = List.of(account("school1"), account("town1"), account("teacher1"), account("13800000001"),
				account("provider1"), account("instructor1"));
	}

	KehouUser account(String login) {
		return org.kehou.TestAccounts.account(jdbc, cipher, login);
	}

	@Test
	void everyEndpointDeclaresWhoMayCallIt() {
		List<String> undeclared = endpoints.stream()
			.filter(e -> !declared(e.handler(), Access.class) && !e.isPublic())
			.map(Endpoint::toString)
			.toList();
		assertThat(undeclared).as("endpoints without @Access or @PublicEndpoint").isEmpty();
	}

	@Test
	void everyPathVariableIsAScopedIdOrHarmless() {
		Set<String> scoped = new java.util.HashSet<>();
		resolvers.forEach(r -> scoped.add(r.parameter()));
		List<String> unknown = new ArrayList<>();
		for (Endpoint e : endpoints) {
			for (String variable : variables(e.pattern())) {
				if (!scoped.contains(variable) && !HARMLESS_VARIABLES.contains(variable)) {
					unknown.add(e + " {" + variable + "}");
				}
			}
		}
		assertThat(unknown).as("path variables no OwnerResolver checks").isEmpty();
		assertThat(victim.keySet()).as("every scoped variable has a victim record in this test")
			.containsAll(scoped);
	}

	@TestFactory
	Stream<DynamicTest> unauthenticatedRequestsAreRefused() {
		return endpoints.stream().filter(e -> !e.isPublic()).map(e -> DynamicTest.dynamicTest(e.toString(), () -> {
			MvcResult result = mvc.perform(request(e, victim).with(csrf())).andReturn();
			int status = result.getResponse().getStatus();
			String location = result.getResponse().getRedirectedUrl();
			boolean toLogin = status == 302 && location != null && location.contains("/login");
			assertThat(status == 401 || toLogin).as(e + " answered " + status + " " + location).isTrue();
		}));
	}

	@TestFactory
	Stream<DynamicTest> anotherScopesRecordsAreRefusedAndUnchanged() {
		return endpoints.stream()
			.filter(e -> !e.isPublic() && variables(e.pattern()).stream().anyMatch(victim::containsKey))
			.flatMap(e -> attackers.stream().map(attacker -> DynamicTest.dynamicTest(e + " as " + attacker.getUsername(), () -> {
				String before = e.mutates() ? fingerprint() : "";
				int status = mvc.perform(request(e, victim).with(user(attacker)).with(csrf())).andReturn().getResponse().getStatus();
				assertThat(status).as(e + " as " + attacker.getUsername()).isIn(403, 404);
				if (e.mutates()) {
					assertThat(fingerprint()).as("nothing changed by " + e).isEqualTo(before);
				}
			})));
	}

	@TestFactory
	Stream<DynamicTest> listsShowNothingOfAnotherScope() {
		return endpoints.stream()
			.filter(e -> !e.isPublic() && e.method() == HttpMethod.GET && variables(e.pattern()).isEmpty())
			.flatMap(e -> attackers.stream().map(attacker -> DynamicTest.dynamicTest(e + " as " + attacker.getUsername(), () -> {
				MvcResult result = mvc.perform(request(e, Map.of()).with(user(attacker))).andReturn();
				String body = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
				assertThat(body).as(e + " as " + attacker.getUsername())
					.doesNotContain(CANARY_STUDENT, CANARY_GUARDIAN, CANARY_STAFF, victimSchoolName, CANARY_PHONE);
			})));
	}

	/** Control: the canaries are real, visible data — the city admin finds them through the same list endpoints. */
	@Test
	void theCitySeesTheCanaries() throws Exception {
		KehouUser city = account("city");
		StringBuilder all = new StringBuilder();
		for (Endpoint e : endpoints) {
			if (!e.isPublic() && e.method() == HttpMethod.GET && variables(e.pattern()).isEmpty()) {
				all.append(mvc.perform(request(e, Map.of()).with(user(city))).andReturn().getResponse()
					.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		assertThat(all.toString()).contains(victimSchoolName);
		String students = mvc.perform(MockMvcRequestBuilders.get("/api/v1/schools/" + victim.get("schoolId") + "/students?size=100")
			.with(user(city))).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(students).contains(CANARY_STUDENT);
	}

	private AbstractMockHttpServletRequestBuilder<?> request(Endpoint e, Map<String, Long> ids) {
		Matcher m = Pattern.compile("\\{([^}:]+)(:[^}]*)?}").matcher(e.pattern());
		StringBuilder uri = new StringBuilder();
		while (m.find()) {
			String name = m.group(1);
			String value = name.equals("date") ? "2026-10-08" : String.valueOf(ids.getOrDefault(name, 1L));
			m.appendReplacement(uri, Matcher.quoteReplacement(value));
		}
		m.appendTail(uri);
		String path = uri.toString().replace("/**", "/x");
		Set<MediaType> consumes = e.info().getConsumesCondition().getConsumableMediaTypes();
		if (consumes.stream().anyMatch(t -> t.isCompatibleWith(MediaType.MULTIPART_FORM_DATA))) {
			return MockMvcRequestBuilders.multipart(e.method(), path)
				.file(new MockMultipartFile("file", "x.xlsx", "application/octet-stream", new byte[] { 1 }));
		}
		MockHttpServletRequestBuilder builder = MockMvcRequestBuilders.request(e.method(), path);
		if (e.mutates()) {
			boolean form = consumes.stream().anyMatch(t -> t.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED));
			if (form || !path.startsWith("/api/")) {
				builder.contentType(MediaType.APPLICATION_FORM_URLENCODED);
			}
			else {
				builder.contentType(MediaType.APPLICATION_JSON).content("{}");
			}
		}
		return builder.accept(path.startsWith("/api/") ? MediaType.APPLICATION_JSON : MediaType.TEXT_HTML);
	}

	/**
	 * The sandbox gateway retries its notifications of payments other tests made in the background, and a delivery
	 * confirms a payment intent: that would change the fingerprint under an endpoint's check. Pending ones are dropped
	 * and the ones being sent are waited for, so nothing of the kind runs while endpoints are checked.
	 */
	private void settleSandboxNotifications() {
		jdbc.sql("UPDATE sandbox_notification SET status = 'DROPPED', updated_at = now() WHERE status = 'PENDING'")
			.update();
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofMinutes(3))
			.until(() -> jdbc.sql("SELECT count(*) FROM sandbox_notification WHERE status IN ('PENDING', 'SENDING')")
				.query(Long.class)
				.single() == 0);
	}

	/**
	 * A digest of every business table (not the audit log, sessions or event registry, nor the sandbox gateway's
	 * outgoing notifications, which its own sweep retries in the background for payments other tests made).
	 */
	private String fingerprint() {
		List<String> tables = jdbc.sql("""
				SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'
				AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_event', 'spring_session',
				'spring_session_attributes', 'event_publication', 'flyway_schema_history', 'one_time_code',
				'sandbox_notification', 'exchange_outbox')
				ORDER BY table_name""").query(String.class).list();
		Map<String, String> digest = new LinkedHashMap<>();
		for (String table : tables) {
			digest.put(table, jdbc.sql("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + table + " t")
				.query(String.class).single());
		}
		return digest.toString();
	}

	private static List<String> variables(String pattern) {
		List<String> names = new ArrayList<>();
		Matcher m = Pattern.compile("\\{([^}:]+)(:[^}]*)?}").matcher(pattern);
		while (m.find()) {
			names.add(m.group(1));
		}
		return names;
	}

	private static boolean declared(HandlerMethod handler, Class<? extends java.lang.annotation.Annotation> type) {
		return AnnotatedElementUtils.hasAnnotation(handler.getMethod(), type)
				|| AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), type);
	}
}
