package org.kehou.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The ratings' pages and API as the demo's people use them: the guardian's list and form (validation and refusals in
 * readable Chinese), the teacher's view and the console's comparison and drill-down with screened comments and no
 * rater named, a provider seeing only its own offerings, the export, and scope across guardians and schools.
 */
@DemoCityTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatingWebTests {

	static final String PHONE = "13812345678";

	@Autowired
	MockMvc mvc;

	@Autowired
	Ratings ratings;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	RatingWorld world;

	KehouUser guardian;

	KehouUser otherGuardian;

	KehouUser school1;

	KehouUser school2;

	KehouUser teacher;

	KehouUser provider;

	long child;

	String childName;

	long own;

	long providers;

	@BeforeAll
	void world() {
		world = new RatingWorld(jdbc, cipher);
		guardian = world.account("13800000001");
		otherGuardian = world.account("13800000002");
		school1 = world.account("school1");
		school2 = world.account("school2");
		teacher = world.account("teacher1");
		provider = world.account("provider1");
		child = jdbc.sql("SELECT min(student_id) FROM student_guardian WHERE guardian_id = :g")
			.param("g", guardian.scope().guardianId()).query(Long.class).single();
		childName = jdbc.sql("SELECT name FROM student WHERE id = :s").param("s", child).query(String.class).single();
		own = world.offering("网页校本", 6, null);
		providers = world.offering("网页机构", 6, provider.scope().providerId());
		world.place(own, child);
		world.place(providers, child);
		// rated in the world's term (far in the future) as if after the fourth session, the comment with a phone number
		ratings.rate(guardian, child, providers, RatingTests.rating(5, 4, "很好，联系 " + PHONE), world.afterSession(4));
		jdbc.sql("INSERT INTO offering_teacher (offering_id, teacher_key, staff_id) VALUES (:o, :k, :s)")
			.param("o", providers).param("k", "S" + teacher.staffId()).param("s", teacher.staffId()).update();
	}

	@AfterAll
	void clean() {
		jdbc.sql("DELETE FROM offering_teacher WHERE offering_id = :o").param("o", providers).update();
		world.clean();
	}

	String body(MvcResult result) throws Exception {
		return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void theGuardianSeesTheChildsOfferingsWithTheirStateAndOwnComment() throws Exception {
		assertThat(body(mvc.perform(get("/m/children/" + child).with(user(guardian))).andReturn())).contains("id=\"ratings\"");
		String page = body(mvc.perform(get("/m/children/" + child + "/ratings").with(user(guardian))).andReturn());
		assertThat(page).contains("网页校本", "网页机构", "已评价", "尚未满 4 次课", "很好，联系 " + PHONE);
		String form = body(mvc.perform(get("/m/children/" + child + "/ratings/form").param("offering", String.valueOf(providers))
			.with(user(guardian))).andReturn());
		assertThat(form).contains("type=\"radio\"", "name=\"overall\"", "name=\"TEACHING\"", "data-confirm");
	}

	@Test
	void theFormComesBackWithReasonsAndRefusalsAreReadable() throws Exception {
		MvcResult invalid = mvc.perform(post("/m/children/" + child + "/ratings").param("offering", String.valueOf(own))
			.param("overall", "5").param("comment", "x").with(user(guardian)).with(csrf())).andReturn();
		assertThat(invalid.getResponse().getStatus()).isEqualTo(200);
		assertThat(body(invalid)).contains("评价没有保存", "请选择评分").contains(">x</textarea>");
		// complete, but the child has had no session yet (the term lies in the future)
		MvcResult early = mvc.perform(post("/m/children/" + child + "/ratings").param("offering", String.valueOf(own))
			.param("overall", "5").param("TEACHING", "5").param("SAFETY", "5").param("PUNCTUALITY", "5")
			.param("INTEREST", "5").with(user(guardian)).with(csrf())).andReturn();
		assertThat(early.getResponse().getRedirectedUrl()).isEqualTo("/m/children/" + child + "/ratings");
		assertThat(early.getFlashMap().get("error")).isEqualTo("孩子上满 4 次课后才能评价");
		assertThat(ratings.of(child, own, null)).isEmpty();
	}

	@Test
	void theApiRatesWithProblemDetails() throws Exception {
		MvcResult early = mvc.perform(put("/api/v1/children/" + child + "/ratings").contentType(MediaType.APPLICATION_JSON)
			.content("{\"offeringId\": " + own + ", \"overall\": 5, \"scores\": {\"TEACHING\": 5, \"SAFETY\": 5, \"PUNCTUALITY\": 5, \"INTEREST\": 5}}")
			.with(user(guardian)).with(csrf())).andReturn();
		assertThat(early.getResponse().getStatus()).isEqualTo(409);
		assertThat(body(early)).contains("\"reason\":\"TOO_EARLY\"");
		MvcResult bad = mvc.perform(put("/api/v1/children/" + child + "/ratings").contentType(MediaType.APPLICATION_JSON)
			.content("{\"offeringId\": " + own + ", \"overall\": 9}").with(user(guardian)).with(csrf())).andReturn();
		assertThat(bad.getResponse().getStatus()).isEqualTo(400);
		assertThat(body(bad)).contains("\"overall\"", "\"TEACHING\"");
		String list = body(mvc.perform(get("/api/v1/children/" + child + "/ratings").with(user(guardian))).andReturn());
		assertThat(list).contains("\"state\":\"RATED\"", "\"state\":\"TOO_EARLY\"");
	}

	@Test
	void anotherGuardianReachesNeitherPageNorApi() throws Exception {
		assertThat(mvc.perform(get("/m/children/" + child + "/ratings").with(user(otherGuardian))).andReturn().getResponse()
			.getStatus()).isIn(403, 404);
		assertThat(mvc.perform(get("/api/v1/children/" + child + "/ratings").with(user(otherGuardian))).andReturn().getResponse()
			.getStatus()).isIn(403, 404);
		assertThat(mvc.perform(put("/api/v1/children/" + child + "/ratings").contentType(MediaType.APPLICATION_JSON)
			.content("{\"offeringId\": " + providers + ", \"overall\": 1}").with(user(otherGuardian)).with(csrf()))
			.andReturn().getResponse().getStatus()).isIn(403, 404);
	}

	@Test
	void teachersSchoolsAndProvidersSeeOnlyTheScreenedCommentAndNoRater() throws Exception {
		String guardianName = jdbc.sql("SELECT name FROM guardian WHERE id = :g").param("g", guardian.scope().guardianId())
			.query(String.class).single();
		String teacherPage = body(mvc.perform(get("/m/ratings").with(user(teacher))).andReturn());
		String console = body(mvc.perform(get("/console/ratings/offerings/" + providers).with(user(school1))).andReturn());
		String providerView = body(mvc.perform(get("/console/ratings/offerings/" + providers).with(user(provider))).andReturn());
		String api = body(mvc.perform(get("/api/v1/offerings/" + providers + "/ratings").with(user(school1))).andReturn());
		String fragment = body(mvc.perform(get("/m/provider-rating").param("provider", String.valueOf(provider.scope().providerId()))
			.with(user(otherGuardian))).andReturn());
		for (String view : new String[] { teacherPage, console, providerView, api }) {
			assertThat(view).contains("很好，联系").contains("5678").doesNotContain(PHONE, childName, guardianName);
		}
		assertThat(fragment).doesNotContain(PHONE, "很好");
	}

	@Test
	void theConsoleComparesExportsAndKeepsToTheReadersScope() throws Exception {
		String query = "?school=" + world.school + "&term=" + world.term;
		String page = body(mvc.perform(get("/console/ratings" + query + "&sort=satisfaction").with(user(school1))).andReturn());
		assertThat(page).contains("网页校本", "网页机构", "ratings-chart", "data-chart", "ratings-chart.js", "100.0%");
		MvcResult export = mvc.perform(get("/console/ratings/export" + query).with(user(school1))).andReturn();
		assertThat(export.getResponse().getContentType()).contains("spreadsheetml");
		assertThat(export.getResponse().getContentAsByteArray()).startsWith('P', 'K');
		// a provider: its own offerings only
		String mine = body(mvc.perform(get("/console/ratings" + query).with(user(provider))).andReturn());
		assertThat(mine).contains("网页机构").doesNotContain("网页校本");
		assertThat(mvc.perform(get("/console/ratings/offerings/" + own).with(user(provider))).andReturn().getResponse()
			.getStatus()).isIn(403, 404);
		// another school: neither its comparison nor an offering of it
		assertThat(mvc.perform(get("/console/ratings" + query).with(user(school2))).andReturn().getResponse().getStatus())
			.isEqualTo(404);
		assertThat(mvc.perform(get("/console/ratings/offerings/" + providers).with(user(school2))).andReturn().getResponse()
			.getStatus()).isIn(403, 404);
		assertThat(mvc.perform(get("/api/v1/ratings/offerings" + query.replace("school=", "schoolId=").replace("term=", "termId="))
			.with(user(school2))).andReturn().getResponse().getStatus()).isEqualTo(404);
	}

	@Test
	void thePublicSummaryFragmentSaysWhenThereAreTooFewRatings() throws Exception {
		long fresh = world.provider();
		String fragment = body(mvc.perform(get("/m/provider-rating").param("provider", String.valueOf(fresh))
			.with(user(guardian))).andReturn());
		assertThat(fragment).contains("暂无足够评价");
		// the course choice page loads it for each provider's course
		String courses = body(mvc.perform(get("/m/children/" + child + "/courses").param("term", String.valueOf(world.term))
			.with(user(guardian))).andReturn());
		assertThat(courses).contains("/m/provider-rating?provider=" + provider.scope().providerId());
	}
}
