package org.kehou.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.kehou.identity.internal.PasswordPolicy;

/** Imported accounts must set their own password before they can do anything else. */
class PasswordChangeTests extends IdentityTestSupport {

	@Test
	void policy() {
		assertThat(PasswordPolicy.check("abc12", "x")).contains("identity.password.error.short");
		assertThat(PasswordPolicy.check("abcdefgh", "x")).contains("identity.password.error.letters-digits");
		assertThat(PasswordPolicy.check("12345678", "x")).contains("identity.password.error.letters-digits");
		assertThat(PasswordPolicy.check("Zhang2024", "zhang2024")).contains("identity.password.error.username");
		assertThat(PasswordPolicy.check("Garden2024", "zhang")).isEmpty();
	}

	@Test
	void firstSignInForcesAPasswordChange() throws Exception {
		String name = username("new");
		long id = account(name, Role.SCHOOL_ADMIN, null, school(town()), null, true);

		mvc.perform(formLogin("/login").user(name).password(PASSWORD)).andExpect(redirectedUrl("/account/password"));
		Cookie session = signIn(name, PASSWORD);

		// every other page sends back to the password page; the API answers 403 Problem Details
		mvc.perform(get("/home").cookie(session)).andExpect(redirectedUrl("/account/password"));
		mvc.perform(get("/console/accounts").cookie(session)).andExpect(redirectedUrl("/account/password"));
		mvc.perform(get("/api/v1/audit").cookie(session))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail", Matchers.containsString("password change required")));
		mvc.perform(get("/account/password").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("首次登录")));

		// rules: the current password, letters and digits, not the old one, not the user name
		change(session, "wrong", "Garden2024", "Garden2024").andExpect(content().string(Matchers.containsString("当前密码不正确")));
		change(session, PASSWORD, "short1", "short1").andExpect(content().string(Matchers.containsString("至少需要 8 位")));
		change(session, PASSWORD, "onlyletters", "onlyletters")
			.andExpect(content().string(Matchers.containsString("字母和数字")));
		change(session, PASSWORD, PASSWORD, PASSWORD).andExpect(content().string(Matchers.containsString("不能与原密码相同")));
		change(session, PASSWORD, "Garden2024", "Garden2025")
			.andExpect(content().string(Matchers.containsString("不一致")));
		mvc.perform(get("/home").cookie(session)).andExpect(redirectedUrl("/account/password"));

		change(session, PASSWORD, "Garden2024", "Garden2024").andExpect(redirectedUrl("/account"));
		assertThat(jdbc.sql("SELECT must_change_password FROM app_user WHERE id = :id")
			.param("id", id)
			.query(Boolean.class)
			.single()).isFalse();
		assertThat(auditCount("account.password-change", id)).isGreaterThanOrEqualTo(2); // a failure and the change
		// the same session may now go anywhere
		mvc.perform(get("/home").cookie(session)).andExpect(redirectedUrl("/console"));
		mvc.perform(formLogin("/login").user(name).password("Garden2024")).andExpect(redirectedUrl("/home"));
		mvc.perform(formLogin("/login").user(name).password(PASSWORD)).andExpect(redirectedUrl("/login?error=bad"));
	}

	@Test
	void anyoneCanChangeTheirPasswordLater() throws Exception {
		String name = username("later");
		account(name, Role.TEACHER, null, school(town()), null, false);
		Cookie session = signIn(name, PASSWORD);
		mvc.perform(get("/account").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("/account/password")));
		change(session, PASSWORD, "Harbour77", "Harbour77").andExpect(redirectedUrl("/account"));
		mvc.perform(formLogin("/login").user(name).password("Harbour77")).andExpect(redirectedUrl("/home"));
	}

	private org.springframework.test.web.servlet.ResultActions change(Cookie session, String current, String next,
			String confirmation) throws Exception {
		return mvc.perform(post("/account/password").cookie(session)
			.with(csrf())
			.param("currentPassword", current)
			.param("newPassword", next)
			.param("confirmPassword", confirmation));
	}
}
