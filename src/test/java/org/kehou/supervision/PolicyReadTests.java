package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kehou.exchange.BatchResult;
import org.kehou.exchange.ExchangeClient;
import org.kehou.exchange.ExchangeRecord;
import org.kehou.exchange.FeedPage;
import org.kehou.exchange.Outcome;
import org.kehou.exchange.RecordResult;
import org.kehou.exchange.RecordType;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Read receipts summarised back up: a platform pulls a published policy from the feed and reports
 * {@code policy-read} records with the standard's client; the ingestion checks them like any up record (schema,
 * school served by the platform), keeps the newest version per school and audience, and the policy's page shows
 * read / audience per platform and school, per audience and for the city.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PolicyReadTests {

	@LocalServerPort
	int port;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	PlatformCredentials credentials;

	@Autowired
	Policies policies;

	@Autowired
	WebApplicationContext context;

	@Autowired
	JsonMapper json;

	ExchangeRecord read(String policyId, String school, String audience, int audience_, int read, long version) {
		ObjectNode data = json.createObjectNode()
			.put("policyId", policyId)
			.put("schoolCode", school)
			.put("audience", audience)
			.put("audienceCount", audience_)
			.put("readCount", read)
			.put("asOf", "2026-11-02T20:00:00+08:00");
		return ExchangeRecord.upsert(RecordType.POLICY_READ, policyId + ":" + school + ":" + audience, version, data);
	}

	@Test
	void reportedReadsAreCheckedKeptAtTheirNewestVersionAndSummedOnThePolicysPage() throws Exception {
		IngestionWorld w = IngestionWorld.create(towns, schools, platforms, credentials);
		ExchangeClient client = new ExchangeClient(URI.create("http://localhost:" + port), w.credential().appId(),
				w.credential().secret());
		long id = policies.compose(new Policies.Draft("阅读回执测试" + w.tag(), "policy",
				List.of("all-guardians", "school-admins"), null, "<p>正文</p>"), "test-city");
		policies.publish(id);
		String policyId = "pol-" + id;

		// the platform finds it in the feed
		String cursor = null;
		boolean found = false;
		FeedPage page;
		do {
			page = client.feed(cursor, 1000);
			found |= page.records().stream().anyMatch(r -> r.type().equals("policy") && r.id().equals(policyId));
			cursor = page.cursor();
		}
		while (page.more());
		assertThat(found).isTrue();

		ObjectNode bad = (ObjectNode) read(policyId, w.schoolCode(), "teachers", 5, 1, 1).data().deepCopy();
		bad.put("readCount", -1);
		BatchResult result = client.send(List.of(read(policyId, w.schoolCode(), "all-guardians", 200, 50, 1),
				read(policyId, w.schoolCode(), "school-admins", 4, 3, 1),
				read(policyId, w.foreignSchoolCode(), "all-guardians", 100, 100, 1),
				ExchangeRecord.upsert(RecordType.POLICY_READ, "bad-1", 1, bad)));
		assertThat(result.results()).extracting(RecordResult::outcome)
			.containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.REJECTED, Outcome.REJECTED);
		assertThat(result.results().get(2).reasons()).anyMatch(r -> r.contains("not served by the sending platform"));
		assertThat(result.results().get(3).reasons()).anyMatch(r -> r.startsWith("/data/readCount"));

		// newer counts replace the older ones; an older version changes nothing
		client.send(List.of(read(policyId, w.schoolCode(), "all-guardians", 200, 150, 2)));
		assertThat(client.send(List.of(read(policyId, w.schoolCode(), "all-guardians", 200, 10, 1))).unchanged())
			.isEqualTo(1);

		Policies.Reads reads = policies.reads(id);
		assertThat(reads.rows()).hasSize(2);
		assertThat(reads.city().readCount()).isEqualTo(153);
		assertThat(reads.city().audienceCount()).isEqualTo(204);
		assertThat(reads.city().percent()).isEqualTo(75);
		assertThat(reads.byAudience()).extracting(Policies.ReadTotal::audience)
			.containsExactly("all-guardians", "school-admins");
		assertThat(reads.byAudience().get(0).percent()).isEqualTo(75);

		MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
			.apply(SecurityMockMvcConfigurers.springSecurity())
			.build();
		String html = mvc.perform(get("/console/supervision/policies/{id}", id).with(user(PlatformRegistryPagesTests.CITY)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("全市：已读 153 / 应读 204（75%）", "甲平台" + w.tag(), "监管一小" + w.tag(), "全体家长",
				"学校管理员", "150", "75%");
		assertThat(html).doesNotContain("还没有平台回报阅读情况");
	}
}
