package org.kehou.courses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.kehou.catalogue.CapInForce;
import org.kehou.catalogue.FeeCaps;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.shared.Money;
import org.kehou.shared.UnifiedSocialCreditCode;
import org.springframework.mock.web.MockMultipartFile;

/**
 * Issue 3's acceptance, end to end through the API as each party would use it: a provider applies with its
 * documents → the town rejects with a reason → the provider corrects and applies again → approved → lists a course
 * above the cap (refused, the message names the cap) → within the cap → approved by the town → the school adds it
 * to its term programme → the city expels the provider: the course leaves every school's selectable list and the
 * programme shows the provider's status.
 */
@DemoCityTest
class WhitelistChainAcceptanceTests extends CourseTestSupport {

	static final byte[] PDF = """
			%PDF-1.4
			1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
			trailer << /Root 1 0 R >>
			%%EOF
			""".getBytes(StandardCharsets.US_ASCII);

	@Test
	void fromApplicationToTheSchoolProgrammeAndOutAgain() throws Exception {
		KehouUser provider = admittedProvider("香山市彩虹美术培训中心");
		long providerId = id(provider);
		String creditCode = creditCode();

		// 1. the provider applies with its documents
		send(provider, put("/api/v1/providers/{id}", providerId), application(creditCode, "石岐区民生路 8 号"))
			.andExpect(status().isOk());
		upload(provider, providerId, "营业执照.pdf").andExpect(status().isCreated());
		send(provider, post("/api/v1/providers/{id}/submit", providerId), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));

		// 2. the town rejects it with a reason, which the provider sees
		send(town1Office, post("/api/v1/providers/{id}/review", providerId),
				"{\"action\": \"REJECT\", \"reason\": \"营业执照扫描件不清晰，地址与执照不符\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("REJECTED"));
		mvc.perform(get("/api/v1/providers/{id}", providerId).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("REJECTED"))
			.andExpect(content().string(containsString("营业执照扫描件不清晰，地址与执照不符")));

		// 3. the provider corrects the application and applies again; 4. the town approves
		send(provider, put("/api/v1/providers/{id}", providerId), application(creditCode, "石岐区孙文中路 1 号"))
			.andExpect(status().isOk());
		upload(provider, providerId, "营业执照（清晰）.pdf").andExpect(status().isCreated());
		send(provider, post("/api/v1/providers/{id}/submit", providerId), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
		send(town1Office, post("/api/v1/providers/{id}/review", providerId), "{\"action\": \"APPROVE\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"));

		// 5. a course above the cap in force is refused, naming the cap
		CapInForce cap = feeCaps.capFor("ARTS", town1, 60, FeeCaps.today()).orElseThrow();
		Money above = cap.amount().plus(Money.ofFen(1));
		String name = "彩虹水彩画 " + ThreadLocalRandom.current().nextInt(1_000_000);
		long course = create(provider, course(name, "ARTS", 60, yuan(above), true));
		send(provider, post("/api/v1/courses/{id}/submit", course), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(allOf(containsString(above.toString()),
					containsString(cap.cap().amount() + "/" + cap.cap().lessonMinutes() + "分钟"),
					containsString(cap.source()))));

		// 6. within the cap it is submitted and the town approves it
		send(provider, put("/api/v1/courses/{id}", course), course(name, "ARTS", 60, yuan(cap.amount()), true))
			.andExpect(status().isOk());
		send(provider, post("/api/v1/courses/{id}/submit", course), "{\"townIds\": [" + town1 + "]}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
		send(town1Office, post("/api/v1/courses/{id}/review", course),
				"{\"action\": \"APPROVE\", \"notAcademicConfirmed\": true}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"));

		// 7. the school finds it among the selectable courses and adds it to its term programme
		long school = school("school1");
		KehouUser schoolAdmin = schoolAdmin(school);
		long term = jdbc.sql("SELECT min(id) FROM term WHERE school_id = :s").param("s", school)
			.query(Long.class).single();
		assertThat(selectable(schoolAdmin, term, name)).containsExactly(course);
		send(schoolAdmin, post("/api/v1/terms/{t}/programme", term), "{\"courseId\": " + course + "}")
			.andExpect(status().isCreated());
		mvc.perform(get("/api/v1/terms/{t}/programme", term).with(user(schoolAdmin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(name)));

		// 8. the city expels the provider: the course leaves every school's list, the programme shows why
		send(city, post("/api/v1/providers/{id}/review", providerId), "{\"action\": \"EXPEL\", \"reason\": \"多次违规收费\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("EXPELLED"));
		assertThat(selectable(schoolAdmin, term, name)).isEmpty();
		String programme = mvc.perform(get("/api/v1/terms/{t}/programme", term).with(user(schoolAdmin)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		List<String> statuses = JsonPath.read(programme, "$.entries[?(@.courseId == " + course + ")].providerStatus");
		assertThat(statuses).containsExactly("EXPELLED");
		KehouUser otherSchool = schoolAdmin(school("school2"));
		long otherTerm = jdbc.sql("SELECT min(id) FROM term WHERE school_id = :s").param("s", school("school2"))
			.query(Long.class).single();
		send(otherSchool, post("/api/v1/terms/{t}/programme", otherTerm), "{\"courseId\": " + course + "}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("PROVIDER_EXPELLED"));
		mvc.perform(get("/console/terms/{t}/programme", term).with(user(schoolAdmin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("机构已退出")));
	}

	List<Long> selectable(KehouUser who, long term, String name) throws Exception {
		String json = mvc.perform(get("/api/v1/terms/{t}/selectable-courses", term).param("q", name).with(user(who)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		List<Number> ids = JsonPath.read(json, "$.content[*].id");
		return ids.stream().map(Number::longValue).toList();
	}

	org.springframework.test.web.servlet.ResultActions upload(KehouUser who, long providerId, String fileName)
			throws Exception {
		return mvc.perform(multipart("/api/v1/providers/{id}/documents", providerId)
			.file(new MockMultipartFile("file", fileName, "application/pdf", PDF))
			.param("kind", "BUSINESS_LICENCE")
			.with(user(who))
			.with(csrf()));
	}

	static String application(String creditCode, String address) {
		return """
				{"legalName": "香山市彩虹美术培训中心", "creditCode": "%s", "licenceNo": "LIC-2026-88",
				 "licenceValidUntil": "2029-06-30", "permitNo": "PX-88", "permitValidUntil": "2029-06-30",
				 "nationalRegistered": true, "nationalRegistrationNo": "NR-8888", "fundAccount": "6222 0000 8888",
				 "contactName": "李老师", "contactPhone": "13912348888", "address": "%s", "categories": ["ARTS"]}"""
			.formatted(creditCode, address);
	}

	static String creditCode() {
		String first17 = "914420" + "00" + "MA" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
		return first17 + UnifiedSocialCreditCode.checkCharacter(first17);
	}
}
