package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;

/**
 * Check-in pages and API: the classroom's QR code (its PNG decodes to the absolute check-in URL, forwarded headers
 * honoured) for a teacher of the offering and the school admin only; the instructor checks in with the scanned code on
 * the phone page and over JSON; scope (another provider's or a non-teaching instructor's requests are 404); Problem
 * Details for bad input; the console sheets; the provider administrator's instructor accounts.
 */
@DemoCityTest
class CheckInWebTests {

	/** The code is a clean generated image: decode it as a pure QR code (without these hints ~0.3 % of codes fail). */
	static final java.util.Map<com.google.zxing.DecodeHintType, Object> QR_HINTS = java.util.Map.of(
			com.google.zxing.DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(com.google.zxing.BarcodeFormat.QR_CODE),
			com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE, com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE);

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	UserDetailsService users;

	AttendanceWorld world;

	long provider;

	long instructor;

	long offering;

	long session;

	KehouUser me;

	KehouUser teacher;

	KehouUser schoolAdmin;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		provider = world.provider();
		instructor = world.instructor(provider, cipher, "赵老师");
		offering = world.offering("机器人", "1 15:30-16:30");
		world.instruct(offering, instructor);
		world.teach(offering, "teacher1");
		// a session starting in a few minutes, so its code is open now and no sweep reaches it during the test
		LocalTime now = Sessions.now().toLocalTime().truncatedTo(ChronoUnit.MINUTES);
		LocalTime starts = now.isAfter(LocalTime.of(23, 45)) ? LocalTime.of(23, 50) : now.plusMinutes(5);
		LocalTime ends = starts.isAfter(LocalTime.of(22, 58)) ? LocalTime.of(23, 59) : starts.plusMinutes(60);
		session = world.session(offering, Sessions.now().toLocalDate(), starts.toString(), ends.toString());
		me = world.instructorAccount(provider, instructor);
		teacher = (KehouUser) users.loadUserByUsername("teacher1");
		schoolAdmin = (KehouUser) users.loadUserByUsername("school1");
	}

	KehouUser providerAdmin(long providerId) {
		String login = "padmin-" + world.tag + "-" + providerId;
		long id = world.account(login, "PROVIDER_ADMIN", providerId, null);
		return new KehouUser(id, login, login, null, Role.PROVIDER_ADMIN,
				new Scope(Role.PROVIDER_ADMIN, null, null, null, providerId), null, false, false, true);
	}

	String code() throws Exception {
		String json = mvc.perform(get("/api/v1/sessions/{id}/check-in-code", session).with(user(teacher)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.open").value(true))
			.andReturn().getResponse().getContentAsString();
		return com.jayway.jsonpath.JsonPath.read(json, "$.code");
	}

	@Test
	void theClassroomQrCodeCarriesTheAbsoluteCheckInUrl() throws Exception {
		mvc.perform(get("/m/sessions/{id}/check-in-code", session).param("lang", "en").with(user(teacher)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("/m/sessions/" + session + "/check-in-code.png")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("It changes every 30 seconds")));
		byte[] png = mvc.perform(get("/m/sessions/{id}/check-in-code.png", session).with(user(schoolAdmin))
			.header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "kehou.example.cn"))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.IMAGE_PNG))
			.andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("no-store")))
			.andReturn().getResponse().getContentAsByteArray();
		String url = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(
				new BufferedImageLuminanceSource(ImageIO.read(new ByteArrayInputStream(png))))), QR_HINTS).getText();
		assertThat(url).startsWith("https://kehou.example.cn/m/sessions/" + session + "/check-in?code=");

		byte[] plain = mvc.perform(get("/m/sessions/{id}/check-in-code.png", session).with(user(teacher)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
		String local = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(
				new BufferedImageLuminanceSource(ImageIO.read(new ByteArrayInputStream(plain))))), QR_HINTS).getText();
		assertThat(local).startsWith("http://localhost/m/sessions/" + session + "/check-in?code=");

		// a teacher who does not teach the offering, another school's admin, an instructor: not theirs to show
		long other = world.offering("篮球", "2 15:30-16:30");
		long otherSession = world.session(other, Sessions.now().toLocalDate(), "23:00", "23:30");
		mvc.perform(get("/m/sessions/{id}/check-in-code", otherSession).with(user(teacher))).andExpect(status().isNotFound());
		mvc.perform(get("/m/sessions/{id}/check-in-code.png", session).with(user((KehouUser) users.loadUserByUsername("school2"))))
			.andExpect(status().isNotFound());
		mvc.perform(get("/m/sessions/{id}/check-in-code", session).with(user(me))).andExpect(status().isForbidden());
		mvc.perform(get("/m/check-in-codes").param("lang", "en").with(user(teacher)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("/m/sessions/" + session + "/check-in-code")))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
					"/m/sessions/" + otherSession + "/check-in-code"))));
	}

	@Test
	void theInstructorChecksInOnThePhonePageWithTheScannedCode() throws Exception {
		String code = code();
		mvc.perform(get("/m/sessions/{id}/check-in", session).param("code", code).param("lang", "en").with(user(me)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("机器人")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"check-in-button\"")));
		mvc.perform(post("/m/sessions/{id}/check-in", session).param("code", code).with(user(me)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/m/sessions/" + session + "/check-in"));
		mvc.perform(get("/m/sessions/{id}/check-in", session).param("lang", "en").with(user(me)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("QR code again to check out")))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("id=\"check-in-button\""))));
		assertThat(world.count("SELECT count(*) FROM instructor_check_in WHERE session_id = :p", session)).isEqualTo(1);
		mvc.perform(get("/m/check-in").param("lang", "en").with(user(me)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Checked in ")));
		// a stale code on the page: a readable message, nothing recorded twice
		mvc.perform(post("/m/sessions/{id}/check-out", session).param("code", "stale").with(user(me)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attribute("error",
					org.hamcrest.Matchers.containsString("二维码已过期")));
	}

	@Test
	void theApiChecksInOnceAndAnswersProblemDetails() throws Exception {
		String code = code();
		mvc.perform(post("/api/v1/sessions/{id}/check-in", session).with(user(me)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"code\":\"" + code + "\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.replay").value(false))
			.andExpect(jsonPath("$.checkIn.instructorId").value(instructor));
		mvc.perform(post("/api/v1/sessions/{id}/check-in", session).with(user(me)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"code\":\"" + code + "\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.replay").value(true));
		mvc.perform(post("/api/v1/sessions/{id}/check-out", session).with(user(me)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"code\":\"nope\"}"))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.reason").value("CODE_INVALID"));
		mvc.perform(post("/api/v1/sessions/{id}/check-in", session).with(user(me)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.code").exists());
		mvc.perform(post("/api/v1/sessions/{id}/check-in", session).with(user(me)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"code\":"))
			.andExpect(status().isBadRequest());
		mvc.perform(get("/api/v1/sessions/{id}/check-ins", session).with(user(schoolAdmin)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].providerId").value(provider));

		// a colleague of the same provider who does not teach it, an unlinked account, another provider: 404
		KehouUser colleague = world.instructorAccount(provider, world.instructor(provider, cipher, "钱老师"));
		KehouUser unlinked = world.instructorAccount(provider, null);
		KehouUser stranger = world.instructorAccount(world.provider(), null);
		for (KehouUser other : new KehouUser[] { colleague, unlinked, stranger }) {
			mvc.perform(post("/api/v1/sessions/{id}/check-in", session).with(user(other)).with(csrf())
				.contentType(MediaType.APPLICATION_JSON).content("{\"code\":\"" + code + "\"}"))
				.andExpect(status().isNotFound());
			mvc.perform(get("/m/sessions/{id}/check-in", session).param("code", code).with(user(other)))
				.andExpect(status().isNotFound());
		}
		mvc.perform(get("/m/check-in").param("lang", "en").with(user(unlinked)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("not linked to an instructor record")));
		mvc.perform(get("/m/roll-call").param("lang", "en").with(user(unlinked)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("not linked to an instructor record")));
		assertThat(world.count("SELECT count(*) FROM instructor_check_in WHERE session_id = :p", session)).isEqualTo(1);
	}

	@Test
	void theSheetsShowTheSchoolAndTheProviderTheirCheckIns() throws Exception {
		LocalDate today = Sessions.now().toLocalDate();
		mvc.perform(get("/console/check-ins").param("lang", "en").with(user(schoolAdmin)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("机器人 " + world.tag)))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Not checked in")));
		mvc.perform(get("/console/check-ins").param("date", "2001-01-02").param("lang", "en").with(user(schoolAdmin)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("No session taught by an instructor on this day")));
		KehouUser admin = providerAdmin(provider);
		mvc.perform(get("/console/check-ins").param("lang", "en").with(user(admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("机器人 " + world.tag)));
		mvc.perform(get("/console/check-ins").param("lang", "en").with(user(providerAdmin(world.provider()))))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("机器人 " + world.tag))));
		mvc.perform(get("/api/v1/providers/{p}/check-ins", provider).param("from", today.toString())
			.param("to", today.toString()).with(user(admin)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(0));
		mvc.perform(get("/api/v1/providers/{p}/check-ins", provider).param("from", today.toString()).with(user(admin)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(get("/api/v1/providers/{p}/check-ins", provider).param("from", today.toString())
			.param("to", today.minusDays(3).toString()).with(user(admin)))
			.andExpect(status().isBadRequest());
		mvc.perform(get("/api/v1/providers/{p}/check-ins", provider).param("from", today.toString())
			.param("to", today.toString()).with(user(providerAdmin(world.provider()))))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/schools/{s}/check-ins", world.school).with(user(schoolAdmin)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.session.id == " + session + ")].instructors[0].instructorId").value(
					org.hamcrest.Matchers.contains((int) instructor)));
	}

	@Test
	void aProviderAdminOpensAndLinksInstructorAccountsOfTheirOwnInstructorsOnly() throws Exception {
		String login = "zhao" + world.tag.toLowerCase();
		try {
			opensAndLinks(login);
		}
		finally {
			// DemoCityTests counts the accounts with a user name (and initial passwords) in the shared database
			jdbc.sql("DELETE FROM app_user WHERE username = :u").param("u", login).update();
		}
	}

	void opensAndLinks(String login) throws Exception {
		KehouUser admin = providerAdmin(provider);
		mvc.perform(post("/console/instructor-accounts").param("username", login).param("displayName", "赵老师")
			.param("instructorId", String.valueOf(world.instructor(provider, cipher, "孙老师"))).param("lang", "en")
			.with(user(admin)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"temporary-password\"")));
		Long linked = jdbc.sql("SELECT instructor_id FROM app_user WHERE username = :u").param("u", login)
			.query(Long.class).single();
		assertThat(linked).isNotNull();
		mvc.perform(post("/console/instructor-accounts").param("username", login).param("displayName", "赵老师")
			.param("lang", "en").with(user(admin)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("This user name is taken")));

		long account = jdbc.sql("SELECT id FROM app_user WHERE username = :u").param("u", login).query(Long.class).single();
		long foreign = world.instructor(world.provider(), cipher, "外机构");
		mvc.perform(put("/api/v1/accounts/{u}/instructor", account).with(user(admin)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"instructorId\":" + foreign + "}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(post("/console/instructor-accounts/{u}/instructor", account).param("instructorId", String.valueOf(foreign))
			.with(user(admin)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(put("/api/v1/accounts/{u}/instructor", me.id()).with(user(admin)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"instructorId\":" + linked + "}"))
			.andExpect(status().isConflict());
		mvc.perform(put("/api/v1/accounts/{u}/instructor", account).with(user(admin)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"instructorId\":" + instructor + "}"))
			.andExpect(status().isConflict());
		mvc.perform(put("/api/v1/accounts/{u}/instructor", account).with(user(admin)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"instructorId\":null}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.instructorId").doesNotExist());
		mvc.perform(put("/api/v1/accounts/{u}/instructor", account).with(user(providerAdmin(world.provider()))).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"instructorId\":null}"))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/instructor-accounts").param("lang", "en").with(user(admin)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString(login)));
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'account.instructor-link' AND target_id = :t")
			.param("t", String.valueOf(account)).query(Long.class).single()).isOne();
	}
}
