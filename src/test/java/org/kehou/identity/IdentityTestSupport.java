package org.kehou.identity;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;

/**
 * The one context configuration of the identity tests (the same as {@code SmokeTests}), plus fixtures: towns,
 * schools and accounts created with SQL, each with unique names so tests do not disturb each other.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
abstract class IdentityTestSupport {

	static final String PASSWORD = "Secret123";

	private static final AtomicInteger sequence = new AtomicInteger((int) (System.nanoTime() % 100_000));

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder encoder;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	UserDetailsService users;

	static int next() {
		return sequence.incrementAndGet();
	}

	/** A fresh mobile number that no other test uses. */
	static String phone() {
		return "139" + String.format("%08d", next());
	}

	long city() {
		jdbc.sql("INSERT INTO city (code, name) VALUES ('T-CITY', '测试市') ON CONFLICT (code) DO NOTHING").update();
		return jdbc.sql("SELECT id FROM city WHERE code = 'T-CITY'").query(Long.class).single();
	}

	long town() {
		int n = next();
		return jdbc.sql("INSERT INTO town (city_id, code, name, kind) VALUES (:city, :code, :name, 'TOWN') RETURNING id")
			.param("city", city())
			.param("code", "T" + n)
			.param("name", "镇" + n)
			.query(Long.class)
			.single();
	}

	long school(long townId) {
		int n = next();
		return jdbc.sql("""
				INSERT INTO school (city_id, town_id, code, name, stage) VALUES (:city, :town, :code, :name, 'PRIMARY')
				RETURNING id""")
			.param("city", city())
			.param("town", townId)
			.param("code", "S" + n)
			.param("name", "学校" + n)
			.query(Long.class)
			.single();
	}

	/** An account with {@link #PASSWORD}; returns its id. */
	long account(String username, Role role, @Nullable Long townId, @Nullable Long schoolId, @Nullable String phone,
			boolean mustChangePassword) {
		return jdbc.sql("""
				INSERT INTO app_user (username, phone_hash, display_name, password_hash, role, town_id, school_id,
				                      must_change_password)
				VALUES (:username, :phoneHash, :name, :password, :role, :town, :school, :must)
				RETURNING id""")
			.param("username", username)
			.param("phoneHash", phone == null ? null : cipher.phoneHash(phone))
			.param("name", "测试" + username)
			.param("password", encoder.encode(PASSWORD))
			.param("role", role.name())
			.param("town", townId)
			.param("school", schoolId)
			.param("must", mustChangePassword)
			.query(Long.class)
			.single();
	}

	String username(String prefix) {
		return prefix + next();
	}

	KehouUser load(String username) {
		return (KehouUser) users.loadUserByUsername(username);
	}

	/** Signs in through the real login form; returns the Spring Session cookie. */
	Cookie signIn(String login, String password) throws Exception {
		MvcResult result = mvc.perform(formLogin("/login").user(login).password(password)).andReturn();
		Cookie cookie = result.getResponse().getCookie("SESSION");
		if (cookie == null) {
			throw new AssertionError("no session cookie; redirected to " + result.getResponse().getRedirectedUrl());
		}
		return cookie;
	}

	long auditCount(String action, long userId) {
		return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = :action AND target_id = :id")
			.param("action", action)
			.param("id", String.valueOf(userId))
			.query(Long.class)
			.single();
	}
}
