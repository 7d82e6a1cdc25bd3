package org.kehou.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.shared.UnifiedSocialCreditCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * A provider's application through the API and pages on the real database, in the demo city: the provider applies,
 * the town office returns it with a reason, the provider corrects and resubmits, the town approves, the city expels;
 * scopes (other town, other provider) and validation along the way.
 */
@DemoCityTest
@RecordApplicationEvents
class ProviderWorkflowTests extends ProviderAccountsTests {

	@Autowired
	ApplicationEvents events;

	@Autowired
	MockMvc mvc;

	@Autowired
	Whitelist whitelist;

	long town1;

	long town2;

	KehouUser city;

	KehouUser town1Office;

	KehouUser town2Office;

	@BeforeEach
	void accounts() {
		town1 = jdbc.sql("SELECT town_id FROM app_user WHERE username = 'town1'").query(Long.class).single();
		town2 = jdbc.sql("""
				SELECT s.town_id FROM app_user u JOIN school s ON s.id = u.school_id WHERE u.username = 'school2'""")
			.query(Long.class).single();
		assertThat(town2).isNotEqualTo(town1);
		city = account("CITY_ADMIN", null, null);
		town1Office = account("TOWN_ADMIN", town1, null);
		town2Office = account("TOWN_ADMIN", town2, null);
	}

	static String creditCode() {
		String first17 = "91442000MA" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
		return first17 + UnifiedSocialCreditCode.checkCharacter(first17);
	}

	static String application(String name, String code, String address) {
		return """
				{"legalName": "%s", "creditCode": "%s", "licenceNo": "LIC-001", "licenceValidUntil": "2028-06-30",
				 "permitNo": "PX-7", "permitValidUntil": "2028-06-30", "nationalRegistered": true,
				 "nationalRegistrationNo": "NR-123", "fundAccount": "6222 0000 1111", "contactName": "王老师",
				 "contactPhone": "13812345678", "address": "%s", "categories": ["ARTS", "SPORTS"]}"""
			.formatted(name, code, address);
	}

	ResultActions getAs(KehouUser who, String path, Object... vars) throws Exception {
		return mvc.perform(get(path, vars).with(user(who)));
	}

