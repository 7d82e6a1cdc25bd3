package org.kehou.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.PhoneVerification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * An institution registers itself on the public page (demo city: the code is shown on the page), signs in with its
 * mobile number and sees its draft application; duplicates, wrong codes, weak passwords and floods are refused.
 */
@DemoCityTest
class ProviderRegistrationTests extends ProviderAccountsTests {

	static final Pattern DEMO_CODE = Pattern.compile("id=\"demo-code\"[\\s\\S]*?<code>(\\d{6})</code>");

	@Autowired
	MockMvc mvc;

	static String phone() {
		return "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
	}

	static RequestPostProcessor from(String address) {
		return request -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	static String address() {
		return "10." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(256) + "."
				+ ThreadLocalRandom.current().nextInt(1, 255);
	}

	String sendCode(String phone, String address) throws Exception {
		String page = mvc.perform(post("/register/provider/code").with(csrf()).with(from(address))
			.param("legalName", "香山市晨曦艺术培训学校").param("phone", phone))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("验证码已发送")))
			.andReturn().getResponse().getContentAsString();
		Matcher m = DEMO_CODE.matcher(page);
		assertThat(m.find()).as("demo mode shows the code").isTrue();
		return m.group(1);
	}

	ResultActions register(String name, String creditCode, String phone, String password, String code)
			throws Exception {
		return mvc.perform(post("/register/provider").with(csrf()).with(from(address()))
			.param("legalName", name).param("creditCode", creditCode).param("contactName", "陈校长")
			.param("phone", phone).param("password", password).param("code", code));
	}

	@Test
	void anInstitutionRegistersSignsInAndFindsItsDraft() throws Exception {
		mvc.perform(get("/login")).andExpect(content().string(containsString("/register/provider")))
			.andExpect(content().string(containsString("机构入驻申请")));
		mvc.perform(get("/register/provider")).andExpect(status().isOk())
			.andExpect(content().string(containsString("统一社会信用代码")));

		String phone = phone();
		String creditCode = ProviderWorkflowTests.creditCode();
		String code = sendCode(phone, address());
		register("香山市晨曦艺术培训学校", creditCode, phone, "chenxi2026", code)
			.andExpect(redirectedUrl("/login?registered"));
		mvc.perform(get("/login").param("registered", "")).andExpect(content().string(containsString("注册成功")));

		var provider = jdbc.sql("SELECT id, status, contact_phone_masked FROM provider WHERE credit_code = :c")
			.param("c", creditCode).query().singleRow();
		assertThat(provider.get("status")).isEqualTo("DRAFT");
		assertThat((String) provider.get("contact_phone_masked")).endsWith(phone.substring(7));
		long providerId = ((Number) provider.get("id")).longValue();
		assertThat(jdbc.sql("SELECT role FROM app_user WHERE provider_id = :p").param("p", providerId)
			.query(String.class).single()).isEqualTo("PROVIDER_ADMIN");
		assertThat(jdbc.sql("""
				SELECT count(*) FROM audit_event WHERE action = 'provider.register' AND target_id = :p""")
			.param("p", String.valueOf(providerId)).query(Long.class).single()).isEqualTo(1);

		mvc.perform(formLogin("/login").user(phone).password("chenxi2026")).andExpect(authenticated());

		// the same credit code again (another phone): refused with a clear message, nothing created
		String otherPhone = phone();
		String otherCode = sendCode(otherPhone, address());
		register("冒名机构", creditCode, otherPhone, "maoming2026", otherCode)
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("该统一社会信用代码已注册")))
			.andExpect(content().string(not(containsString("maoming2026"))));
		assertThat(jdbc.sql("SELECT count(*) FROM provider WHERE legal_name = '冒名机构'").query(Long.class).single())
			.isZero();
		// the same phone again: refused too
		register("另一家机构", ProviderWorkflowTests.creditCode(), phone, "another2026", otherCode)
			.andExpect(content().string(containsString("该手机号已绑定其他账号")));
	}

	@Test
	void wrongCodesWeakPasswordsAndInvalidCodesAreRefused() throws Exception {
		String phone = phone();
		String code = sendCode(phone, address());
		String wrong = code.equals("000000") ? "111111" : "000000";
		String creditCode = ProviderWorkflowTests.creditCode();
		register("验证码错误机构", creditCode, phone, "good2026pass", wrong)
			.andExpect(content().string(containsString("验证码错误或已失效")));
		register("弱密码机构", creditCode, phone, "short1", code)
			.andExpect(content().string(containsString("至少需要 8 位")));
		register("弱密码机构", creditCode, phone, "password", code)
			.andExpect(content().string(containsString("字母和数字")));
		register("信用代码错误机构", creditCode.substring(0, 17) + (creditCode.endsWith("0") ? "1" : "0"), phone,
				"good2026pass", code)
			.andExpect(content().string(containsString("统一社会信用代码无效")));
		assertThat(jdbc.sql("SELECT count(*) FROM provider WHERE credit_code = :c").param("c", creditCode)
			.query(Long.class).single()).isZero();
		// the code survived the refusals that did not try it, and still works
		register("验证码正确机构", creditCode, phone, "good2026pass", code).andExpect(redirectedUrl("/login?registered"));
	}

	@Test
	void codesAreLimitedPerPhoneAndPerAddress() throws Exception {
		String phone = phone();
		String address = address();
		sendCode(phone, address);
		mvc.perform(post("/register/provider/code").with(csrf()).with(from(address)).param("phone", phone))
			.andExpect(content().string(containsString("验证码发送过于频繁")))
			.andExpect(content().string(not(containsString("id=\"demo-code\""))));
		for (int i = 2; i < PhoneVerification.MAX_PER_ADDRESS; i++) {
			sendCode(phone(), address);
		}
		mvc.perform(post("/register/provider/code").with(csrf()).with(from(address)).param("phone", phone()))
			.andExpect(content().string(containsString("获取验证码过于频繁")));
	}
}
