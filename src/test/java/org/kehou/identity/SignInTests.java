package org.kehou.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Password sign-in, lock-out, sessions in PostgreSQL, logout, CSRF and security headers. */
class SignInTests extends IdentityTestSupport {

	@Test
	void signsInByUsernameIntoAJdbcSession() throws Exception {
		String name = username("teacher");
		long school = school(town());
		account(name, Role.TEACHER, null, school, null, false);

		mvc.perform(formLogin("/login").user(name).password(PASSWORD)).andExpect(redirectedUrl("/home"));
		Cookie session = signIn(name, PASSWORD);

		// the session really lives in spring_session, with the configured timeout (30 min)
		Integer timeout = jdbc.sql("SELECT max_inactive_interval FROM spring_session WHERE principal_name = :name LIMIT 1")
			.param("name", name)
			.query(Integer.class)
			.single();
		assertThat(timeout).isEqualTo(1800);
		mvc.perform(get("/account").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("测试" + name)));
		assertThat(auditCount("login", load(name).id())).isGreaterThanOrEqualTo(2);
	}

	@Test
	void signingInChangesTheSessionId() throws Exception {
		String name = username("fix");
		account(name, Role.TEACHER, null, school(town()), null, false);
		Cookie before = mvc.perform(get("/login")).andReturn().getResponse().getCookie("SESSION");
		assertThat(before).as("the login page opens a session for its CSRF token").isNotNull();
		Cookie after = mvc.perform(post("/login").param("username", name).param("password", PASSWORD).with(csrf()).cookie(before))
			.andExpect(redirectedUrl("/home"))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");
		assertThat(after).isNotNull();
		assertThat(after.getValue()).isNotEqualTo(before.getValue());
		mvc.perform(get("/account").cookie(before)).andExpect(status().is3xxRedirection());
		mvc.perform(get("/account").cookie(after)).andExpect(status().isOk());
	}

	@Test
	void signsInByMobileNumber() throws Exception {
		String name = username("head");
		String phone = phone();
		account(name, Role.SCHOOL_ADMIN, null, school(town()), phone, false);

		Cookie session = signIn(phone, PASSWORD);
		mvc.perform(get("/account").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("测试" + name)))
			.andExpect(content().string(Matchers.containsString("学校")));
	}

	@Test
	void wrongPasswordAndUnknownNameGetTheSameAnswer() throws Exception {
		String name = username("t");
		account(name, Role.TEACHER, null, school(town()), null, false);
		mvc.perform(formLogin("/login").user(name).password("wrong-1")).andExpect(redirectedUrl("/login?error=bad"));
		mvc.perform(formLogin("/login").user("nobody-" + next()).password("wrong-1"))
			.andExpect(redirectedUrl("/login?error=bad"));
		mvc.perform(get("/login").param("error", "bad"))
			.andExpect(content().string(Matchers.containsString("账号或密码错误")));
	}

	@Test
	void locksAfterFiveFailuresAndASuccessResetsTheCount() throws Exception {
		String name = username("lock");
		long id = account(name, Role.TEACHER, null, school(town()), null, false);

		// four failures, then a success: the count starts again
		for (int i = 0; i < 4; i++) {
			mvc.perform(formLogin("/login").user(name).password("bad")).andExpect(redirectedUrl("/login?error=bad"));
		}
		assertThat(failedAttempts(id)).isEqualTo(4);
		mvc.perform(formLogin("/login").user(name).password(PASSWORD)).andExpect(redirectedUrl("/home"));
		assertThat(failedAttempts(id)).isZero();

		for (int i = 0; i < 4; i++) {
			mvc.perform(formLogin("/login").user(name).password("bad")).andExpect(redirectedUrl("/login?error=bad"));
		}
		mvc.perform(formLogin("/login").user(name).password("bad")).andExpect(redirectedUrl("/login?error=locked"));
		// locked: even the right password is refused, and the page says so
		mvc.perform(formLogin("/login").user(name).password(PASSWORD)).andExpect(redirectedUrl("/login?error=locked"));
		mvc.perform(get("/login").param("error", "locked"))
			.andExpect(content().string(Matchers.containsString("账号已暂时锁定")));

		// the lock expires after the lock duration (here: moved into the past)
		jdbc.sql("UPDATE app_user SET locked_until = now() - INTERVAL '1 second' WHERE id = :id").param("id", id).update();
		mvc.perform(formLogin("/login").user(name).password("bad")).andExpect(redirectedUrl("/login?error=bad"));
		assertThat(failedAttempts(id)).isEqualTo(1);
		mvc.perform(formLogin("/login").user(name).password(PASSWORD)).andExpect(redirectedUrl("/home"));
	}

	@Test
	void passwordsTriedOverHttpBasicCountToo() throws Exception {
		String name = username("api");
		long id = account(name, Role.CITY_ADMIN, null, null, null, false);
		mvc.perform(get("/api/v1/audit").with(httpBasic(name, PASSWORD))).andExpect(status().isOk());
		for (int i = 0; i < 5; i++) {
			mvc.perform(get("/api/v1/audit").with(httpBasic(name, "guess" + i))).andExpect(status().isUnauthorized());
		}
		assertThat(failedAttempts(id)).isEqualTo(5);
		mvc.perform(get("/api/v1/audit").with(httpBasic(name, PASSWORD))).andExpect(status().isUnauthorized());
		mvc.perform(formLogin("/login").user(name).password(PASSWORD)).andExpect(redirectedUrl("/login?error=locked"));
	}

	@Test
	void unknownNamesLockLikeAccountsSoLockingRevealsNothing() throws Exception {
		String nobody = "ghost" + next();
		for (int i = 0; i < 4; i++) {
			mvc.perform(formLogin("/login").user(nobody).password("x")).andExpect(redirectedUrl("/login?error=bad"));
		}
		mvc.perform(formLogin("/login").user(nobody).password("x")).andExpect(redirectedUrl("/login?error=locked"));
		assertThat(jdbc.sql("SELECT count(*) FROM login_throttle WHERE login_hash = :h")
			.param("h", cipher.loginHash(nobody))
			.query(Long.class)
			.single()).isOne();
	}

	@Test
	void logoutEndsTheStoredSession() throws Exception {
		String name = username("out");
		account(name, Role.TEACHER, null, school(town()), null, false);
		Cookie session = signIn(name, PASSWORD);
		assertThat(sessionsOf(name)).isOne();

		mvc.perform(post("/logout").cookie(session).with(csrf()).accept(org.springframework.http.MediaType.TEXT_HTML)).andExpect(redirectedUrl("/login?logout"));
		assertThat(sessionsOf(name)).isZero();
		mvc.perform(get("/account").cookie(session)).andExpect(status().is3xxRedirection());
	}

	@Test
	void postWithoutCsrfTokenIsRefused() throws Exception {
		String name = username("csrf");
		account(name, Role.TEACHER, null, school(town()), null, false);
		Cookie session = signIn(name, PASSWORD);

		mvc.perform(post("/account/password").cookie(session)
			.param("currentPassword", PASSWORD)
			.param("newPassword", "Another123")
			.param("confirmPassword", "Another123")).andExpect(status().isForbidden());
		mvc.perform(post("/login").param("username", name).param("password", PASSWORD))
			.andExpect(status().isForbidden());
		// the password did not change
		assertThat(encoder.matches(PASSWORD, jdbc.sql("SELECT password_hash FROM app_user WHERE username = :u")
			.param("u", name)
			.query(String.class)
			.single())).isTrue();
	}

	@Test
	void pagesCarrySecurityHeaders() throws Exception {
		mvc.perform(get("/login"))
			.andExpect(header().string("Content-Security-Policy", Matchers.containsString("default-src 'self'")))
			.andExpect(header().string("Content-Security-Policy", Matchers.containsString("frame-ancestors 'none'")))
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("Referrer-Policy", "same-origin"));
	}

	@Test
	void cityAdminUnlocksALockedAccount() throws Exception {
		String admin = username("city");
		account(admin, Role.CITY_ADMIN, null, null, null, false);
		String name = username("locked");
		long id = account(name, Role.TEACHER, null, school(town()), null, false);
		jdbc.sql("UPDATE app_user SET failed_attempts = 5, locked_until = now() + INTERVAL '15 minutes' WHERE id = :id")
			.param("id", id)
			.update();
		Cookie session = signIn(admin, PASSWORD);

		mvc.perform(post("/console/accounts/{userId}/unlock", id).cookie(session).with(csrf()))
			.andExpect(redirectedUrl("/console/accounts"));
		assertThat(failedAttempts(id)).isZero();
		assertThat(auditCount("account.unlock", id)).isOne();
		mvc.perform(formLogin("/login").user(name).password(PASSWORD)).andExpect(redirectedUrl("/home"));
	}

	private int failedAttempts(long id) {
		return jdbc.sql("SELECT failed_attempts FROM app_user WHERE id = :id").param("id", id).query(Integer.class).single();
	}

	private long sessionsOf(String principal) {
		return jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = :p")
			.param("p", principal)
			.query(Long.class)
			.single();
	}
}
