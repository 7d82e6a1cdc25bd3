package org.kehou.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Complaints over HTTP: the guardian's phone pages (child card, list with its empty state, the form with readable
 * messages, the detail with the timeline), filing with photos over the API (201, a re-sent key 200, a file that is not
 * an image 400 Problem Details storing nothing), the photo served to the guardian and the school but not to another
 * school, and the console's list, filters and the handling forms.
 */
@DemoCityTest
class ComplaintWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserDetailsService users;

	ComplaintWorld world;

	KehouUser guardian;

	KehouUser school1;

	@BeforeEach
	void world() {
		guardian = (KehouUser) users.loadUserByUsername("13800000001");
		school1 = (KehouUser) users.loadUserByUsername("school1");
		world = new ComplaintWorld(jdbc, guardian);
		world.cleanComplaints();
	}

	@AfterEach
	void clean() {
		world.clean();
	}

	@Test
	void theGuardianFilesOnThePhoneAndFollowsIt() throws Exception {
		mvc.perform(get("/m/children/{id}", world.child).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"complaints\"")));
		mvc.perform(get("/m/children/{id}/complaints", world.child).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("complaints-empty")));
		mvc.perform(get("/m/children/{id}/complaints/new", world.child).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("OFFERING-" + world.offering)));
		mvc.perform(multipart("/m/children/{id}/complaints", world.child).param("subject", "SCHOOL").param("text", "太短")
			.param("requestKey", UUID.randomUUID().toString()).with(user(guardian)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("error-text")))
			.andExpect(content().string(containsString("投诉内容需要 10–1000 个字")));
		assertThat(world.count("SELECT count(*) FROM complaint WHERE student_id = :p", world.child)).isZero();

		mvc.perform(multipart("/m/children/{id}/complaints", world.child)
			.file(new MockMultipartFile("photos", "a.png", "image/png", ComplaintTests.PNG))
			.param("subject", "OFFERING-" + world.offering)
			.param("text", ComplaintTests.TEXT)
			.param("requestKey", UUID.randomUUID().toString())
			.with(user(guardian)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrlPattern("/m/complaints/*"));
		long id = jdbc.sql("SELECT id FROM complaint WHERE student_id = :s").param("s", world.child).query(Long.class).single();
		mvc.perform(get("/m/children/{id}/complaints", world.child).with(user(guardian)))
			.andExpect(content().string(containsString("data-complaint=\"" + id + "\"")))
			.andExpect(content().string(containsString("待受理")));
		mvc.perform(get("/m/complaints/{id}", id).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"timeline\"")))
			.andExpect(content().string(containsString("提交投诉")))
			.andExpect(content().string(containsString("/photos/")));

		mvc.perform(get("/console/complaints").with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-complaint=\"" + id + "\"")));
		mvc.perform(get("/console/complaints").param("status", "RESOLVED").with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("data-complaint=\"" + id + "\""))));
		mvc.perform(get("/console/complaints/{id}", id).with(user(school1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("respond-form")));
		mvc.perform(post("/console/complaints/{id}/accept", id).with(user(school1)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		mvc.perform(post("/console/complaints/{id}/respond", id).param("finding", "SUBSTANTIATED")
			.param("response", "已核实并整改").with(user(school1)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		mvc.perform(post("/console/complaints/{id}/resolve", id).with(user(school1)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/m/complaints/{id}", id).with(user(guardian)))
			.andExpect(content().string(containsString("id=\"rate\"")))
			.andExpect(content().string(containsString("id=\"reopen\"")));
		mvc.perform(post("/m/complaints/{id}/rate", id).param("rating", "5").with(user(guardian)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/m/complaints/{id}", id).with(user(guardian)))
			.andExpect(content().string(not(containsString("id=\"rate\""))))
			.andExpect(content().string(containsString("5 / 5")));
		KehouUser town1 = (KehouUser) users.loadUserByUsername("town1");
		mvc.perform(get("/console/complaints/{id}", id).with(user(town1)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"readonly\"")));
	}

	@Test
	void theApiFilesWithPhotosOnceAndRefusesWhatIsNotAnImage() throws Exception {
		String key = UUID.randomUUID().toString();
		MockMultipartFile json = new MockMultipartFile("complaint", "", MediaType.APPLICATION_JSON_VALUE,
				("{\"subject\":\"SCHOOL\",\"text\":\"" + ComplaintTests.TEXT + "\",\"requestKey\":\"" + key + "\"}")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		MockMultipartFile png = new MockMultipartFile("photos", "a.png", "image/png", ComplaintTests.PNG);
		String body = mvc.perform(multipart("/api/v1/students/{id}/complaints", world.child).file(json).file(png)
			.with(user(guardian)).with(csrf()))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("OPEN"))
			.andExpect(jsonPath("$.level").value("SCHOOL"))
			.andReturn().getResponse().getContentAsString();
		long id = Long.parseLong(body.replaceAll(".*?\"id\":(\\d+).*", "$1"));
		mvc.perform(multipart("/api/v1/students/{id}/complaints", world.child).file(json).file(png)
			.with(user(guardian)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value(id));
		long photo = jdbc.sql("SELECT id FROM complaint_photo WHERE complaint_id = :c").param("c", id).query(Long.class)
			.single();
		mvc.perform(get("/api/v1/complaints/{c}/photos/{p}", id, photo).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(content().contentType("image/png"));
		mvc.perform(get("/api/v1/complaints/{c}/photos/{p}", id, photo).with(user(school1)))
			.andExpect(status().isOk());
		mvc.perform(get("/api/v1/complaints/{c}/photos/{p}", id, photo)
			.with(user((KehouUser) users.loadUserByUsername("school2"))))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/complaints/{c}", id).with(user(guardian)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.timeline[0].kind").value("FILED"));

		MockMultipartFile again = new MockMultipartFile("complaint", "", MediaType.APPLICATION_JSON_VALUE,
				("{\"subject\":\"SCHOOL\",\"text\":\"" + ComplaintTests.TEXT + "\",\"requestKey\":\"k-pdf\"}")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		mvc.perform(multipart("/api/v1/students/{id}/complaints", world.child).file(again)
			.file(new MockMultipartFile("photos", "a.png", "image/png", ComplaintTests.PDF))
			.with(user(guardian)).with(csrf()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.photos").value("照片只能是 JPG 或 PNG 图片"));
		assertThat(world.count("SELECT count(*) FROM complaint WHERE student_id = :p", world.child)).isEqualTo(1);

		mvc.perform(post("/api/v1/complaints/{c}/accept", id).with(user((KehouUser) users.loadUserByUsername("town1")))
			.with(csrf()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.reason").value("NOT_YOUR_LEVEL"));
		mvc.perform(post("/api/v1/complaints/{c}/rate", id).contentType(MediaType.APPLICATION_JSON)
			.content("{\"rating\":5}").with(user(guardian)).with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("WRONG_STATUS"));
	}
}
