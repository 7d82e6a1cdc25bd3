package org.kehou.providers;

import static org.assertj.core.api.Assertions.assertThat;
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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Instructors through the API on the real database: assignability, personal data, scope, validation. */
@DemoCityTest
class InstructorTests extends ProviderAccountsTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Instructors instructors;

	KehouUser provider;

	KehouUser other;

	KehouUser city;

	@BeforeEach
	void accounts() {
		provider = newProvider("教员测试机构");
		other = newProvider("别家机构");
		city = account("CITY_ADMIN", null, null);
	}

	/** A fresh valid ID number (the hash is unique across the database). */
	/** A valid, random ID number (birth date and sequence random: tests share a database and must not collide). */
	static String idNumber() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String first17 = "440100" + (1970 + random.nextInt(30)) + String.format("%02d%02d%03d", 1 + random.nextInt(12),
				1 + random.nextInt(28), random.nextInt(1000));
		return first17 + org.kehou.shared.ChineseIdNumber.checkDigit(first17);
	}

	static String json(String idNumber, LocalDate noCriminalRecord) {
		return """
				{"name": "李老师", "gender": "F", "idNumber": "%s", "phone": "13912345678",
				 "certificateType": "TEACHER", "certificateNo": "T-2020-1", "noCriminalRecordIssuedOn": "%s",
				 "labourContract": true, "contractStart": "2024-09-01", "contractEnd": null}"""
			.formatted(idNumber, noCriminalRecord);
	}

	ResultActions send(KehouUser who, MockHttpServletRequestBuilder request, String body) throws Exception {
		return mvc.perform(request.with(user(who)).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	long register(String idNumber, LocalDate noCriminalRecord) throws Exception {
		String body = send(provider, post("/api/v1/providers/{p}/instructors", id(provider)),
				json(idNumber, noCriminalRecord))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(body, "$.id")).longValue();
	}

	@Test
	void anInstructorWithAnExpiredNoCriminalRecordCertificateCannotBeAssignedRenewingItMakesThemAssignable()
			throws Exception {
		LocalDate today = Instructors.today();
		String idNumber = idNumber();
		long instructor = register(idNumber, today.minusYears(1).minusDays(3));

		assertThat(instructors.assignable(instructor, today).reasons())
			.containsExactly(Assignability.Reason.NO_CRIMINAL_RECORD_EXPIRED);
		assertThat(instructors.findAssignable(id(provider), today)).extracting(InstructorView::id)
			.doesNotContain(instructor);
		mvc.perform(get("/api/v1/providers/{p}/instructors", id(provider)).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].assignable").value(false))
			.andExpect(jsonPath("$[0].reasons[0]").value("NO_CRIMINAL_RECORD_EXPIRED"));
		mvc.perform(get("/console/providers/{p}/instructors", id(provider)).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("不可安排：")))
			.andExpect(content().string(containsString("无犯罪记录证明已超过一年")));

		send(provider, put("/api/v1/instructors/{id}", instructor), json(idNumber, today.minusDays(2)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.assignable").value(true));
		assertThat(instructors.assignable(instructor, today).assignable()).isTrue();
		mvc.perform(get("/console/providers/{p}/instructors", id(provider)).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("可安排")))
			.andExpect(content().string(not(containsString(idNumber))));
		assertThat(instructors.findAssignable(id(provider), today)).extracting(InstructorView::id).contains(instructor);
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE target_type = 'instructor' AND target_id = :id")
			.param("id", String.valueOf(instructor)).query(Long.class).single()).isEqualTo(2);
	}

	@Test
	void theIdNumberIsStoredProtectedAndItsFullViewIsAudited() throws Exception {
		String idNumber = idNumber();
		long instructor = register(idNumber, Instructors.today().minusMonths(1));
		var row = jdbc.sql("SELECT * FROM instructor WHERE id = :id").param("id", instructor).query().singleRow();
		assertThat(row.values().stream().map(String::valueOf)).noneMatch(v -> v.contains(idNumber))
			.noneMatch(v -> v.contains("13912345678"));
		assertThat(new String((byte[]) row.get("id_number_enc"), java.nio.charset.StandardCharsets.ISO_8859_1))
			.doesNotContain(idNumber);

		mvc.perform(get("/api/v1/instructors/{id}", instructor).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.idNumberMasked").value(org.kehou.shared.Masking.idNumber(idNumber)))
			.andExpect(content().string(not(containsString(idNumber))));
		mvc.perform(get("/api/v1/instructors/{id}/id-number", instructor).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.idNumber").value(idNumber));
		assertThat(jdbc.sql("""
				SELECT count(*) FROM audit_event WHERE action = 'instructor.view-full-id-number' AND target_id = :id""")
			.param("id", String.valueOf(instructor)).query(Long.class).single()).isEqualTo(1);

		// the same person cannot be registered twice
		send(provider, post("/api/v1/providers/{p}/instructors", id(provider)), json(idNumber, Instructors.today()))
			.andExpect(status().isConflict());
	}

	@Test
	void anotherProviderGets404AndTheCitySeesTheList() throws Exception {
		long instructor = register(idNumber(), Instructors.today());
		mvc.perform(get("/api/v1/instructors/{id}", instructor).with(user(other))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/instructors/{id}/id-number", instructor).with(user(other)))
			.andExpect(status().isNotFound());
		send(other, put("/api/v1/instructors/{id}", instructor), json(idNumber(), Instructors.today()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/providers/{p}/instructors", id(provider)).with(user(other)))
			.andExpect(status().isNotFound());
		send(other, post("/api/v1/providers/{p}/instructors", id(provider)), json(idNumber(), Instructors.today()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/providers/{p}/instructors", id(provider)).with(user(city)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].id", hasItem((int) instructor)));
	}

	@Test
	void invalidInputIs400WithFieldErrors() throws Exception {
		String body = """
				{"name": "", "idNumber": "110101199003070012", "certificateType": "PROFESSIONAL", "certificateNo": "P-1",
				 "noCriminalRecordIssuedOn": "2099-01-01", "labourContract": true, "contractStart": "2025-09-01",
				 "contractEnd": "2025-01-01"}""";
		send(provider, post("/api/v1/providers/{p}/instructors", id(provider)), body)
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("name")))
			.andExpect(content().string(containsString("idNumber")))
			.andExpect(content().string(containsString("noCriminalRecordNotFuture")))
			.andExpect(content().string(containsString("certificateValidityGiven")))
			.andExpect(content().string(containsString("contractDatesConsistent")));
		assertThat(instructors.list(id(provider))).isEmpty();
	}

	@Test
	void theProviderRegistersAndRenewsThroughThePages() throws Exception {
		String idNumber = idNumber();
		java.util.function.Function<LocalDate, MockHttpServletRequestBuilder> form = ncr -> post("/x")
			.param("name", "王老师").param("idNumber", idNumber).param("certificateType", "TEACHER")
			.param("certificateNo", "T-9").param("noCriminalRecordIssuedOn", ncr.toString())
			.param("labourContract", "true").param("contractStart", "2024-09-01").param("active", "true");
		LocalDate today = Instructors.today();
		mvc.perform(form.apply(today.minusYears(2)).with(r -> {
			r.setRequestURI("/console/providers/" + id(provider) + "/instructors");
			return r;
		}).with(user(provider)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		long instructor = instructors.list(id(provider)).get(0).id();
		mvc.perform(get("/console/providers/{p}/instructors", id(provider)).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("无犯罪记录证明已超过一年")));
		mvc.perform(get("/console/instructors/{id}", instructor).with(user(provider))).andExpect(status().isOk());
		mvc.perform(post("/console/instructors/{id}", instructor).param("name", "王老师").param("idNumber", "123")
			.param("certificateType", "TEACHER").param("certificateNo", "T-9").with(user(provider)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("身份证号码无效")));
		mvc.perform(form.apply(today.minusDays(1)).with(r -> {
			r.setRequestURI("/console/instructors/" + instructor);
			return r;
		}).with(user(provider)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(instructors.assignable(instructor, today).assignable()).isTrue();
		mvc.perform(get("/console/instructors/{id}", instructor).with(user(other))).andExpect(status().isNotFound());
	}

	@Test
	void theOfficeOfATownTheProviderAppliedToSeesTheListOtherTownsDoNot() throws Exception {
		long instructor = register(idNumber(), Instructors.today());
		java.util.List<Long> towns = jdbc.sql("SELECT id FROM town ORDER BY id LIMIT 2").query(Long.class).list();
		jdbc.sql("INSERT INTO provider_town_admission (provider_id, town_id, status) VALUES (:p, :t, 'PENDING')")
			.param("p", id(provider)).param("t", towns.get(0)).update();
		KehouUser applied = townOffice(towns.get(0));
		KehouUser elsewhere = townOffice(towns.get(1));
		mvc.perform(get("/api/v1/providers/{p}/instructors", id(provider)).with(user(applied)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].id", hasItem((int) instructor)));
		mvc.perform(get("/console/providers/{p}/instructors", id(provider)).with(user(applied)))
			.andExpect(status().isOk());
		mvc.perform(get("/api/v1/instructors/{id}/id-number", instructor).with(user(applied)))
			.andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/providers/{p}/instructors", id(provider)).with(user(elsewhere)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/instructors/{id}", instructor).with(user(elsewhere)))
			.andExpect(status().isNotFound());
	}

	KehouUser townOffice(long town) {
		String name = "t-town-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
		long id = jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, town_id) VALUES (:h, :u, 'TOWN_ADMIN', :t) RETURNING id""")
			.param("h", name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).param("u", name).param("t", town)
			.query(Long.class).single();
		return new KehouUser(id, name, name, null, Role.TOWN_ADMIN, new Scope(Role.TOWN_ADMIN, town, null, null, null),
				null, false, false, true);
	}
}
