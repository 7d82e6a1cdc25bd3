package org.kehou.cityfeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.TestAccounts;
import org.kehou.exchange.ExchangeRecord;
import org.kehou.exchange.RecordType;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.providers.ProviderStatus;
import org.kehou.providers.Whitelist;
import org.kehou.reporting.Reporter;
import org.kehou.supervision.DownFeed;
import org.kehou.supervision.IssuedCredential;
import org.kehou.supervision.PlatformCredentials;
import org.kehou.supervision.Policies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The city feed end to end: the tiny demo city on a random port pulls the down feed of its own supervision side over
 * HTTP with a credential the test takes (school1's platform), applies it, shows a published policy to its audiences,
 * counts reads and reports them back up as {@code policy-read}. The scheduled pull is off; the tests drive it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901",
				"kehou.demo.report-to-self=true", "kehou.cityfeed.enabled=false" })
@AutoConfigureMockMvc
@ActiveProfiles("test")
class CityFeedTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Reporter reporter;

	@Autowired
	PlatformCredentials credentials;

	@Autowired
	CityFeed feed;

	@Autowired
	CityPolicies policies;

	@Autowired
	Policies cityPolicies;

	@Autowired
	DownFeed downFeed;

	@Autowired
	Whitelist whitelist;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	MockMvc mvc;

	static IssuedCredential credential;

	String platformCode;

	@BeforeEach
	void connect() {
		long school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		long platform = jdbc.sql("SELECT platform_id FROM school WHERE id = :s").param("s", school).query(Long.class)
			.single();
		platformCode = jdbc.sql("SELECT code FROM service_platform WHERE id = :p").param("p", platform)
			.query(String.class).single();
		synchronized (CityFeedTests.class) {
			if (credential == null) {
				credential = credentials.rotate(platform);
			}
		}
		connectTo(city());
		feed.clearBackoff();
	}

	void connectTo(URI url) {
		reporter.connect(url, credential.appId(), credential.secret(), platformCode);
	}

	URI city() {
		return URI.create("http://localhost:" + port);
	}

	KehouUser account(String login) {
		return TestAccounts.account(jdbc, cipher, login);
	}

	long publish(String title, List<String> audiences) {
		long id = cityPolicies.compose(new Policies.Draft(title, "notice", audiences, null,
				"<p>正文<strong>重要</strong></p><script>alert(1)</script><a href=\"javascript:x()\" onclick=\"y()\">链接</a>"),
				"city");
		cityPolicies.publish(id);
		return id;
	}

	long localPolicy(long supervisionId) {
		return jdbc.sql("SELECT id FROM city_policy WHERE record_id = :r").param("r", "pol-" + supervisionId)
			.query(Long.class).single();
	}

	String fingerprint() {
		return jdbc.sql("""
				SELECT md5(concat(
				  (SELECT string_agg(code || name || service_ends, ',' ORDER BY id) FROM school),
				  (SELECT string_agg(id || status, ',' ORDER BY id) FROM provider),
				  (SELECT string_agg(provider_id || ':' || town_id || status || coalesce(valid_until::text, ''), ',' ORDER BY provider_id, town_id) FROM provider_town_admission),
				  (SELECT string_agg(id || ':' || amount_fen, ',' ORDER BY id) FROM fee_cap)))""")
			.query(String.class).single();
	}

	@Test
	void pullsTheFeedAndApplyingInTheDemoChangesNothing() {
		downFeed.refresh();
		String before = fingerprint();
		PullResult r = feed.pull(Instant.now());
		assertThat(r.failed()).as(String.valueOf(r.error())).isFalse();
		assertThat(r.refused()).isZero();
		for (String type : List.of("school", "provider", "category", "cap")) {
			long atCity = jdbc.sql("SELECT count(*) FROM sup_down_record WHERE record_type = :t AND NOT deleted")
				.param("t", type).query(Long.class).single();
			long here = jdbc.sql("SELECT count(*) FROM city_down_record WHERE record_type = :t AND NOT deleted")
				.param("t", type).query(Long.class).single();
			assertThat(atCity).as(type).isPositive();
			assertThat(here).as(type).isEqualTo(atCity);
		}
		// the mirror holds the city's data as published
		String code = jdbc.sql("SELECT code FROM school ORDER BY id LIMIT 1").query(String.class).single();
		assertThat(jdbc.sql("SELECT data->>'name' FROM city_down_record WHERE record_type = 'school' AND record_id = :c")
			.param("c", code).query(String.class).single())
			.isEqualTo(jdbc.sql("SELECT name FROM school WHERE code = :c").param("c", code).query(String.class).single());
		// one database: the feed comes from these very tables, so applying it changes nothing
		assertThat(fingerprint()).isEqualTo(before);
		assertThat(feed.blockedProviders()).isEmpty();
		assertThat(feed.unknownSchoolCount()).isZero();
		assertThat(feed.capDifferences(LocalDate.now(CityFeed.CITY))).isEmpty();
		long lastSeq = jdbc.sql("SELECT max(seq) FROM sup_feed").query(Long.class).single();
		assertThat(feed.cursor()).isEqualTo("s" + lastSeq);
		// nothing new: an empty pull keeps the cursor
		PullResult again = feed.pull(Instant.now());
		assertThat(again.received()).isZero();
		assertThat(feed.cursor()).isEqualTo("s" + lastSeq);
		assertThat(feed.status().lastError()).isNull();
	}

	@Test
	void aPolicyAppearsToItsAudiencesAndItsReadsGoUp() throws Exception {
		long id = publish("测试政策：课后服务收费公示", List.of("all-guardians", "school-admins"));
		assertThat(feed.pull(Instant.now()).failed()).isFalse();
		long local = localPolicy(id);
		KehouUser guardian = account("13800000001");
		KehouUser school1 = account("school1");
		KehouUser teacher = account("teacher1");
		assertThat(policies.list(guardian, 0).items()).extracting(CityPolicies.Line::id).contains(local);
		assertThat(policies.list(school1, 0).items()).extracting(CityPolicies.Line::id).contains(local);
		assertThat(policies.list(teacher, 0).items()).extracting(CityPolicies.Line::id).doesNotContain(local);
		assertThat(policies.find(local, teacher.scope())).isEmpty();
		// the admins among the audiences get an inbox notice (once), leading to the policy
		assertThat(jdbc.sql("SELECT count(*) FROM inbox_message WHERE recipient_user_id = :u AND topic = 'cityfeed.policy' AND link = :l")
			.param("u", school1.id()).param("l", "/console/policies/" + local).query(Long.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("SELECT count(*) FROM inbox_message WHERE recipient_user_id = :u AND topic = 'cityfeed.policy'")
			.param("u", teacher.id()).query(Long.class).single()).isZero();
		// cleaned again on arrival: no script, no event handler, no javascript: link
		String body = policies.find(local, guardian.scope()).orElseThrow().bodyHtml();
		assertThat(body).contains("<strong>重要</strong>").doesNotContain("script", "onclick", "javascript");
		// the pages: the guardian's phone list marks it unread; the teacher gets 404 for it by id
		String list = mvc.perform(get("/m/policies").with(user(guardian))).andReturn().getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(list).contains("测试政策：课后服务收费公示", "未读");
		assertThat(mvc.perform(get("/m/policies/" + local).with(user(teacher))).andReturn().getResponse().getStatus())
			.isEqualTo(404);
		assertThat(mvc.perform(get("/console/policies/" + local).with(user(teacher))).andReturn().getResponse()
			.getStatus()).isEqualTo(404);

		// the guardian opens it twice at once: one read
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Callable<Boolean> open = () -> policies.open(local, guardian).isPresent();
			List<Future<Boolean>> opened = pool.invokeAll(List.of(open, open));
			for (Future<Boolean> f : opened) {
				assertThat(f.get()).isTrue();
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(jdbc.sql("SELECT count(*) FROM city_policy_read WHERE policy_id = :p AND user_id = :u")
			.param("p", local).param("u", guardian.id()).query(Long.class).single()).isEqualTo(1);
		assertThat(policies.list(guardian, 0).items()).filteredOn(l -> l.id() == local)
			.allMatch(CityPolicies.Line::read);

		// the summary goes up as policy-read and the city's figures show it
		CityPolicies.Summary s = policies.sendReadSummaries(Instant.now());
		assertThat(s.error()).isNull();
		assertThat(s.sent()).isPositive();
		String school1Code = jdbc.sql("SELECT sc.code FROM school sc JOIN app_user u ON u.school_id = sc.id WHERE u.username = 'school1'")
			.query(String.class).single();
		Policies.Reads reads = cityPolicies.reads(id);
		assertThat(reads.rows()).anySatisfy(row -> {
			assertThat(row.schoolCode()).isEqualTo(school1Code);
			assertThat(row.audience()).isEqualTo("all-guardians");
			assertThat(row.readCount()).isEqualTo(1);
			assertThat(row.audienceCount()).isGreaterThanOrEqualTo(1);
		});
		assertThat(reads.rows()).anySatisfy(row -> {
			assertThat(row.audience()).isEqualTo("school-admins");
			assertThat(row.readCount()).isZero();
		});
		// nothing changed since: nothing is sent again; the school admin reads: only that count goes up
		assertThat(policies.sendReadSummaries(Instant.now()).computed()).isZero();
		String detail = mvc.perform(get("/console/policies/" + local).with(user(school1))).andReturn().getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(detail).contains("<strong>重要</strong>").doesNotContain("alert(1)");
		CityPolicies.Summary after = policies.sendReadSummaries(Instant.now());
		assertThat(after.computed()).isEqualTo(1);
		assertThat(cityPolicies.reads(id).rows()).anySatisfy(row -> {
			assertThat(row.schoolCode()).isEqualTo(school1Code);
			assertThat(row.audience()).isEqualTo("school-admins");
			assertThat(row.readCount()).isEqualTo(1);
		});
		String page = mvc.perform(get("/console/supervision/policies/" + id).with(user(account("city")))).andReturn()
			.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(page).contains(school1Code);

		// withdrawn at the city: it disappears here
		cityPolicies.withdraw(id);
		assertThat(feed.pull(Instant.now()).failed()).isFalse();
		assertThat(policies.find(local, guardian.scope())).isEmpty();
		assertThat(policies.list(guardian, 0).items()).extracting(CityPolicies.Line::id).doesNotContain(local);
		assertThat(mvc.perform(get("/m/policies/" + local).with(user(guardian))).andReturn().getResponse().getStatus())
			.isEqualTo(404);
	}

	@Test
	void aGuardianCannotOpenAPolicyForAnotherAudience() throws Exception {
		long id = publish("测试通知：仅学校管理员", List.of("school-admins"));
		assertThat(feed.pull(Instant.now()).failed()).isFalse();
		long local = localPolicy(id);
		KehouUser guardian = account("13800000001");
		assertThat(mvc.perform(get("/m/policies/" + local).with(user(guardian))).andReturn().getResponse().getStatus())
			.isIn(403, 404);
		assertThat(jdbc.sql("SELECT count(*) FROM city_policy_read WHERE policy_id = :p").param("p", local)
			.query(Long.class).single()).isZero();
		assertThat(mvc.perform(get("/console/policies/" + local).with(user(account("school1")))).andReturn()
			.getResponse().getStatus()).isEqualTo(200);
		cityPolicies.withdraw(id);
		feed.pull(Instant.now());
	}

	@Test
	void aFailedPullKeepsTheErrorBacksOffAndResumesFromTheCursor() throws IOException {
		downFeed.refresh();
		assertThat(feed.pull(Instant.now()).failed()).isFalse();
		String cursor = feed.cursor();
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		long id;
		try {
			connectTo(URI.create("http://localhost:" + closed));
			id = publish("测试通知：断线期间发布", List.of("all-guardians"));
			Instant now = Instant.now();
			PullResult failed = feed.pull(now);
			assertThat(failed.failed()).isTrue();
			CityFeedStatus status = feed.status();
			assertThat(status.lastError()).isNotBlank();
			assertThat(status.failures()).isPositive();
			assertThat(status.nextAttemptAt()).isAfter(now);
			assertThat(feed.due(now)).isFalse();
			assertThat(feed.cursor()).isEqualTo(cursor);
		}
		finally {
			connectTo(city());
		}
		feed.clearBackoff();
		PullResult resumed = feed.pull(Instant.now());
		assertThat(resumed.failed()).isFalse();
		// only what came after the cursor: the new policy
		assertThat(resumed.received()).isBetween(1, 5);
		assertThat(jdbc.sql("SELECT count(*) FROM city_policy WHERE record_id = :r AND withdrawn_at IS NULL")
			.param("r", "pol-" + id).query(Long.class).single()).isEqualTo(1);
		assertThat(feed.status().failures()).isZero();
		cityPolicies.withdraw(id);
		feed.pull(Instant.now());
	}

	@Test
	void theCitysWhitelistBlocksAProviderAndAdmittedLiftsIt() {
		LocalDate today = LocalDate.now(CityFeed.CITY);
		Map<String, Object> provider = jdbc.sql("""
				SELECT p.id, p.credit_code, p.legal_name FROM provider p
				WHERE p.status = 'APPROVED' AND p.credit_code IS NOT NULL AND p.licence_valid_until >= :today
				  AND (p.permit_valid_until IS NULL OR p.permit_valid_until >= :today)
				  AND EXISTS (SELECT 1 FROM provider_town_admission a WHERE a.provider_id = p.id AND a.status = 'APPROVED'
				    AND (a.valid_until IS NULL OR a.valid_until >= :today))
				ORDER BY p.id LIMIT 1""").param("today", today).query().singleRow();
		long id = ((Number) provider.get("id")).longValue();
		String credit = (String) provider.get("credit_code");
		assertThat(whitelist.isAdmittedAnywhere(id, today)).isTrue();
		String recordId = "t-" + credit;
		Optional<ProviderStatus> before = whitelist.status(id);
		assertThat(before).contains(ProviderStatus.APPROVED);

		CityFeed.Applied expelled = feed.apply(List.of(providerRecord(recordId, credit, (String) provider.get("legal_name"),
				"expelled", 1_000_000_001L)), Instant.now());
		assertThat(expelled.applied()).isEqualTo(1);
		assertThat(whitelist.status(id)).contains(ProviderStatus.SUSPENDED);
		assertThat(whitelist.isAdmittedAnywhere(id, today)).isFalse();
		assertThat(feed.blockedProviders()).extracting(CityFeed.BlockedProvider::providerId).containsExactly(id);
		assertThat(jdbc.sql("SELECT reason FROM provider_review WHERE provider_id = :p ORDER BY id DESC LIMIT 1")
			.param("p", id).query(String.class).single()).contains("市级白名单");
		// the same record again changes nothing
		assertThat(feed.apply(List.of(providerRecord(recordId, credit, (String) provider.get("legal_name"),
				"expelled", 1_000_000_001L)), Instant.now()).applied()).isZero();

		CityFeed.Applied admitted = feed.apply(List.of(providerRecord(recordId, credit, (String) provider.get("legal_name"),
				"admitted", 1_000_000_002L)), Instant.now());
		assertThat(admitted.applied()).isEqualTo(1);
		assertThat(whitelist.status(id)).contains(ProviderStatus.APPROVED);
		assertThat(whitelist.isAdmittedAnywhere(id, today)).isTrue();
		assertThat(feed.blockedProviders()).isEmpty();
		// an older version never overwrites the newer one
		assertThat(feed.apply(List.of(providerRecord(recordId, credit, (String) provider.get("legal_name"),
				"expelled", 1_000_000_000L)), Instant.now()).applied()).isZero();
		assertThat(whitelist.status(id)).contains(ProviderStatus.APPROVED);
		// a record that fails the standard's schema is refused
		ObjectNode bad = JSON.createObjectNode();
		bad.put("creditCode", credit);
		assertThat(feed.apply(List.of(ExchangeRecord.upsert(RecordType.PROVIDER, "t-bad", 1, bad)), Instant.now())
			.refused()).isEqualTo(1);
	}

	@Test
	void aProviderTheCityAlreadyListsAsNotAdmittedButWhoIsNotOnAWhitelistHereIsLeftAlone() {
		long before = jdbc.sql("SELECT count(*) FROM provider_review").query(Long.class).single();
		feed.apply(List.of(providerRecord("t-unknown", "91440000MA00000X0X", "测试机构", "expelled", 5)), Instant.now());
		assertThat(jdbc.sql("SELECT count(*) FROM provider_review").query(Long.class).single()).isEqualTo(before);
		assertThat(feed.blockedProviders()).isEmpty();
	}

	@Test
	void aSchoolTakesTheCitysNameAndAtLeastItsServiceEnd() {
		Map<String, Object> school = jdbc.sql("""
				SELECT s.id, s.code, s.name, s.stage, s.service_ends::text AS ends, t.code AS town_code, t.name AS town_name
				FROM school s JOIN town t ON t.id = s.town_id ORDER BY s.id LIMIT 1""").query().singleRow();
		long id = ((Number) school.get("id")).longValue();
		String code = (String) school.get("code");
		String name = (String) school.get("name");
		String ends = ((String) school.get("ends")).substring(0, 5);
		try {
			// the city renamed the school and requires the service to run until 18:30
			assertThat(feed.apply(List.of(schoolRecord(school, "测试更名学校", "18:30", 2_000_000_001L)), Instant.now())
				.applied()).isEqualTo(1);
			assertThat(jdbc.sql("SELECT name || ' ' || service_ends FROM school WHERE id = :id").param("id", id)
				.query(String.class).single()).isEqualTo("测试更名学校 18:30:00");
			// a city minimum earlier than ours leaves ours
			feed.apply(List.of(schoolRecord(school, "测试更名学校", "16:00", 2_000_000_002L)), Instant.now());
			assertThat(jdbc.sql("SELECT service_ends::text FROM school WHERE id = :id").param("id", id)
				.query(String.class).single()).isEqualTo("18:30:00");
			// an unknown code is listed, not created
			long schools = jdbc.sql("SELECT count(*) FROM school").query(Long.class).single();
			Map<String, Object> unknown = new java.util.HashMap<>(school);
			unknown.put("code", "TEST-UNKNOWN-1");
			feed.apply(List.of(schoolRecord(unknown, "测试外平台学校", "17:30", 1)), Instant.now());
			assertThat(jdbc.sql("SELECT count(*) FROM school").query(Long.class).single()).isEqualTo(schools);
			assertThat(feed.unknownSchools(50)).extracting(CityFeed.UnknownSchool::code).contains("TEST-UNKNOWN-1");
			feed.apply(List.of(ExchangeRecord.delete(RecordType.SCHOOL, "TEST-UNKNOWN-1", 2)), Instant.now());
			assertThat(feed.unknownSchoolCount()).isZero();
		}
		finally {
			// the mirror back to the city's data as published (the feed will not send it again in this context)
			feed.apply(List.of(schoolRecord(school, name, ends, 2_000_000_003L)), Instant.now());
			jdbc.sql("UPDATE school SET name = :n, service_ends = CAST(:e AS TIME) WHERE id = :id")
				.param("n", name).param("e", ends).param("id", id).update();
		}
	}

	static ExchangeRecord schoolRecord(Map<String, Object> school, String name, String ends, long version) {
		ObjectNode data = JSON.createObjectNode();
		data.put("schoolCode", (String) school.get("code"));
		data.put("name", name);
		data.put("townCode", (String) school.get("town_code"));
		data.put("townName", (String) school.get("town_name"));
		data.put("stage", ((String) school.get("stage")).toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		data.put("serviceEndsNoEarlierThan", ends);
		data.put("active", true);
		return ExchangeRecord.upsert(RecordType.SCHOOL, (String) school.get("code"), version, data);
	}

	static ExchangeRecord providerRecord(String id, String credit, String name, String status, long version) {
		ObjectNode data = JSON.createObjectNode();
		data.put("providerCode", id.length() > 32 ? id.substring(0, 32) : id);
		data.put("name", name);
		data.put("creditCode", credit);
		data.put("status", status);
		data.put("validFrom", "2026-01-01");
		data.put("validUntil", "9999-12-31");
		return ExchangeRecord.upsert(RecordType.PROVIDER, id, version, data);
	}
}
