package org.kehou.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.providers.internal.ProviderExpiryJob;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The rest of the providers' lifecycle on the real database, in the demo city: categories from the catalogue, the
 * review levels, the annual review, expiry reminders and automatic suspension, reinstating.
 */
@DemoCityTest
@RecordApplicationEvents
@ExtendWith(OutputCaptureExtension.class)
class ProviderLifecycleFlowTests extends ProviderAccountsTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationEvents events;

	@Autowired
	Providers providers;

	@Autowired
	ProviderExpiryJob expiryJob;

	@Autowired
	ProviderReminders reminders;

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
		city = account("CITY_ADMIN", null, null);
		town1Office = account("TOWN_ADMIN", town1, null);
		town2Office = account("TOWN_ADMIN", town2, null);
	}

	ResultActions send(KehouUser who, MockHttpServletRequestBuilder request, String json) throws Exception {
		return mvc.perform(request.with(user(who)).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	ResultActions review(KehouUser who, long providerId, String action, String reason) throws Exception {
		String json = reason == null ? "{\"action\": \"%s\"}".formatted(action)
				: "{\"action\": \"%s\", \"reason\": \"%s\"}".formatted(action, reason);
		return send(who, post("/api/v1/providers/{id}/review", providerId), json);
	}

	/** A provider that applied to the given towns (complete application, contact 138 1234 5678). */
	KehouUser applied(String name, long... towns) throws Exception {
		KehouUser provider = newProvider(name);
		send(provider, put("/api/v1/providers/{id}", id(provider)),
				ProviderWorkflowTests.application(name, ProviderWorkflowTests.creditCode(), "文化路 8 号"))
			.andExpect(status().isOk());
		String ids = java.util.Arrays.stream(towns).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(","));
		send(provider, post("/api/v1/providers/{id}/submit", id(provider)), "{\"townIds\": [%s]}".formatted(ids))
			.andExpect(status().isOk());
		return provider;
	}

	KehouUser approved(String name) throws Exception {
		KehouUser provider = applied(name, town1);
		review(town1Office, id(provider), "APPROVE", null).andExpect(jsonPath("$.status").value("APPROVED"));
		return provider;
	}

	String providerStatus(long id) {
		return jdbc.sql("SELECT status FROM provider WHERE id = :id").param("id", id).query(String.class).single();
	}

	/** The whitelist's meaning (see {@code Whitelist}): approved, and the town's admission approved and in force. */
	boolean whitelisted(long providerId, long townId, LocalDate day) {
		return jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM provider p JOIN provider_town_admission a ON a.provider_id = p.id
				  WHERE p.id = :p AND a.town_id = :t AND p.status = 'APPROVED' AND a.status = 'APPROVED'
				    AND (a.valid_until IS NULL OR a.valid_until >= :d))""")
			.param("p", providerId).param("t", townId).param("d", day).query(Boolean.class).single();
	}

	@Test
	void serviceCategoriesAreTheCataloguesCourseCategories() throws Exception {
		assertThat(providers.serviceCategories()).extracting(c -> c.code())
			.contains("ARTS", "SPORTS", "PSYCHOLOGY")
			.doesNotContain("BASIC_CARE");
		KehouUser provider = newProvider("类别测试机构");
		String code = ProviderWorkflowTests.creditCode();
		send(provider, put("/api/v1/providers/{id}", id(provider)),
				ProviderWorkflowTests.application("类别测试机构", code, "某路").replace("\"SPORTS\"", "\"BASIC_CARE\""))
			.andExpect(status().isBadRequest());
		send(provider, put("/api/v1/providers/{id}", id(provider)),
				ProviderWorkflowTests.application("类别测试机构", code, "某路").replace("\"SPORTS\"", "\"MATHS\""))
			.andExpect(status().isBadRequest());
		send(provider, put("/api/v1/providers/{id}", id(provider)),
				ProviderWorkflowTests.application("类别测试机构", code, "某路").replace("\"SPORTS\"", "\"PSYCHOLOGY\""))
			.andExpect(status().isOk());
		// the form's checkboxes and names come from the catalogue, in both languages
		mvc.perform(get("/console/providers/{id}", id(provider)).with(user(provider)))
			.andExpect(content().string(containsString("value=\"PSYCHOLOGY\"")))
			.andExpect(content().string(containsString("心理")))
			.andExpect(content().string(not(containsString("value=\"BASIC_CARE\""))));
		mvc.perform(get("/console/providers/{id}", id(provider)).param("lang", "en").with(user(provider)))
			.andExpect(content().string(containsString("Psychology")));
	}

	@Test
	void theDefaultLevelIsTheTownAndTheCityDecidesNothing() throws Exception {
		assertThat(providers.reviewLevel()).isEqualTo(ReviewLevel.TOWN);
		KehouUser provider = applied("默认审核层级机构", town1);
		review(city, id(provider), "APPROVE", null).andExpect(status().isForbidden());
		review(city, id(provider), "CONFIRM", null).andExpect(status().isForbidden());
		review(town1Office, id(provider), "CONFIRM", null).andExpect(status().isForbidden());
		mvc.perform(get("/console/providers/{id}", id(provider)).with(user(town1Office)))
			.andExpect(content().string(containsString("由申请的镇街教办审核本镇街的准入")));
	}

	@Test
	void atCityLevelTheCityDecidesEveryTownAndAtTownThenCityItConfirms() throws Exception {
		LocalDate today = LocalDate.of(2027, 3, 1);
		// CITY: towns have no say; the city decides one town, then all the others
		KehouUser provider = applied("市级审核机构", town1, town2);
		long id = id(provider);
		assertThatThrownBy(() -> providers.review(id, ReviewAction.APPROVE, null, null, town1Office.scope(),
				ReviewLevel.CITY, today)).isInstanceOf(AccessDeniedException.class);
		providers.review(id, ReviewAction.APPROVE, null, town2, city.scope(), ReviewLevel.CITY, today);
		assertThat(providerStatus(id)).isEqualTo("SUBMITTED");
		var view = providers.review(id, ReviewAction.APPROVE, null, null, city.scope(), ReviewLevel.CITY, today);
		assertThat(view.status()).isEqualTo(ProviderStatus.APPROVED);
		assertThat(view.admissions()).allSatisfy(a -> {
			assertThat(a.status()).isEqualTo(AdmissionStatus.APPROVED);
			assertThat(a.validUntil()).isEqualTo(LocalDate.of(2027, 8, 31));
		});

		// TOWN_THEN_CITY: the town's approval is not an admission until the city confirms it
		KehouUser second = applied("两级审核机构", town1);
		long id2 = id(second);
		providers.review(id2, ReviewAction.APPROVE, null, null, town1Office.scope(), ReviewLevel.TOWN_THEN_CITY, today);
		assertThat(providerStatus(id2)).isEqualTo("SUBMITTED");
		assertThat(whitelisted(id2, town1, today)).isFalse();
		assertThatThrownBy(() -> providers.review(id2, ReviewAction.CONFIRM, null, null, town1Office.scope(),
				ReviewLevel.TOWN_THEN_CITY, today)).isInstanceOf(AccessDeniedException.class);
		providers.review(id2, ReviewAction.CONFIRM, null, town1, city.scope(), ReviewLevel.TOWN_THEN_CITY, today);
		assertThat(providerStatus(id2)).isEqualTo("APPROVED");
		assertThat(whitelisted(id2, town1, today)).isTrue();
		assertThat(jdbc.sql("SELECT action FROM provider_review WHERE provider_id = :id ORDER BY id").param("id", id2)
			.query(String.class).list()).containsExactly("SUBMIT", "APPROVE", "CONFIRM");
	}

	@Test
	void theAnnualReviewKeepsTheProviderWhitelistedUntilItsDateAndReapprovalExtendsIt() throws Exception {
		KehouUser provider = approved("年度复核机构");
		long id = id(provider);
		LocalDate validUntil = jdbc.sql("SELECT valid_until FROM provider_town_admission WHERE provider_id = :id")
			.param("id", id).query(LocalDate.class).single();

		send(town2Office, post("/api/v1/providers/annual-review"), "").andExpect(status().isOk());
		assertThat(jdbc.sql("SELECT renewal FROM provider_town_admission WHERE provider_id = :id").param("id", id)
			.query(String.class).optional()).as("another town's opening does not touch town1's pool").isEmpty();

		send(town1Office, post("/api/v1/providers/annual-review"), "")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.providersAsked").value(org.hamcrest.Matchers.greaterThanOrEqualTo(1)));
		mvc.perform(get("/api/v1/providers?annualReview=true").with(user(town1Office)))
			.andExpect(jsonPath("$.content[*].id", hasItem((int) id)));
		mvc.perform(get("/console/providers?annualReview=true").with(user(town1Office)))
			.andExpect(content().string(containsString("年度复核机构")))
			.andExpect(content().string(containsString("待年度复核")));
		mvc.perform(get("/console").with(user(town1Office)))
			.andExpect(content().string(containsString("/console/providers?annualReview=true")));
		mvc.perform(get("/console/providers/{id}", id).with(user(provider)))
			.andExpect(content().string(containsString("年度复核：请确认或更新申请信息")))
			.andExpect(content().string(containsString("提交年度复核")));

		// still on the whitelist until its date; after it, off unless re-approved
		assertThat(whitelisted(id, town1, validUntil)).isTrue();
		assertThat(whitelisted(id, town1, validUntil.plusDays(1))).isFalse();

		// the town cannot decide before the provider resubmits; the provider may update meanwhile
		review(town1Office, id, "APPROVE", null).andExpect(status().isConflict());
		send(provider, put("/api/v1/providers/{id}", id), ProviderWorkflowTests.application("年度复核机构",
				jdbc.sql("SELECT credit_code FROM provider WHERE id = :id").param("id", id).query(String.class).single(),
				"新地址 9 号")).andExpect(status().isOk());
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": []}").andExpect(status().isBadRequest());
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town1))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"))
			.andExpect(jsonPath("$.admissions[0].renewal").value("SUBMITTED"));
		mvc.perform(get("/console/providers/{id}", id).with(user(town1Office)))
			.andExpect(content().string(containsString("value=\"APPROVE\"")));
		review(town1Office, id, "APPROVE", null)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"))
			.andExpect(jsonPath("$.admissions[0].validUntil").value(validUntil.plusYears(1).toString()))
			.andExpect(jsonPath("$.admissions[0].renewal").doesNotExist());
		assertThat(whitelisted(id, town1, validUntil.plusDays(1))).isTrue();
		assertThat(jdbc.sql("SELECT action FROM provider_review WHERE provider_id = :id ORDER BY id").param("id", id)
			.query(String.class).list()).containsExactly("SUBMIT", "APPROVE", "ANNUAL_REVIEW", "SUBMIT", "APPROVE");
	}

	@Test
	void anAnnualReviewRejectionTakesTheProviderOffAtOnce() throws Exception {
		KehouUser provider = approved("复核驳回机构");
		long id = id(provider);
		mvc.perform(post("/console/providers/annual-review").with(user(town1Office)).with(csrf()))
			.andExpect(redirectedUrl("/console/providers?annualReview=true"));
		send(provider, post("/api/v1/providers/{id}/submit", id), "{\"townIds\": [%d]}".formatted(town1))
			.andExpect(status().isOk());
		review(town1Office, id, "REJECT", "资质不再符合").andExpect(jsonPath("$.status").value("REJECTED"));
		assertThat(whitelisted(id, town1, LocalDate.now(Providers.CITY_ZONE))).isFalse();
	}

	@Test
	void expiringDocumentsRaiseOneReminderEachAndAnExpiredLicenceSuspends(CapturedOutput output) throws Exception {
		KehouUser provider = approved("证照到期机构");
		long id = id(provider);
		LocalDate today = LocalDate.now(Providers.CITY_ZONE);
		LocalDate licenceEnd = today.plusDays(10);
		jdbc.sql("UPDATE provider SET licence_valid_until = :d, permit_valid_until = :p WHERE id = :id")
			.param("d", licenceEnd).param("p", today.plusDays(200)).param("id", id).update();
		byte[] hash = new byte[32];
		ThreadLocalRandom.current().nextBytes(hash);
		long instructor = jdbc.sql("""
				INSERT INTO instructor (provider_id, name, id_number_enc, id_number_hash, id_number_masked,
				  certificate_type, certificate_no, certificate_valid_until, no_criminal_record_on, labour_contract,
				  contract_start, contract_end)
				VALUES (:p, '赵教练', :h, :h, '4420**********0000', 'TEACHER', 'C-1', :cert, :ncr, TRUE, :start, :end)
				RETURNING id""")
			.param("p", id).param("h", hash).param("cert", today.plusDays(5))
			.param("ncr", today.minusYears(1).plusDays(20)).param("start", today.minusYears(1))
			.param("end", today.plusDays(40))
			.query(Long.class).single();

		expiryJob.run(today);
		var current = reminders.list(id);
		assertThat(current).extracting(ProviderReminders.Reminder::document)
			.containsExactlyInAnyOrder(ProviderReminders.Document.BUSINESS_LICENCE,
					ProviderReminders.Document.CERTIFICATE, ProviderReminders.Document.NO_CRIMINAL_RECORD);
		assertThat(current).filteredOn(r -> r.document() == ProviderReminders.Document.NO_CRIMINAL_RECORD)
			.singleElement().satisfies(r -> {
				assertThat(r.instructorId()).isEqualTo(instructor);
				assertThat(r.expiresOn()).isEqualTo(today.plusDays(19));
			});
		assertThat(output).contains("SMS to 138****5678 [document-expiring]");

		// idempotent: running again (or the next day) adds nothing
		expiryJob.run(today);
		expiryJob.run(today.plusDays(1));
		assertThat(jdbc.sql("SELECT count(*) FROM provider_reminder WHERE provider_id = :id").param("id", id)
			.query(Long.class).single()).isEqualTo(3);

		// shown on the provider's page, its home and through the API
		mvc.perform(get("/console/providers/{id}", id).with(user(provider)))
			.andExpect(content().string(containsString("证照到期提醒")))
			.andExpect(content().string(containsString("赵教练")))
			.andExpect(content().string(containsString(licenceEnd.toString())));
		mvc.perform(get("/console").with(user(provider)))
			.andExpect(content().string(containsString(licenceEnd + " 到期")));
		mvc.perform(get("/api/v1/providers/{id}/reminders", id).with(user(town1Office)))
			.andExpect(jsonPath("$.length()").value(3));
		mvc.perform(get("/api/v1/providers/{id}/reminders", id).with(user(town2Office)))
			.andExpect(status().isNotFound());

		// the licence expires: the provider is suspended by the system, with a reason, history, audit and event
		var result = expiryJob.run(licenceEnd.plusDays(1));
		assertThat(result.providersSuspended()).isGreaterThanOrEqualTo(1);
		assertThat(providerStatus(id)).isEqualTo("SUSPENDED");
		assertThat(whitelisted(id, town1, today)).isFalse();
		assertThat(jdbc.sql("""
				SELECT reason FROM provider_review WHERE provider_id = :id AND action = 'SUSPEND' AND reviewer_id IS NULL""")
			.param("id", id).query(String.class).single()).isEqualTo("营业执照已于 " + licenceEnd + " 过期（系统自动暂停）");
		assertThat(jdbc.sql("""
				SELECT count(*) FROM audit_event WHERE target_type = 'provider' AND target_id = :id
				  AND action = 'provider.suspend'""").param("id", String.valueOf(id)).query(Long.class).single())
			.isEqualTo(1);
		assertThat(events.stream(ProviderStatusChanged.class).filter(e -> e.providerId() == id))
			.last().satisfies(e -> {
				assertThat(e.action()).isEqualTo(ReviewAction.SUSPEND);
				assertThat(e.to()).isEqualTo(ProviderStatus.SUSPENDED);
			});
		expiryJob.run(licenceEnd.plusDays(2));
		assertThat(jdbc.sql("SELECT count(*) FROM provider_review WHERE provider_id = :id AND action = 'SUSPEND'")
			.param("id", id).query(Long.class).single()).as("once").isEqualTo(1);

		// reinstating needs a valid licence again (the check uses today's date; push the licence into the past)
		jdbc.sql("UPDATE provider SET licence_valid_until = :d WHERE id = :id").param("d", today.minusDays(1))
			.param("id", id).update();
		review(city, id, "REINSTATE", "已换发新执照").andExpect(status().isConflict());
		review(town1Office, id, "REINSTATE", "x").andExpect(status().isForbidden());
		review(city, id, "REINSTATE", null).andExpect(status().isBadRequest());
		jdbc.sql("UPDATE provider SET licence_valid_until = :d WHERE id = :id").param("d", today.plusYears(3))
			.param("id", id).update();
		mvc.perform(get("/console/providers/{id}", id).with(user(city)))
			.andExpect(content().string(containsString("value=\"REINSTATE\"")));
		review(city, id, "REINSTATE", "已换发新执照")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"))
			.andExpect(jsonPath("$.admissions[0].status").value("APPROVED"));
		assertThat(whitelisted(id, town1, today)).isTrue();

		// expulsion is final
		review(city, id, "EXPEL", "严重违规").andExpect(jsonPath("$.status").value("EXPELLED"));
		review(city, id, "REINSTATE", "再给一次机会").andExpect(status().isConflict());
	}
}