	ResultActions send(KehouUser who, org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
			String json) throws Exception {
		return mvc.perform(request.with(user(who)).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	ResultActions review(KehouUser who, long providerId, String action, String reason) throws Exception {
		String json = reason == null ? "{\"action\": \"%s\"}".formatted(action)
				: "{\"action\": \"%s\", \"reason\": \"%s\"}".formatted(action, reason);
		return send(who, post("/api/v1/providers/{id}/review", providerId), json);
	}

	@Test
	void appliesIsReturnedCorrectsIsApprovedAndIsExpelled() throws Exception {
		KehouUser provider = newProvider("香山市星火体育培训中心");
		long id = id(provider);
		String code = creditCode();

		// an incomplete application cannot be submitted
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town1))
			.andExpect(status().isBadRequest());

		send(provider, put("/api/v1/providers/{id}", id), application("香山市星火体育培训中心", code, "文化路 1 号"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DRAFT"))
			.andExpect(jsonPath("$.contactPhoneMasked").value("138****5678"))
			.andExpect(content().string(not(containsString("13812345678"))));
		byte[] stored = jdbc.sql("SELECT contact_phone_enc FROM provider WHERE id = :id").param("id", id)
			.query(byte[].class).single();
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("13812345678");

		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town1))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"))
			.andExpect(jsonPath("$.admissions[0].status").value("PENDING"));

		// under review: no changes, no second submission
		send(provider, put("/api/v1/providers/{id}", id), application("改名", code, "文化路 1 号"))
			.andExpect(status().isConflict());
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town1))
			.andExpect(status().isConflict());

		// another town's office and another provider do not even see it
		getAs(town2Office, "/api/v1/providers/{id}", id).andExpect(status().isNotFound());
		review(town2Office, id, "APPROVE", null).andExpect(status().isNotFound());
		KehouUser other = newProvider("另一家机构");
		getAs(other, "/api/v1/providers/{id}", id).andExpect(status().isNotFound());
		getAs(other, "/api/v1/providers").andExpect(jsonPath("$.totalElements").value(1))
			.andExpect(jsonPath("$.content[0].id").value(id(other)));
		getAs(town2Office, "/api/v1/providers").andExpect(jsonPath("$.content[*].id", not(hasItem((int) id))));

		// the town office returns it for correction, with a reason the provider reads
		review(town1Office, id, "RETURN", null).andExpect(status().isBadRequest());
		review(town1Office, id, "RETURN", "许可证扫描件不清晰，请补充")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("RETURNED"));
		getAs(provider, "/api/v1/providers/{id}", id)
			.andExpect(jsonPath("$.status").value("RETURNED"))
			.andExpect(jsonPath("$.reviews[0].action").value("RETURN"))
			.andExpect(jsonPath("$.reviews[0].reason").value("许可证扫描件不清晰，请补充"));
		getAs(provider, "/console/providers/{id}", id)
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("许可证扫描件不清晰，请补充")));

		// corrected and resubmitted, then approved until the end of the school year
		send(provider, put("/api/v1/providers/{id}", id), application("香山市星火体育培训中心", code, "文化路 2 号"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.contactPhoneMasked").value("138****5678"));
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town1))
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
		review(town1Office, id, "APPROVE", null)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"))
			.andExpect(jsonPath("$.admissions[0].status").value("APPROVED"))
			.andExpect(jsonPath("$.admissions[0].validUntil", notNullValue()));
		review(town1Office, id, "APPROVE", null).andExpect(status().isConflict());

		// only the city expels, with a reason; the status shows to the provider and the town
		review(town1Office, id, "EXPEL", "x").andExpect(status().isForbidden());
		review(city, id, "APPROVE", null).andExpect(status().isForbidden());
		review(city, id, "EXPEL", null).andExpect(status().isBadRequest());
		review(city, id, "EXPEL", "年度考核不合格").andExpect(jsonPath("$.status").value("EXPELLED"));
		getAs(provider, "/api/v1/providers/{id}", id).andExpect(jsonPath("$.status").value("EXPELLED"));
		getAs(provider, "/console/providers/{id}", id)
			.andExpect(content().string(containsString("该机构已被市教体局清退")));
		getAs(town1Office, "/api/v1/providers?status=EXPELLED")
			.andExpect(jsonPath("$.content[*].id", hasItem((int) id)));
		getAs(town1Office, "/console/providers?status=EXPELLED")
			.andExpect(content().string(containsString("香山市星火体育培训中心")));

		assertThat(events.stream(ProviderStatusChanged.class).filter(e -> e.providerId() == id).map(ProviderStatusChanged::to))
			.containsExactly(ProviderStatus.SUBMITTED, ProviderStatus.RETURNED, ProviderStatus.SUBMITTED,
					ProviderStatus.APPROVED, ProviderStatus.EXPELLED);
		assertThat(jdbc.sql("SELECT action FROM provider_review WHERE provider_id = :id ORDER BY id").param("id", id)
			.query(String.class).list()).containsExactly("SUBMIT", "RETURN", "SUBMIT", "APPROVE", "EXPEL");
		assertThat(jdbc.sql("""
				SELECT count(*) FROM audit_event WHERE target_type = 'provider' AND target_id = :id
				AND action IN ('provider.submit', 'provider.return', 'provider.approve', 'provider.expel')""")
			.param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(5);
	}

	@Test
	void aRejectedProviderCorrectsAndAppliesAgainAndEveryTransitionIsChecked() throws Exception {
		KehouUser provider = newProvider("被驳回的机构");
		long id = id(provider);
		send(provider, put("/api/v1/providers/{id}", id), application("被驳回的机构", creditCode(), "某路"))
			.andExpect(status().isOk());
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town1))
			.andExpect(status().isOk());
		review(town1Office, id, "REJECT", "存在学科类培训").andExpect(jsonPath("$.status").value("REJECTED"));
		review(town1Office, id, "APPROVE", null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.status").value(409));
		review(city, id, "SUSPEND", "x").andExpect(status().isConflict());
		// a rejected application is corrected and submitted again, as a new application
		send(provider, put("/api/v1/providers/{id}", id), application("被驳回的机构", creditCode(), "改正后的地址"))
			.andExpect(status().isOk());
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town1))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
		review(city, id, "SUSPEND", "x").andExpect(status().isConflict());
	}

	@Test
	void anAdmittedProviderAppliesToAnotherTownAndKeepsServingTheFirst() throws Exception {
		KehouUser provider = newProvider("两镇经营的机构");
		long id = id(provider);
		send(provider, put("/api/v1/providers/{id}", id), application("两镇经营的机构", creditCode(), "某路"))
			.andExpect(status().isOk());
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town1))
			.andExpect(status().isOk());
		review(town1Office, id, "APPROVE", null).andExpect(jsonPath("$.status").value("APPROVED"));
		mvc.perform(get("/console/providers/{id}", id).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"more-towns\"")))
			.andExpect(content().string(containsString("<span class=\"badge\">艺术</span><span class=\"badge\">体育</span>")));

		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town2))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
		assertThat(whitelist.isAdmitted(id, town1, java.time.LocalDate.now())).as("still serving town 1").isTrue();
		assertThat(whitelist.isAdmitted(id, town2, java.time.LocalDate.now())).isFalse();
		send(provider, put("/api/v1/providers/{id}", id), application("两镇经营的机构", creditCode(), "另一路"))
			.andExpect(status().isConflict());
		review(town2Office, id, "APPROVE", null).andExpect(jsonPath("$.status").value("APPROVED"));
		assertThat(whitelist.isAdmitted(id, town2, java.time.LocalDate.now())).isTrue();
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town2))
			.andExpect(status().isConflict());
	}

	@Test
	void invalidInputIsRefusedWithFieldErrors() throws Exception {
		KehouUser provider = newProvider("校验测试机构");
		long id = id(provider);
		String wrongCheck = creditCode();
		wrongCheck = wrongCheck.substring(0, 17) + (wrongCheck.charAt(17) == '0' ? '1' : '0');
		send(provider, put("/api/v1/providers/{id}", id), """
				{"legalName": "", "creditCode": "%s", "contactPhone": "12345", "categories": ["MATHS"]}"""
			.formatted(wrongCheck))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.legalName", notNullValue()))
			.andExpect(jsonPath("$.errors.creditCode", notNullValue()))
			.andExpect(jsonPath("$.errors.contactPhone", notNullValue()));
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": []}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.townIds", notNullValue()));
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [999999]}")
			.andExpect(status().isBadRequest());
		review(city, id, "NONSENSE", null).andExpect(status().isBadRequest());

		// a credit code can belong to one provider only
		String code = creditCode();
		send(provider, put("/api/v1/providers/{id}", id), application("校验测试机构", code, "某路")).andExpect(status().isOk());
		KehouUser copycat = newProvider("冒用代码的机构");
		send(copycat, put("/api/v1/providers/{id}", id(copycat)), application("冒用代码的机构", code, "某路"))
			.andExpect(status().isConflict());

		// the form shows the message next to the field
		mvc.perform(post("/console/providers/{id}", id).with(user(provider)).with(csrf())
			.param("legalName", "校验测试机构").param("creditCode", wrongCheck))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("统一社会信用代码无效")));
	}

	@Test
	void theConsolePagesWalkTheApplication() throws Exception {
		KehouUser provider = newProvider("页面测试机构");
		long id = id(provider);
		mvc.perform(get("/console/providers/mine").with(user(provider)))
			.andExpect(redirectedUrl("/console/providers/" + id));
		mvc.perform(post("/console/providers/{id}", id).with(user(provider)).with(csrf())
			.param("legalName", "页面测试机构").param("creditCode", creditCode()).param("licenceNo", "L-1")
			.param("licenceValidUntil", "2028-01-01").param("nationalRegistered", "true")
			.param("nationalRegistrationNo", "N-1").param("contactName", "李老师").param("contactPhone", "13900001111")
			.param("address", "某路 3 号").param("categories", "ARTS", "READING"))
			.andExpect(redirectedUrl("/console/providers/" + id));
		mvc.perform(post("/console/providers/{id}/submit", id).with(user(provider)).with(csrf())
			.param("townIds", String.valueOf(town1)))
			.andExpect(redirectedUrl("/console/providers/" + id));
		getAs(provider, "/console").andExpect(status().isOk())
			.andExpect(content().string(containsString("页面测试机构")))
			.andExpect(content().string(containsString("待审核")));
		getAs(town1Office, "/console").andExpect(content().string(containsString("待审核的申请")));
		getAs(town1Office, "/console/providers?status=SUBMITTED")
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("页面测试机构")));
		getAs(town1Office, "/console/providers/{id}", id)
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-confirm")))
			.andExpect(content().string(containsString("139****1111")));
		mvc.perform(post("/console/providers/{id}/review", id).with(user(town1Office)).with(csrf())
			.param("action", "APPROVE"))
			.andExpect(redirectedUrl("/console/providers/" + id));
		assertThat(jdbc.sql("SELECT status FROM provider WHERE id = :id").param("id", id).query(String.class).single())
			.isEqualTo("APPROVED");
		getAs(town2Office, "/console/providers/{id}", id).andExpect(status().isNotFound());
		getAs(town2Office, "/console/providers?status=DRAFT").andExpect(status().isOk());
	}
}
