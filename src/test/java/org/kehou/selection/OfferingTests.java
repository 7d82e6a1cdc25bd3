package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Offerings (开班) on the real database in the demo city: the API with its Problem Details, venue and teacher
 * conflicts refused by the database (also under concurrency), instructors' documents, a suspended provider's course,
 * fee caps, basic care, scope and audit. Providers, courses, instructors and staff are inserted with SQL; every name
 * carries a tag so that tests sharing the database never collide.
 */
@DemoCityTest
class OfferingTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	Offerings offerings;

	long town1;

	long school1;

	long term1;

	long school2;

	KehouUser school1Admin;

	KehouUser school2Admin;

	String tag;

	/** Today's window start of school1: slots are placed relative to it. */
	LocalTime opens;

	@BeforeEach
	void world() {
		school1 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		school2 = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school2'").query(Long.class).single();
		town1 = jdbc.sql("SELECT town_id FROM school WHERE id = :id").param("id", school1).query(Long.class).single();
		term1 = jdbc.sql("SELECT min(id) FROM term WHERE school_id = :id").param("id", school1).query(Long.class).single();
		opens = jdbc.sql("SELECT service_starts FROM school WHERE id = :id").param("id", school1)
			.query((rs, i) -> rs.getObject(1, LocalTime.class)).single();
		school1Admin = demoAccount("school1");
		school2Admin = demoAccount("school2");
		tag = "O" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
	}

	// --- fixtures ------------------------------------------------------------------------------------------------

	KehouUser demoAccount(String username) {
		return jdbc.sql("SELECT id, role, town_id, school_id, provider_id, display_name FROM app_user WHERE username = :u")
			.param("u", username)
			.query((rs, i) -> {
				Role role = Role.valueOf(rs.getString("role"));
				return new KehouUser(rs.getLong("id"), username, rs.getString("display_name"), null, role,
						new Scope(role, rs.getObject("town_id", Long.class), rs.getObject("school_id", Long.class), null,
								rs.getObject("provider_id", Long.class)),
						null, false, false, true);
			})
			.single();
	}

	KehouUser account(Role role, @Nullable Long townId, @Nullable Long providerId) {
		String name = "t-off-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
		long id = jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, town_id, provider_id) VALUES (:h, :u, :r, :t, :p)
				RETURNING id""").param("h", name.getBytes(StandardCharsets.UTF_8)).param("u", name)
			.param("r", role.name()).param("t", townId).param("p", providerId)
			.query(Long.class).single();
		return new KehouUser(id, name, name, null, role, new Scope(role, townId, null, null, providerId), null, false,
				false, true);
	}

	long provider(String status) {
		long id = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, :s) RETURNING id")
			.param("n", "开班机构 " + tag).param("s", status).query(Long.class).single();
		jdbc.sql("""
				INSERT INTO provider_town_admission (provider_id, town_id, status, valid_until)
				VALUES (:p, :t, 'APPROVED', :until)""").param("p", id).param("t", town1)
			.param("until", LocalDate.now().plusYears(1)).update();
		return id;
	}

	/** A provider's course approved in town1 and put in school1's term programme. */
	long programmeCourse(long provider, String name, long priceFen) {
		long id = jdbc.sql("""
				INSERT INTO course (provider_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:p, :n, 'ARTS', ARRAY[1,2,3]::SMALLINT[], 60, 16, :price, 10, 30, TRUE, 'APPROVED') RETURNING id""")
			.param("p", provider).param("n", name + " " + tag).param("price", priceFen).query(Long.class).single();
		jdbc.sql("INSERT INTO course_town_admission (course_id, town_id, status) VALUES (:c, :t, 'APPROVED')")
			.param("c", id).param("t", town1).update();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term1).param("c", id)
			.update();
		return id;
	}

	/** An instructor of the provider assigned to the course; {@code criminalRecordOn} the no-criminal-record date. */
	long instructor(long provider, long course, LocalDate criminalRecordOn) {
		byte[] random = new byte[16];
		ThreadLocalRandom.current().nextBytes(random);
		long id = jdbc.sql("""
				INSERT INTO instructor (provider_id, name, id_number_enc, id_number_hash, id_number_masked, certificate_type,
				  certificate_no, no_criminal_record_on, labour_contract, contract_start)
				VALUES (:p, :n, :e, :h, '4420**********0011', 'TEACHER', 'C-1', :ncr, TRUE, :start) RETURNING id""")
			.param("p", provider).param("n", "教员" + tag.substring(1, 5) + ThreadLocalRandom.current().nextInt(100))
			.param("e", random).param("h", random).param("ncr", criminalRecordOn)
			.param("start", LocalDate.now().minusYears(1))
			.query(Long.class).single();
		jdbc.sql("INSERT INTO course_instructor (course_id, instructor_id) VALUES (:c, :i)").param("c", course)
			.param("i", id).update();
		return id;
	}

	/**
	 * One of the demo staff of the school, by position (no staff rows are added: DemoCityTests counts them); each
	 * test uses its own so that their timetables never meet.
	 */
	long staff(long school, int index) {
		return jdbc.sql("SELECT id FROM staff WHERE school_id = :s AND active ORDER BY id OFFSET :n LIMIT 1")
			.param("s", school).param("n", index).query(Long.class).single();
	}

	String time(int minutesAfterOpening) {
		return opens.plusMinutes(minutesAfterOpening).toString();
	}

	/** A request body: one slot on {@code weekday} from {@code from} to {@code to} minutes after the window opens. */
	String body(@Nullable Long course, String venue, int weekday, int from, int to, String teachers) {
		return """
				{%s"venue": "%s", "minCapacity": 10, "capacity": 25, "grades": [2, 3],
				 "slots": [{"weekday": %d, "starts": "%s", "ends": "%s"}], "teachers": [%s]}"""
			.formatted(course == null ? "" : "\"courseId\": " + course + ", ", venue, weekday, time(from), time(to),
					teachers);
	}

	ResultActions send(KehouUser who, MockHttpServletRequestBuilder request, String body) throws Exception {
		return mvc.perform(request.with(user(who)).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body)
			.locale(Locale.SIMPLIFIED_CHINESE));
	}

	long create(long course, String venue, int weekday, int from, int to, String teachers) throws Exception {
		String json = send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, venue, weekday, from, to, teachers))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		return ((Number) JsonPath.read(json, "$.id")).longValue();
	}

	List<String> audit(long offering) {
		return jdbc.sql("SELECT action FROM audit_event WHERE target_type = 'offering' AND target_id = :id ORDER BY id")
			.param("id", String.valueOf(offering)).query(String.class).list();
	}

	static OfferingDetails details(String venue, Slot slot, TeacherRef... teachers) {
		return new OfferingDetails(null, venue, 10, 25, List.of(2, 3), List.of(), false, List.of(slot), List.of(teachers));
	}

	// --- API -----------------------------------------------------------------------------------------------------

	@Test
	void createReadFilterPublishAndCancelThroughTheApiWithAudit() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "少儿书法", 2000);
		long instructor = instructor(p, course, LocalDate.now().minusMonths(2));
		String venue = "书法室 " + tag;

		String json = send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, venue, 2, 0, 60, "{\"instructorId\": " + instructor + "}"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", containsString("/api/v1/offerings/")))
			.andExpect(jsonPath("$.name").value("少儿书法 " + tag))
			.andExpect(jsonPath("$.kind").value("COURSE"))
			.andExpect(jsonPath("$.status").value("DRAFT"))
			.andExpect(jsonPath("$.feePerLesson.fen").value(2000))
			.andExpect(jsonPath("$.lessonCount").value(16))
			.andExpect(jsonPath("$.capacity").value(25))
			.andExpect(jsonPath("$.taken").value(0))
			.andExpect(jsonPath("$.slots[0].weekday").value(2))
			.andExpect(jsonPath("$.teachers[0].instructorId").value(instructor))
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		long id = ((Number) JsonPath.read(json, "$.id")).longValue();

		mvc.perform(get("/api/v1/offerings/{o}", id).with(user(school1Admin)))
			.andExpect(status().isOk()).andExpect(jsonPath("$.venue").value(venue));

		// filters: weekday, grade, category, status
		assertThat(ids(new OfferingFilter(2, "ARTS", 3, OfferingStatus.DRAFT))).contains(id);
		assertThat(ids(new OfferingFilter(3, null, null, null))).doesNotContain(id);
		assertThat(ids(new OfferingFilter(null, null, 1, null))).doesNotContain(id);
		assertThat(ids(new OfferingFilter(null, "SPORTS", null, null))).doesNotContain(id);
		assertThat(ids(new OfferingFilter(null, null, null, OfferingStatus.PUBLISHED))).doesNotContain(id);
		mvc.perform(get("/api/v1/terms/{t}/offerings?weekday=2&grade=3&status=DRAFT&size=100", term1).with(user(school1Admin)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[?(@.id == " + id + ")].name").value(org.hamcrest.Matchers.hasItem("少儿书法 " + tag)));

		// change: rename, a second day, a larger class
		send(school1Admin, put("/api/v1/offerings/{o}", id), """
				{"name": "书法提高班", "venue": "%s", "minCapacity": 8, "capacity": 30, "grades": [3],
				 "slots": [{"weekday": 2, "starts": "%s", "ends": "%s"}, {"weekday": 4, "starts": "%s", "ends": "%s"}],
				 "teachers": [{"instructorId": %d}]}""".formatted(venue, time(0), time(60), time(0), time(60), instructor))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("书法提高班"))
			.andExpect(jsonPath("$.slots.length()").value(2))
			.andExpect(jsonPath("$.version").value(1));

		// an edit based on version 0 after that change is refused
		send(school1Admin, put("/api/v1/offerings/{o}", id), body(null, venue, 2, 0, 60, "").replace("\"teachers\": []",
				"\"teachers\": [], \"version\": 0"))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("changedMeanwhile"));

		mvc.perform(post("/api/v1/offerings/{o}/publish", id).with(user(school1Admin)).with(csrf()))
			.andExpect(status().isOk()).andExpect(jsonPath("$.status").value("PUBLISHED"));
		mvc.perform(post("/api/v1/offerings/{o}/publish", id).with(user(school1Admin)).with(csrf()))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("notDraft"));
		mvc.perform(post("/api/v1/offerings/{o}/cancel", id).with(user(school1Admin)).with(csrf()))
			.andExpect(status().isOk()).andExpect(jsonPath("$.status").value("CANCELLED"));
		send(school1Admin, put("/api/v1/offerings/{o}", id), body(null, venue, 2, 0, 60, ""))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("cancelled"));

		assertThat(audit(id)).containsExactly("offering.create", "offering.update", "offering.publish", "offering.cancel");
		// a cancelled offering frees its venue and teacher
		create(course, venue, 2, 0, 60, "{\"instructorId\": " + instructor + "}");
	}

	List<Long> ids(OfferingFilter filter) {
		return offerings.list(term1, filter, PageRequest.of(0, 100)).map(OfferingView::id).getContent();
	}

	@Test
	void badInputGetsProblemDetailsWithFieldErrors() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "篮球", 2000);
		String venue = "操场 " + tag;
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), """
				{"courseId": %d, "venue": "", "minCapacity": 0, "grades": [], "slots": []}""".formatted(course))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.venue").exists())
			.andExpect(jsonPath("$.errors.capacity").exists())
			.andExpect(jsonPath("$.errors.grades").exists())
			.andExpect(jsonPath("$.errors.slots").exists());
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), body(course, venue, 6, 0, 60, ""))
			.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors['slots[0].weekday']").exists());
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), body(course, venue, 1, -30, 60, ""))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.slots").value(containsString("超出学校课后服务时间")));
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), body(course, venue, 1, 60, 30, ""))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.slots").value(containsString("须晚于开始时间")));
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, venue, 1, 0, 60, "").replace("\"capacity\": 25", "\"capacity\": 31"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.capacity").value(containsString("30")));
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, venue, 1, 0, 60, "").replace("[2, 3]", "[5]"))
			.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.grades").exists());
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), body(null, venue, 1, 0, 60, ""))
			.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.courseId").exists());
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), body(course, venue, 1, 0, 60, "")
			.replace("\"starts\": \"" + time(0) + "\"", "\"starts\": \"4pm\""))
			.andExpect(status().isBadRequest());
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), body(course, venue, 1, 0, 60, "{\"staffId\": -5}"))
			.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.teachers").exists());

		long notInProgramme = jdbc.sql("""
				INSERT INTO course (provider_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				  min_size, max_size, not_academic, status)
				VALUES (:p, :n, 'ARTS', ARRAY[2,3]::SMALLINT[], 60, 16, 2000, 10, 30, TRUE, 'APPROVED') RETURNING id""")
			.param("p", p).param("n", "未选入 " + tag).query(Long.class).single();
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), body(notInProgramme, venue, 1, 0, 60, ""))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("notInProgramme"))
			.andExpect(jsonPath("$.detail").value(containsString("不在本学期课程中")));
		assertThat(jdbc.sql("SELECT count(*) FROM offering WHERE venue = :v").param("v", venue).query(Long.class).single())
			.isZero();
	}

	// --- conflicts -----------------------------------------------------------------------------------------------

	@Test
	void theSameVenueAtAnOverlappingTimeIsRefusedNamingTheOtherOffering() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "合唱", 2000);
		String venue = "音乐室 " + tag;
		long first = create(course, venue, 3, 0, 60, "");

		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, "  " + venue.toUpperCase(Locale.ROOT) + " ", 3, 30, 90, ""))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("venueTaken"))
			.andExpect(jsonPath("$.conflictingOfferingId").value(first))
			.andExpect(jsonPath("$.detail").value(containsString("合唱 " + tag)))
			.andExpect(jsonPath("$.detail").value(containsString("周三")));
		mvc.perform(post("/api/v1/terms/{t}/offerings", term1).with(user(school1Admin)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content(body(course, venue, 3, 30, 90, "")).param("lang", "en"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("is taken on Wednesday")));

		// back to back, another day or another venue: fine
		create(course, venue, 3, 60, 120, "");
		create(course, venue, 4, 0, 60, "");
		create(course, venue + "B", 3, 0, 60, "");
		// moving the first one onto the second's time is refused too
		send(school1Admin, put("/api/v1/offerings/{o}", first), body(null, venue, 3, 30, 90, ""))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("venueTaken"));
		assertThat(offerings.find(first).orElseThrow().slots()).extracting(Slot::starts)
			.as("unchanged").containsExactly(opens);
	}

	@Test
	void theSameTeacherAtAnOverlappingTimeIsRefusedInstructorOrStaff() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "街舞", 2000);
		long instructor = instructor(p, course, LocalDate.now().minusMonths(1));
		long teacher = staff(school1, 6);
		long first = create(course, "舞蹈室 " + tag, 5, 0, 60,
				"{\"instructorId\": " + instructor + "}, {\"staffId\": " + teacher + "}");

		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, "体育馆 " + tag, 5, 45, 105, "{\"instructorId\": " + instructor + "}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("teacherTaken"))
			.andExpect(jsonPath("$.conflictingOfferingId").value(first))
			.andExpect(jsonPath("$.detail").value(containsString("街舞 " + tag)));
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, "体育馆 " + tag, 5, 45, 105, "{\"staffId\": " + teacher + "}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("teacherTaken"));
		create(course, "体育馆 " + tag, 5, 60, 120, "{\"instructorId\": " + instructor + "}, {\"staffId\": " + teacher + "}");
	}

	@Test
	void anInstructorTeachingAtTwoSchoolsIsNotBookedTwiceAtTheSameTime() throws Exception {
		long p = provider("APPROVED");
		long town2 = jdbc.sql("SELECT town_id FROM school WHERE id = :id").param("id", school2).query(Long.class).single();
		jdbc.sql("""
				INSERT INTO provider_town_admission (provider_id, town_id, status, valid_until)
				VALUES (:p, :t, 'APPROVED', :until)""").param("p", p).param("t", town2)
			.param("until", LocalDate.now().plusYears(1)).update();
		long course = programmeCourse(p, "编程", 2000);
		jdbc.sql("INSERT INTO course_town_admission (course_id, town_id, status) VALUES (:c, :t, 'APPROVED')")
			.param("c", course).param("t", town2).update();
		long term2 = jdbc.sql("SELECT min(id) FROM term WHERE school_id = :id").param("id", school2).query(Long.class).single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term2).param("c", course)
			.update();
		long instructor = instructor(p, course, LocalDate.now().minusMonths(1));
		long first = create(course, "机房 " + tag, 2, 0, 60, "{\"instructorId\": " + instructor + "}");
		String school1Name = jdbc.sql("SELECT name FROM school WHERE id = :id").param("id", school1).query(String.class).single();

		LocalTime opens2 = jdbc.sql("SELECT service_starts FROM school WHERE id = :id").param("id", school2)
			.query((rs, i) -> rs.getObject(1, LocalTime.class)).single();
		String request = """
				{"courseId": %d, "venue": "机房 %s", "minCapacity": 10, "capacity": 25, "grades": [2],
				 "slots": [{"weekday": 2, "starts": "%s", "ends": "%s"}], "teachers": [{"instructorId": %d}]}""";
		send(school2Admin, post("/api/v1/terms/{t}/offerings", term2),
				request.formatted(course, tag, opens.plusMinutes(30), opens.plusMinutes(90), instructor))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("teacherTaken"))
			.andExpect(jsonPath("$.conflictingOfferingId").value(first))
			.andExpect(jsonPath("$.detail").value(containsString(school1Name)));
		LocalTime later = opens.plusMinutes(60).isBefore(opens2) ? opens2 : opens.plusMinutes(60);
		send(school2Admin, post("/api/v1/terms/{t}/offerings", term2),
				request.formatted(course, tag, later, later.plusMinutes(30), instructor))
			.andExpect(status().isCreated());
	}

	@Test
	void twoConflictingOfferingsCreatedAtOnceExactlyOneSucceeds() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "并发课", 2000);
		long instructor = instructor(p, course, LocalDate.now().minusMonths(1));
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 5; round++) {
				// round 0..2: the same venue; 3..4: the same instructor in two venues
				boolean venueRace = round < 3;
				Slot slot = new Slot(1 + round, opens, opens.plusMinutes(60));
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Long>> results = new ArrayList<>();
				for (int t = 0; t < 2; t++) {
					String venue = venueRace ? "并发室 " + tag : "并发室 " + tag + "-" + t;
					TeacherRef[] teachers = venueRace ? new TeacherRef[0] : new TeacherRef[] { TeacherRef.instructor(instructor) };
					Callable<Long> task = () -> {
						start.await();
						return offerings.create(term1, course, details(venue, slot, teachers)).id();
					};
					results.add(pool.submit(task));
				}
				start.countDown();
				int ok = 0;
				int conflicts = 0;
				for (Future<Long> f : results) {
					try {
						f.get();
						ok++;
					}
					catch (java.util.concurrent.ExecutionException e) {
						assertThat(e.getCause()).isInstanceOf(OfferingConflict.class);
						assertThat(((OfferingConflict) e.getCause()).kind())
							.isEqualTo(venueRace ? OfferingConflict.Kind.VENUE : OfferingConflict.Kind.TEACHER);
						conflicts++;
					}
				}
				assertThat(ok).as("round " + round).isEqualTo(1);
				assertThat(conflicts).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(jdbc.sql("SELECT count(*) FROM offering WHERE venue LIKE :v").param("v", "并发室 " + tag + "%")
			.query(Long.class).single()).isEqualTo(5);
	}

	// --- invariant 4 and fee caps --------------------------------------------------------------------------------

	@Test
	void anInstructorWhoseNoCriminalRecordCertificateExpiredCannotBePutOnAnOffering() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "围棋", 2000);
		long expired = instructor(p, course, LocalDate.now().minusYears(1).minusDays(1));
		long valid = instructor(p, course, LocalDate.now().minusMonths(3));
		String venue = "棋室 " + tag;
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, venue, 1, 0, 60, "{\"instructorId\": " + expired + "}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("instructorNotAssignable"))
			.andExpect(jsonPath("$.detail").value(containsString("无犯罪记录证明已超过一年")));
		long id = create(course, venue, 1, 0, 60, "{\"instructorId\": " + valid + "}");
		send(school1Admin, put("/api/v1/offerings/{o}", id), body(null, venue, 1, 0, 60, "{\"instructorId\": " + expired + "}"))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("instructorNotAssignable"));

		// an instructor of the provider not assigned to the course, and one of another provider
		long other = instructor(p, programmeCourse(p, "象棋", 2000), LocalDate.now().minusMonths(3));
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, venue, 2, 0, 60, "{\"instructorId\": " + other + "}"))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("instructorNotOnCourse"));
		long stranger = instructor(provider("APPROVED"), programmeCourse(p, "书画", 2000), LocalDate.now().minusMonths(3));
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, venue, 2, 0, 60, "{\"instructorId\": " + stranger + "}"))
			.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.teachers").exists());

		// documents that expire after the draft was made: publishing checks again
		jdbc.sql("UPDATE instructor SET no_criminal_record_on = :d WHERE id = :id")
			.param("d", LocalDate.now().minusYears(2)).param("id", valid).update();
		mvc.perform(post("/api/v1/offerings/{o}/publish", id).with(user(school1Admin)).with(csrf()))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("instructorNotAssignable"));
	}

	@Test
	void aSuspendedProvidersCourseCannotBeOfferedNorPublished() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "机器人", 2000);
		long instructor = instructor(p, course, LocalDate.now().minusMonths(1));
		long draft = create(course, "科技室 " + tag, 2, 0, 60, "{\"instructorId\": " + instructor + "}");
		jdbc.sql("UPDATE provider SET status = 'SUSPENDED' WHERE id = :id").param("id", p).update();

		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				body(course, "科技室 " + tag, 3, 0, 60, "{\"instructorId\": " + instructor + "}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("notOfferable"))
			.andExpect(jsonPath("$.detail").value(containsString("机构已被暂停，不能开班")));
		mvc.perform(post("/api/v1/offerings/{o}/publish", draft).with(user(school1Admin)).with(csrf()))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("notOfferable"));
		assertThat(offerings.find(draft).orElseThrow().status()).isEqualTo(OfferingStatus.DRAFT);

		jdbc.sql("UPDATE provider SET status = 'EXPELLED' WHERE id = :id").param("id", p).update();
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), body(course, "科技室 " + tag, 3, 0, 60, ""))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("机构已退出，不能再开班")));
	}

	@Test
	void aFeeAboveTheCapInForceIsRefused() throws Exception {
		long p = provider("APPROVED");
		long dear = programmeCourse(p, "高价课", 99_900);
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1), body(dear, "高价室 " + tag, 1, 0, 60, ""))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("feeAboveCap"))
			.andExpect(jsonPath("$.detail").value(containsString("¥999.00")));
		// the context is shared: ProgrammeTests expects every selectable course within its cap
		jdbc.sql("UPDATE course SET status = 'WITHDRAWN' WHERE id = :id").param("id", dear).update();
	}

	// --- basic care ----------------------------------------------------------------------------------------------

	@Test
	void basicCareForAClassLastsUntilTheOffWorkTimeOnTheDaysAFamilyMayChoose() throws Exception {
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				  min_size, max_size, not_academic, status)
				VALUES (:s, :n, 'BASIC_CARE', ARRAY[1,2]::SMALLINT[], 120, 80, 0, 1, 50, TRUE, 'APPROVED') RETURNING id""")
			.param("s", school1).param("n", "托管 " + tag).query(Long.class).single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term1).param("c", course)
			.update();
		long schoolClass = jdbc.sql("""
				SELECT c.id FROM school_class c JOIN grade g ON g.id = c.grade_id WHERE c.school_id = :s AND g.level = 1
				ORDER BY c.id LIMIT 1""").param("s", school1).query(Long.class).single();
		long teacher = staff(school1, 5);
		LocalTime ends = jdbc.sql("SELECT service_ends FROM school WHERE id = :id").param("id", school1)
			.query((rs, i) -> rs.getObject(1, LocalTime.class)).single();
		String template = """
				{"courseId": %d, "venue": "%s", "minCapacity": 1, "capacity": 40, "grades": [1], "classIds": [%d],
				 "daysChoosable": true, "teachers": [{"staffId": %d}],
				 "slots": [{"weekday": 1, "starts": "%s", "ends": "%s"}, {"weekday": 3, "starts": "%s", "ends": "%s"}]}""";
		String venue = "一年级教室 " + tag;
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				template.formatted(course, venue, schoolClass, teacher, opens, ends, opens, ends.minusMinutes(30)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.slots").value(containsString("托管须持续到家长下班时间")));
		String json = send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				template.formatted(course, venue, schoolClass, teacher, opens, ends, opens, ends))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.kind").value("BASIC_CARE"))
			.andExpect(jsonPath("$.daysChoosable").value(true))
			.andExpect(jsonPath("$.classIds[0]").value(schoolClass))
			.andExpect(jsonPath("$.feePerLesson.fen").value(0))
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		long id = ((Number) JsonPath.read(json, "$.id")).longValue();
		mvc.perform(post("/api/v1/offerings/{o}/publish", id).with(user(school1Admin)).with(csrf()))
			.andExpect(status().isOk());
		// a class of another grade, or of another school, is refused
		long grade2Class = jdbc.sql("""
				SELECT c.id FROM school_class c JOIN grade g ON g.id = c.grade_id WHERE c.school_id = :s AND g.level = 2
				ORDER BY c.id LIMIT 1""").param("s", school1).query(Long.class).single();
		send(school1Admin, post("/api/v1/terms/{t}/offerings", term1),
				template.formatted(course, venue + "2", grade2Class, teacher, opens, ends, opens, ends)
					.replace("\"staffId\": " + teacher, "\"staffId\": " + staff(school1, 4)))
			.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.classIds").exists());
		assertThat(Money.ofFen(0)).isEqualTo(offerings.find(id).orElseThrow().termFee());
	}

	// --- scope ---------------------------------------------------------------------------------------------------

	@Test
	void theSchoolChangesItsTownAndTheCityReadTheProviderReadsItsOwnOthersGet404() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "足球", 2000);
		long id = create(course, "足球场 " + tag, 4, 0, 60, "");
		long town2 = jdbc.sql("SELECT town_id FROM school WHERE id = :id").param("id", school2).query(Long.class).single();
		KehouUser town1Office = account(Role.TOWN_ADMIN, town1, null);
		KehouUser town2Office = account(Role.TOWN_ADMIN, town2, null);
		KehouUser city = account(Role.CITY_ADMIN, null, null);
		KehouUser ownProvider = account(Role.PROVIDER_ADMIN, null, p);
		KehouUser otherProvider = account(Role.PROVIDER_ADMIN, null, provider("APPROVED"));

		for (KehouUser reader : List.of(town1Office, city, ownProvider)) {
			mvc.perform(get("/api/v1/offerings/{o}", id).with(user(reader))).andExpect(status().isOk());
		}
		for (KehouUser stranger : List.of(school2Admin, town2Office, otherProvider)) {
			mvc.perform(get("/api/v1/offerings/{o}", id).with(user(stranger))).andExpect(status().isNotFound());
		}
		mvc.perform(get("/api/v1/terms/{t}/offerings", term1).with(user(town1Office))).andExpect(status().isOk());
		mvc.perform(get("/api/v1/terms/{t}/offerings", term1).with(user(school2Admin))).andExpect(status().isNotFound());
		mvc.perform(post("/api/v1/offerings/{o}/cancel", id).with(user(town1Office)).with(csrf()))
			.andExpect(status().isForbidden());
		mvc.perform(post("/api/v1/offerings/{o}/cancel", id).with(user(ownProvider)).with(csrf()))
			.andExpect(status().isForbidden());
		send(town1Office, post("/api/v1/terms/{t}/offerings", term1), body(course, "x", 1, 0, 60, ""))
			.andExpect(status().isForbidden());
		mvc.perform(post("/api/v1/offerings/{o}/cancel", id).with(user(school2Admin)).with(csrf()))
			.andExpect(status().isNotFound());
		assertThat(offerings.find(id).orElseThrow().status()).isEqualTo(OfferingStatus.DRAFT);
	}

	@Test
	void aCourseWithAnOfferingCannotLeaveTheProgramme() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "围棋", 2000);
		long instructor = instructor(p, course, LocalDate.now().minusMonths(2));
		long offering = create(course, "棋室 " + tag, 4, 0, 60, "{\"instructorId\": " + instructor + "}");
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.delete("/api/v1/terms/{t}/programme", term1).param("course", String.valueOf(course))
			.with(user(school1Admin)).with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("HAS_OFFERINGS"));
		assertThat(jdbc.sql("SELECT count(*) FROM programme_course WHERE term_id = :t AND course_id = :c")
			.param("t", term1).param("c", course).query(Long.class).single()).isOne();
		mvc.perform(get("/api/v1/offerings/{o}", offering).with(user(school1Admin))).andExpect(status().isOk());
	}

	@Test
	void theTakenCounterCanNeverExceedTheCapacity() {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "容量", 2000);
		OfferingView o = offerings.create(term1, course, details("容量室 " + tag, new Slot(1, opens, opens.plusMinutes(30))));
		int taken = jdbc.sql("UPDATE offering SET taken = capacity WHERE id = :id").param("id", o.id()).update();
		assertThat(taken).isEqualTo(1);
		assertThatThrownBy(() -> jdbc.sql("UPDATE offering SET taken = taken + 1 WHERE id = :id").param("id", o.id()).update())
			.isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
		assertThat(jdbc.sql("UPDATE offering SET taken = taken + 1 WHERE id = :id AND taken < capacity")
			.param("id", o.id()).update()).as("the rounds' conditional update").isZero();
		// the capacity cannot be lowered below the places taken
		assertThatThrownBy(() -> offerings.update(o.id(), new OfferingDetails(null, "容量室 " + tag, 5, 10, List.of(2),
				List.of(), false, o.slots(), List.of())))
			.isInstanceOf(OfferingInvalid.class).hasMessageContaining("capacityBelowTaken");
	}

	// --- pages ---------------------------------------------------------------------------------------------------

	@Test
	void theConsoleListsFiltersShowsTheGridAndPlansPublishesAndCancelsAnOffering() throws Exception {
		long p = provider("APPROVED");
		long course = programmeCourse(p, "陶艺", 2000);
		long instructor = instructor(p, course, LocalDate.now().minusMonths(1));
		String venue = "陶艺室 " + tag;

		mvc.perform(get("/console/offerings").with(user(school1Admin)))
			.andExpect(status().is3xxRedirection())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern("/console/terms/*/offerings"));
		mvc.perform(get("/console/terms/{t}/offerings", term1).with(user(school1Admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("陶艺 " + tag)))
			.andExpect(content().string(containsString("/console/terms/" + term1 + "/offerings/new?course=" + course)));
		mvc.perform(get("/console/terms/{t}/offerings/new", term1).param("course", String.valueOf(course)).with(user(school1Admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("新建开班：陶艺 " + tag)))
			.andExpect(content().string(containsString("name=\"starts[0]\"")));

		// outside the window: the form comes back with the message and the values typed
		mvc.perform(post("/console/terms/{t}/offerings", term1).with(user(school1Admin)).with(csrf())
				.param("course", String.valueOf(course)).param("venue", venue).param("minCapacity", "10")
				.param("capacity", "20").param("grades", "2").param("starts[1]", opens.minusHours(1).toString())
				.param("ends[1]", time(60)).param("instructorIds", String.valueOf(instructor)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("超出学校课后服务时间")))
			.andExpect(content().string(containsString(venue)));
		mvc.perform(post("/console/terms/{t}/offerings", term1).with(user(school1Admin)).with(csrf())
				.param("course", String.valueOf(course)).param("venue", venue).param("minCapacity", "十")
				.param("capacity", "20").param("grades", "2"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("人数须为整数")));
		String location = mvc.perform(post("/console/terms/{t}/offerings", term1).with(user(school1Admin)).with(csrf())
				.param("course", String.valueOf(course)).param("venue", venue).param("minCapacity", "10")
				.param("capacity", "20").param("grades", "2").param("starts[1]", time(0)).param("ends[1]", time(60))
				.param("starts[0]", "").param("ends[0]", "").param("instructorIds", String.valueOf(instructor)))
			.andExpect(status().is3xxRedirection())
			.andReturn().getResponse().getRedirectedUrl();
		long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
		assertThat(offerings.find(id).orElseThrow().slots()).containsExactly(new Slot(2, opens, opens.plusMinutes(60)));

		mvc.perform(get("/console/offerings/{o}", id).with(user(school1Admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-confirm")))
			.andExpect(content().string(containsString("发布")));
		mvc.perform(get("/console/terms/{t}/offerings", term1).param("weekday", "2").param("status", "DRAFT")
				.with(user(school1Admin)))
			.andExpect(status().isOk()).andExpect(content().string(containsString("offering-" + id)));
		mvc.perform(get("/console/terms/{t}/offerings", term1).param("weekday", "5").param("grade", "9")
				.with(user(school1Admin)))
			.andExpect(status().isOk()).andExpect(content().string(containsString("没有符合条件的开班")));
		mvc.perform(get("/console/terms/{t}/offerings", term1).param("view", "grid").with(user(school1Admin)))
			.andExpect(status().isOk()).andExpect(content().string(containsString("周课表")))
			.andExpect(content().string(containsString(venue)));

		// a conflicting edit stays on the form with the message naming the other offering
		long other = create(course, venue + "B", 3, 0, 60, "");
		mvc.perform(post("/console/offerings/{o}", other).with(user(school1Admin)).with(csrf())
				.param("course", String.valueOf(course)).param("venue", venue).param("minCapacity", "10")
				.param("capacity", "20").param("grades", "2").param("starts[1]", time(30)).param("ends[1]", time(90)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("已被开班《陶艺 " + tag + "》占用")));

		mvc.perform(post("/console/offerings/{o}/publish", id).with(user(school1Admin)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(offerings.find(id).orElseThrow().status()).isEqualTo(OfferingStatus.PUBLISHED);
		mvc.perform(post("/console/offerings/{o}/cancel", id).with(user(school1Admin)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", containsString("已取消")));
		assertThat(offerings.find(id).orElseThrow().status()).isEqualTo(OfferingStatus.CANCELLED);

		// the town reads without forms; another school gets 404; English
		KehouUser town1Office = account(Role.TOWN_ADMIN, town1, null);
		mvc.perform(get("/console/terms/{t}/offerings", term1).with(user(town1Office)))
			.andExpect(status().isOk()).andExpect(content().string(containsString("只读")))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("/offerings/new?course="))));
		mvc.perform(get("/console/offerings/{o}", id).with(user(town1Office))).andExpect(status().isOk());
		mvc.perform(get("/console/offerings/{o}", id).with(user(school2Admin))).andExpect(status().isNotFound());
		mvc.perform(get("/console/terms/{t}/offerings", term1).param("lang", "en").with(user(school1Admin)))
			.andExpect(status().isOk()).andExpect(content().string(containsString("Weekly timetable")));
	}
}
