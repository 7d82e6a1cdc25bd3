package org.kehou.courses;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.kehou.catalogue.FeeCaps;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.providers.CertificateType;
import org.kehou.providers.InstructorDetails;
import org.kehou.providers.Instructors;
import org.kehou.shared.ChineseIdNumber;
import org.kehou.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * What the course tests share, in the demo city (its two towns and four schools; no towns, schools or named
 * accounts are added so that the demo city's counts stay): fresh providers admitted to a town, fresh town and city
 * accounts, the demo school administrators, instructors and course requests.
 */
abstract class CourseTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	FeeCaps feeCaps;

	@Autowired
	Instructors instructors;

	long town1;

	long town2;

	KehouUser city;

	KehouUser town1Office;

	KehouUser town2Office;

	@BeforeEach
	void towns() {
		town1 = jdbc.sql("SELECT town_id FROM app_user WHERE username = 'town1'").query(Long.class).single();
		town2 = jdbc.sql("""
				SELECT s.town_id FROM app_user u JOIN school s ON s.id = u.school_id WHERE u.username = 'school2'""")
			.query(Long.class).single();
		city = account("CITY_ADMIN", null, null);
		town1Office = account("TOWN_ADMIN", town1, null);
		town2Office = account("TOWN_ADMIN", town2, null);
	}

	KehouUser account(String role, @Nullable Long townId, @Nullable Long providerId) {
		String name = "c-" + role.toLowerCase(Locale.ROOT) + "-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
		long id = jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, town_id, provider_id) VALUES (:h, :u, :r, :t, :p)
				RETURNING id""").param("h", name.getBytes(StandardCharsets.UTF_8)).param("u", name)
			.param("r", role).param("t", townId).param("p", providerId)
			.query(Long.class).single();
		Role r = Role.valueOf(role);
		return new KehouUser(id, name, name, null, r, new Scope(r, townId, null, null, providerId), null, false, false,
				true);
	}

	/** The demo administrator of a school (the demo city has exactly one per school). */
	KehouUser schoolAdmin(long schoolId) {
		return jdbc.sql("""
				SELECT u.id, u.display_name, s.town_id FROM app_user u JOIN school s ON s.id = u.school_id
				WHERE u.role = 'SCHOOL_ADMIN' AND u.school_id = :s ORDER BY u.id LIMIT 1""")
			.param("s", schoolId)
			.query((rs, i) -> new KehouUser(rs.getLong("id"), "school-admin-" + schoolId, rs.getString("display_name"),
					null, Role.SCHOOL_ADMIN, new Scope(Role.SCHOOL_ADMIN, rs.getObject("town_id", Long.class), schoolId,
							null, null), null, false, false, true))
			.single();
	}

	long school(String demoAccount) {
		return jdbc.sql("SELECT school_id FROM app_user WHERE username = :u").param("u", demoAccount)
			.query(Long.class).single();
	}

	long cityDirectSchool() {
		return jdbc.sql("SELECT id FROM school WHERE city_direct ORDER BY id LIMIT 1").query(Long.class).single();
	}

	/** A new provider (approved, admitted to the given towns until the school year's end) with its administrator. */
	KehouUser admittedProvider(String name, long... towns) {
		long id = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, :s) RETURNING id").param("n", name)
			.param("s", towns.length == 0 ? "DRAFT" : "APPROVED").query(Long.class).single();
		for (long town : towns) {
			jdbc.sql("""
					INSERT INTO provider_town_admission (provider_id, town_id, status, valid_until)
					VALUES (:p, :t, 'APPROVED', :until)""")
				.param("p", id).param("t", town).param("until", FeeCaps.today().plusMonths(6)).update();
		}
		return account("PROVIDER_ADMIN", null, id);
	}

	static long id(KehouUser provider) {
		return Objects.requireNonNull(provider.scope().providerId());
	}

	/** A course request; {@code price} in yuan, e.g. "28.00". */
	static String course(String name, String category, int minutes, String price, boolean notAcademic) {
		return """
				{"name": "%s", "category": "%s", "description": "少儿绘画启蒙", "grades": [3, 4, 5],
				 "lessonMinutes": %d, "lessonsPerTerm": 16, "price": "%s", "materialsFee": "¥80.00",
				 "minSize": 10, "maxSize": 30, "notAcademic": %s}"""
			.formatted(name, category, minutes, price, notAcademic);
	}

	ResultActions send(KehouUser who, MockHttpServletRequestBuilder request, String body) throws Exception {
		return mvc.perform(request.with(user(who)).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	long create(KehouUser provider, String body) throws Exception {
		String json = send(provider, post("/api/v1/providers/{p}/courses", id(provider)), body)
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		return ((Number) JsonPath.read(json, "$.id")).longValue();
	}

	/** The cap in force today for a category, town and lesson length. */
	Money cap(String category, @Nullable Long town, int minutes) {
		return feeCaps.capFor(category, town, minutes, FeeCaps.today()).orElseThrow().amount();
	}

	static String yuan(Money money) {
		return money.yuan().toPlainString();
	}

	/** A fresh valid ID number (the hash is unique across the database). */
	static String idNumber() {
		String first17 = "440100" + "198802" + (10 + ThreadLocalRandom.current().nextInt(19))
				+ String.format("%03d", ThreadLocalRandom.current().nextInt(1000));
		return first17 + ChineseIdNumber.checkDigit(first17);
	}

	static InstructorDetails instructor(String idNumber, LocalDate noCriminalRecord) {
		return new InstructorDetails("赵老师", "M", idNumber, null, CertificateType.TEACHER, "T-1", null,
				noCriminalRecord, true, LocalDate.of(2024, 9, 1), null, true);
	}
}
