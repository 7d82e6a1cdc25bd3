package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The city admin's platform reporting pages: the registry with each platform's state, issuing / rotating / revoking
 * credentials (the secret shown once, stored encrypted, every change audited), recent batches and rejection reasons;
 * other roles are refused.
 */
@SupervisionTest
class PlatformRegistryPagesTests {

	static final KehouUser CITY = new KehouUser(-1, "test-city", "市管理员", null, Role.CITY_ADMIN,
			new Scope(Role.CITY_ADMIN, null, null, null, null), null, false, false, true);

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestClock clock;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	PlatformCredentials credentials;

	IngestionWorld w;

	@BeforeEach
	void world() {
		clock.set(Instant.parse("2026-11-02T08:00:00Z"));
		w = IngestionWorld.create(towns, schools, platforms, credentials);
	}

	@Test
	void theRegistryListsEveryPlatformWithItsReportingAndCredentialState() throws Exception {
		mvc.perform(w.signed(IngestionWorld.batch(w.attendance("p-1", 1), w.attendance("p-2", 1, w.foreignSchoolCode())),
				clock.instant())).andExpect(status().isOk());
		String page = mvc.perform(get("/console/supervision/platforms").with(user(CITY)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(page).contains("平台接入", "甲平台" + w.tag(), "乙平台" + w.tag(), "甲科技公司", "2026-11-02 16:00")
			.contains("1 / 2", "50.0%") // one of two records rejected
			.contains("有效", "未签发");
		mvc.perform(get("/console/supervision/platforms/{id}", w.platformId()).with(user(CITY)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("最近批次")))
			.andExpect(content().string(containsString("is not served by the sending platform")))
			.andExpect(content().string(containsString("监管一小" + w.tag())))
			.andExpect(content().string(not(containsString(w.credential().secret()))));
	}

	@Test
	void theCityIssuesRotatesAndRevokesCredentialsTheSecretShownOnce() throws Exception {
		long other = w.otherPlatformId();
		String issuedPage = mvc.perform(post("/console/supervision/platforms/{id}/credentials", other).with(user(CITY))
			.with(csrf())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(issuedPage).contains("只显示这一次", "已签发新凭据");
		String secret = shown(issuedPage, "issued-secret-value");
		String appId = shown(issuedPage, "issued-app-id");
		// kept encrypted: the stored bytes do not hold the secret; shown never again
		byte[] stored = jdbc.sql("SELECT secret_enc FROM sup_credential WHERE app_id = :a").param("a", appId)
			.query(byte[].class).single();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
		assertThat(Arrays.equals(stored, secret.getBytes(StandardCharsets.UTF_8))).isFalse();
		mvc.perform(get("/console/supervision/platforms/{id}", other).with(user(CITY)))
			.andExpect(content().string(containsString(appId)))
			.andExpect(content().string(not(containsString(secret))));
		// a second issue is refused: rotate instead
		mvc.perform(post("/console/supervision/platforms/{id}/credentials", other).with(user(CITY)).with(csrf()))
			.andExpect(content().string(containsString("请使用“轮换凭据”")));
		String rotatedPage = mvc.perform(post("/console/supervision/platforms/{id}/credentials/rotate", other)
			.with(user(CITY)).with(csrf())).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(shown(rotatedPage, "issued-secret-value")).isNotEqualTo(secret);
		assertThat(rotatedPage).contains("宽限期至 2026-11-03 16:00");
		assertThat(credentials.stateOf(other)).isEqualTo(CredentialState.ROTATING);
		long oldId = jdbc.sql("SELECT id FROM sup_credential WHERE app_id = :a").param("a", appId).query(Long.class)
			.single();
		mvc.perform(post("/console/supervision/platforms/{id}/credentials/revoke", other).param("credentialId", "" + oldId)
			.with(user(CITY)).with(csrf()))
			.andExpect(redirectedUrl("/console/supervision/platforms/" + other))
			.andExpect(flash().attribute("flash", "已吊销凭据。"));
		assertThat(credentials.stateOf(other)).isEqualTo(CredentialState.ACTIVE);
		// a credential of another platform cannot be revoked through this one
		mvc.perform(post("/console/supervision/platforms/{id}/credentials/revoke", other)
			.param("credentialId", "" + w.credential().id()).with(user(CITY)).with(csrf()))
			.andExpect(flash().attribute("error", "没有可吊销的凭据（可能已被吊销）。"));
		assertThat(credentials.stateOf(w.platformId())).isEqualTo(CredentialState.ACTIVE);
		assertThat(jdbc.sql("""
				SELECT string_agg(action, ',' ORDER BY id) FROM audit_event
				WHERE target_type = 'service_platform' AND target_id = :p AND action LIKE 'platform-credential-%'""").param("p", "" + other).query(String.class)
			.single()).isEqualTo("platform-credential-issue,platform-credential-rotate,platform-credential-revoke");
	}

	@Test
	void otherRolesMayNotSeeOrChangeCredentials() throws Exception {
		KehouUser town = new KehouUser(-2, "test-town", "镇管理员", null, Role.TOWN_ADMIN,
				new Scope(Role.TOWN_ADMIN, 1L, null, null, null), null, false, false, true);
		mvc.perform(get("/console/supervision/platforms").with(user(town))).andExpect(status().isForbidden());
		mvc.perform(post("/console/supervision/platforms/{id}/credentials/rotate", w.platformId()).with(user(town))
			.with(csrf())).andExpect(status().isForbidden());
		mvc.perform(get("/console/supervision/platforms/{id}", 987_654_321L).with(user(CITY)))
			.andExpect(status().isNotFound());
		assertThat(jdbc.sql("SELECT count(*) FROM sup_credential WHERE platform_id = :p").param("p", w.platformId())
			.query(Integer.class).single()).isEqualTo(1);
	}

	private static String shown(String page, String id) {
		Matcher m = Pattern.compile("id=\"" + id + "\">([^<]+)<").matcher(page);
		assertThat(m.find()).as(id + " on the page").isTrue();
		return m.group(1);
	}
}
