package org.kehou.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kehou.shared.Masking;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MvcResult;

/** Guardians sign in with a code sent to their phone; the phone number is never stored in the clear. */
@ExtendWith(OutputCaptureExtension.class)
class OneTimeCodeTests extends IdentityTestSupport {

	@Autowired
	AccountDirectory directory;

	@Test
	void sendsACodeAndSignsTheGuardianIn(CapturedOutput output) throws Exception {
		String phone = phone();
		long userId = guardian(phone);
		mvc.perform(get("/login/code")).andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("验证码登录")));

		send(phone).andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("验证码已发送")))
			.andExpect(content().string(Matchers.not(Matchers.containsString("demo-code"))));
		String code = codeFromLog(output, phone);
		assertThat(jdbc.sql("SELECT count(*) FROM one_time_code WHERE phone_hash = :h")
			.param("h", cipher.phoneHash(phone))
			.query(Long.class)
			.single()).isOne();
		assertThat(jdbc.sql("SELECT code_hash FROM one_time_code WHERE phone_hash = :h")
			.param("h", cipher.phoneHash(phone))
			.query(String.class)
			.single()).doesNotContain(code);

		MvcResult result = verify(phone, code).andExpect(redirectedUrl("/home")).andReturn();
		Cookie session = result.getResponse().getCookie("SESSION");
		assertThat(session).isNotNull();
		mvc.perform(get("/account").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("家长" + userId)));
		// a code works once
		verify(phone, code).andExpect(content().string(Matchers.containsString("验证码错误或已失效")));
		assertThat(auditCount("login", userId)).isGreaterThanOrEqualTo(1);

		// the plain number is nowhere in the database: codes, accounts, sessions, audit log
		for (String table : List.of("one_time_code", "app_user", "spring_session", "spring_session_attributes",
				"audit_event", "login_throttle")) {
			assertThat(rowsContaining(table, phone)).as(table).isZero();
		}
	}

	@Test
	void anUnknownNumberGetsTheSameAnswerButNoMessage(CapturedOutput output) throws Exception {
		String phone = phone();
		send(phone).andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("验证码已发送")));
		assertThat(output.getAll()).doesNotContain("SMS to " + Masking.phone(phone));
		verify(phone, "123456").andExpect(content().string(Matchers.containsString("验证码错误或已失效")));
	}

	@Test
	void onlyOneCodePerMinute(CapturedOutput output) throws Exception {
		String phone = phone();
		guardian(phone);
		send(phone).andExpect(content().string(Matchers.containsString("验证码已发送")));
		send(phone).andExpect(content().string(Matchers.containsString("过于频繁")));
		assertThat(jdbc.sql("SELECT count(*) FROM one_time_code WHERE phone_hash = :h")
			.param("h", cipher.phoneHash(phone))
			.query(Long.class)
			.single()).isOne();
		assertThat(Pattern.compile(Pattern.quote("SMS to " + Masking.phone(phone))).matcher(output.getAll()).results().count())
			.isOne();
		// the code sent first still works
		verify(phone, codeFromLog(output, phone)).andExpect(redirectedUrl("/home"));
	}

	@Test
	void aCodeDiesAfterFiveWrongEntries(CapturedOutput output) throws Exception {
		String phone = phone();
		guardian(phone);
		send(phone);
		String code = codeFromLog(output, phone);
		String wrong = code.equals("000000") ? "111111" : "000000";
		for (int i = 0; i < 5; i++) {
			verify(phone, wrong).andExpect(content().string(Matchers.containsString("验证码错误或已失效")));
		}
		verify(phone, code).andExpect(content().string(Matchers.containsString("验证码错误或已失效")));
	}

	@Test
	void aCodeExpires(CapturedOutput output) throws Exception {
		String phone = phone();
		guardian(phone);
		send(phone);
		String code = codeFromLog(output, phone);
		jdbc.sql("UPDATE one_time_code SET expires_at = now() - INTERVAL '1 second' WHERE phone_hash = :h")
			.param("h", cipher.phoneHash(phone))
			.update();
		verify(phone, code).andExpect(content().string(Matchers.containsString("验证码错误或已失效")));
	}

	@Test
	void aBadNumberIsRejected() throws Exception {
		send("12345").andExpect(content().string(Matchers.containsString("请输入正确的 11 位手机号")));
	}

	private long guardian(String phone) {
		long guardianId = jdbc.sql("""
				INSERT INTO guardian (name, phone_enc, phone_hash, phone_masked) VALUES ('家长', :enc, :hash, :masked)
				RETURNING id""")
			.param("enc", cipher.encrypt(phone))
			.param("hash", cipher.phoneHash(phone))
			.param("masked", Masking.phone(phone))
			.query(Long.class)
			.single();
		long userId = directory.ensureGuardianAccount(guardianId, cipher.phoneHash(phone), "家长");
		jdbc.sql("UPDATE app_user SET display_name = :name WHERE id = :id")
			.param("name", "家长" + userId)
			.param("id", userId)
			.update();
		return userId;
	}

	private org.springframework.test.web.servlet.ResultActions send(String phone) throws Exception {
		return mvc.perform(post("/login/code/send").with(csrf()).param("phone", phone));
	}

	private org.springframework.test.web.servlet.ResultActions verify(String phone, String code) throws Exception {
		return mvc.perform(post("/login/code/verify").with(csrf()).param("phone", phone).param("code", code));
	}

	private static String codeFromLog(CapturedOutput output, String phone) {
		Matcher m = Pattern.compile(Pattern.quote("SMS to " + Masking.phone(phone)) + " \\[login-code\\] \\{.*?code=(\\d{6})")
			.matcher(output.getAll());
		String code = null;
		while (m.find()) {
			code = m.group(1);
		}
		assertThat(code).as("code in the log").isNotNull();
		return code;
	}

	private long rowsContaining(String table, String phone) {
		String hex = HexFormat.of().formatHex(phone.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return jdbc.sql("SELECT count(*) FROM " + table + " t WHERE CAST(t AS text) LIKE :plain OR CAST(t AS text) LIKE :hex")
			.param("plain", "%" + phone + "%")
			.param("hex", "%" + hex + "%")
			.query(Long.class)
			.single();
	}
}
