package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.exchange.Signatures;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Conformance of {@code POST /exchange/v1/batches} (issue 8's acceptance, invariant 7), over MockMvc on the real
 * database with a clock the test sets: signatures (bad, wrong secret, stale at the ±5 minute boundary, replayed,
 * unknown / revoked / rotated app id) → 401 and nothing stored; idempotency; ordering; tombstones; per-record
 * validation; malformed and oversized batches; a batch never half-applied; the same batch twice at once.
 */
@SupervisionTest
class IngestionConformanceTests {

	static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

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

	@Autowired
	Ingestion ingestion;

	IngestionWorld w;

	@BeforeEach
	void world() {
		clock.set(NOW);
		w = IngestionWorld.create(towns, schools, platforms, credentials);
	}

	// ---- signatures ----------------------------------------------------------------------------------------------

	@Test
	void anUnsignedRequestGets401ProblemDetailsAndNothingIsStored() throws Exception {
		mvc.perform(post(IngestionWorld.PATH).contentType(MediaType.APPLICATION_JSON)
			.content(IngestionWorld.batch(w.attendance("u-1", 1))))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:kehou:exchange:v1:problem:signature"))
			.andExpect(jsonPath("$.detail", containsString(Signatures.SIGNATURE)));
		assertNothingStored();
	}

	@Test
	void aBadSignatureIsRefused() throws Exception {
		String body = IngestionWorld.batch(w.attendance("b-1", 1));
		long ts = NOW.getEpochSecond();
		String nonce = Signatures.newNonce();
		String signature = Signatures.sign(w.credential().secret(), "POST", IngestionWorld.PATH, ts, nonce,
				body.getBytes(StandardCharsets.UTF_8));
		// the body changed after signing
		mvc.perform(post(IngestionWorld.PATH).contentType(MediaType.APPLICATION_JSON)
			.content(body.replace("\"version\": 1", "\"version\": 2"))
			.header(Signatures.APP_ID, w.credential().appId())
			.header(Signatures.TIMESTAMP, String.valueOf(ts))
			.header(Signatures.NONCE, nonce)
			.header(Signatures.SIGNATURE, signature))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail", containsString("Bad signature")));
		// signed over another path
		String nonce2 = Signatures.newNonce();
		mvc.perform(post(IngestionWorld.PATH).contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.header(Signatures.APP_ID, w.credential().appId())
			.header(Signatures.TIMESTAMP, String.valueOf(ts))
			.header(Signatures.NONCE, nonce2)
			.header(Signatures.SIGNATURE, Signatures.sign(w.credential().secret(), "POST", "/exchange/v1/feed", ts,
					nonce2, body.getBytes(StandardCharsets.UTF_8))))
			.andExpect(status().isUnauthorized());
		assertNothingStored();
		// refused requests of a known app id count against the platform, with the reason as its last error
		assertThat(jdbc.sql("SELECT refused FROM sup_platform_day WHERE platform_id = :p").param("p", w.platformId())
			.query(Integer.class).single()).isEqualTo(2);
		assertThat(jdbc.sql("SELECT last_error FROM sup_platform_contact WHERE platform_id = :p")
			.param("p", w.platformId()).query(String.class).single()).contains("Bad signature");
	}

	@Test
	void aWrongSecretIsRefused() throws Exception {
		mvc.perform(IngestionWorld.signed(IngestionWorld.batch(w.attendance("w-1", 1)), w.credential().appId(),
				Signatures.newSecret(), NOW.getEpochSecond(), Signatures.newNonce()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail", containsString("Bad signature")));
		assertNothingStored();
	}

	@Test
	void timestampsAreAcceptedWithinFiveMinutesEitherWayAndRefusedBeyond() throws Exception {
		long now = NOW.getEpochSecond();
		long limit = Signatures.MAX_SKEW.toSeconds();
		for (long ts : new long[] { now - limit - 1, now + limit + 1 }) {
			mvc.perform(IngestionWorld.signed(IngestionWorld.batch(w.attendance("t-" + ts, 1)), w.credential().appId(),
					w.credential().secret(), ts, Signatures.newNonce()))
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.detail", containsString("Stale timestamp")));
		}
		assertNothingStored();
		for (long ts : new long[] { now - limit, now + limit }) {
			mvc.perform(IngestionWorld.signed(IngestionWorld.batch(w.attendance("t-" + ts, 1)), w.credential().appId(),
					w.credential().secret(), ts, Signatures.newNonce()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.accepted").value(1));
		}
		assertThat(storedCount()).isEqualTo(2);
	}

	@Test
	void aReplayedNonceIsRefusedAndChangesNothing() throws Exception {
		String body = IngestionWorld.batch(w.attendance("r-1", 1));
		String nonce = Signatures.newNonce();
		mvc.perform(IngestionWorld.signed(body, w.credential().appId(), w.credential().secret(), NOW.getEpochSecond(),
				nonce)).andExpect(status().isOk());
		long batches = batchCount();
		clock.advance(Duration.ofMinutes(4));
		mvc.perform(IngestionWorld.signed(body, w.credential().appId(), w.credential().secret(), NOW.getEpochSecond(),
				nonce))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail", containsString("Replayed")));
		assertThat(batchCount()).isEqualTo(batches);
		// once the timestamp has left the window the nonce is purged, and the old request is refused as stale
		clock.advance(Duration.ofMinutes(2));
		assertThat(ingestion.purgeNonces()).isGreaterThanOrEqualTo(1);
		mvc.perform(IngestionWorld.signed(body, w.credential().appId(), w.credential().secret(), NOW.getEpochSecond(),
				nonce))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail", containsString("Stale")));
		assertThat(batchCount()).isEqualTo(batches);
	}

	@Test
	void unknownAndRevokedAppIdsAreRefused() throws Exception {
		String body = IngestionWorld.batch(w.attendance("k-1", 1));
		mvc.perform(IngestionWorld.signed(body, "kh0-nobody", w.credential().secret(), NOW.getEpochSecond(),
				Signatures.newNonce()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail", containsString("Unknown app id")));
		assertThat(credentials.revoke(w.platformId(), w.credential().id())).isTrue();
		mvc.perform(w.signed(body, NOW))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail", containsString("revoked or expired")));
		assertNothingStored();
	}

	@Test
	void aRotatedCredentialStaysValidForTheGraceAndIsRefusedAfter() throws Exception {
		IssuedCredential fresh = credentials.rotate(w.platformId());
		assertThat(credentials.stateOf(w.platformId())).isEqualTo(CredentialState.ROTATING);
		clock.advance(Duration.ofHours(24).minusSeconds(1));
		Instant t = clock.instant();
		mvc.perform(w.signed(IngestionWorld.batch(w.attendance("g-1", 1)), t)).andExpect(status().isOk());
		mvc.perform(IngestionWorld.signed(IngestionWorld.batch(w.attendance("g-2", 1)), fresh.appId(), fresh.secret(),
				t.getEpochSecond(), Signatures.newNonce())).andExpect(status().isOk());
		clock.advance(Duration.ofSeconds(1));
		Instant after = clock.instant();
		mvc.perform(w.signed(IngestionWorld.batch(w.attendance("g-3", 1)), after))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail", containsString("revoked or expired")));
		mvc.perform(IngestionWorld.signed(IngestionWorld.batch(w.attendance("g-4", 1)), fresh.appId(), fresh.secret(),
				after.getEpochSecond(), Signatures.newNonce())).andExpect(status().isOk());
		assertThat(credentials.stateOf(w.platformId())).isEqualTo(CredentialState.ACTIVE);
		assertThat(ids()).containsExactlyInAnyOrder("g-1", "g-2", "g-4");
	}

	// ---- versions ------------------------------------------------------------------------------------------------

	@Test
	void theSameBatchTwiceIsAllUnchangedTheSecondTime() throws Exception {
		String body = IngestionWorld.batch(w.attendances("i", 20, 3));
		send(body).andExpect(jsonPath("$.accepted").value(20)).andExpect(jsonPath("$.unchanged").value(0));
		String stored = snapshot();
		send(body).andExpect(jsonPath("$.accepted").value(0))
			.andExpect(jsonPath("$.unchanged").value(20))
			.andExpect(jsonPath("$.results[*].outcome", everyItem(is("unchanged"))))
			.andExpect(jsonPath("$.results[0].reasons[0]").value("version 3 is already stored"));
		assertThat(snapshot()).isEqualTo(stored);
	}

	@Test
	void anOlderVersionNeverOverwritesANewerOne() throws Exception {
		send(IngestionWorld.batch(w.attendance("o-1", 2))).andExpect(jsonPath("$.results[0].outcome").value("accepted"));
		send(IngestionWorld.batch(w.attendance("o-1", 1).replace("present", "absent")))
			.andExpect(jsonPath("$.results[0].outcome").value("unchanged"))
			.andExpect(jsonPath("$.results[0].reasons[0]").value("a newer version 2 is stored"));
		assertThat(stored("o-1")).isEqualTo("2 false present");
		// whatever an old version's data is, it changes nothing (and is not checked against the schema)
		send(IngestionWorld.batch(w.attendance("o-1", 2).replace("present", "sleeping")))
			.andExpect(jsonPath("$.results[0].outcome").value("unchanged"))
			.andExpect(jsonPath("$.results[0].reasons[0]").value("version 2 is already stored"));
		assertThat(stored("o-1")).isEqualTo("2 false present");
		send(IngestionWorld.batch(w.attendance("o-1", 5).replace("present", "late")))
			.andExpect(jsonPath("$.results[0].outcome").value("accepted"));
		assertThat(stored("o-1")).isEqualTo("5 false late");
	}

	@Test
	void aDeleteIsATombstoneThatAnOlderUpsertCannotUndo() throws Exception {
		send(IngestionWorld.batch(w.attendance("d-1", 1))).andExpect(jsonPath("$.accepted").value(1));
		send(IngestionWorld.batch(IngestionWorld.delete("attendance", "d-1", 4)))
			.andExpect(jsonPath("$.results[0].outcome").value("accepted"));
		assertThat(stored("d-1")).isEqualTo("4 true null");
		send(IngestionWorld.batch(w.attendance("d-1", 3)))
			.andExpect(jsonPath("$.results[0].outcome").value("unchanged"))
			.andExpect(jsonPath("$.results[0].reasons[0]").value("a newer version 4 is stored (deleted)"));
		assertThat(stored("d-1")).isEqualTo("4 true null");
		// a delete of a record never seen is a tombstone too
		send(IngestionWorld.batch(IngestionWorld.delete("attendance", "d-2", 7)))
			.andExpect(jsonPath("$.results[0].outcome").value("accepted"));
		send(IngestionWorld.batch(w.attendance("d-2", 6))).andExpect(jsonPath("$.results[0].outcome").value("unchanged"));
		assertThat(stored("d-2")).isEqualTo("7 true null");
	}

	@Test
	void withinOneBatchTheHighestVersionOfARecordWins() throws Exception {
		send(IngestionWorld.batch(w.attendance("x-1", 2).replace("present", "absent"), w.attendance("x-1", 5),
				w.attendance("x-1", 3).replace("present", "late"), w.attendance("x-1", 5).replace("present", "leave")))
			.andExpect(jsonPath("$.accepted").value(1))
			.andExpect(jsonPath("$.unchanged").value(3))
			.andExpect(jsonPath("$.results[0].reasons[0]").value("superseded by version 5 of the same record in this batch"))
			.andExpect(jsonPath("$.results[1].outcome").value("accepted"))
			.andExpect(jsonPath("$.results[3].reasons[0]", containsString("same id and version")));
		assertThat(stored("x-1")).isEqualTo("5 false present");
	}

	// ---- validation ----------------------------------------------------------------------------------------------

	@Test
	void invalidRecordsAreRejectedWithReasonsWhileTheValidOnesAreAccepted() throws Exception {
		String valid = w.attendance("v-ok", 1);
		String unknownType = valid.replace("\"attendance\"", "\"attendence\"").replace("v-ok", "v-1");
		String downType = "{\"type\": \"school\", \"id\": \"v-2\", \"version\": 1, \"op\": \"upsert\", \"data\": {\"schoolCode\": \""
				+ w.schoolCode() + "\"}}";
		String badId = w.attendance("bad id!", 1);
		String versionZero = w.attendance("v-4", 0);
		String missingData = "{\"type\": \"attendance\", \"id\": \"v-5\", \"version\": 1, \"op\": \"upsert\"}";
		String schemaViolation = w.attendance("v-6", 1).replace("\"present\"", "\"sleeping\"");
		String foreignSchool = w.attendance("v-7", 1, w.foreignSchoolCode());
		String badOp = w.attendance("v-8", 1).replace("upsert", "merge");
		String stringVersion = w.attendance("v-9", 1).replace("\"version\": 1", "\"version\": \"1\"");
		MvcResult result = send(IngestionWorld.batch(valid, unknownType, downType, badId, versionZero, missingData,
				schemaViolation, foreignSchool, badOp, stringVersion, "42"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.accepted").value(1))
			.andExpect(jsonPath("$.rejected").value(10))
			.andExpect(jsonPath("$.results", hasSize(11)))
			.andExpect(jsonPath("$.results[0].outcome").value("accepted"))
			.andReturn();
		JsonNode results = json.readTree(result.getResponse().getContentAsString()).get("results");
		assertThat(reasons(results, 1)).contains("unknown record type \"attendence\"");
		assertThat(reasons(results, 2)).contains("travels down");
		assertThat(reasons(results, 3)).contains("/id:");
		assertThat(reasons(results, 4)).contains("/version:");
		assertThat(reasons(results, 5)).contains("/data: required for an upsert");
		assertThat(reasons(results, 6)).contains("/data/status");
		assertThat(reasons(results, 7)).contains("is not served by the sending platform");
		assertThat(reasons(results, 8)).contains("/op:");
		assertThat(reasons(results, 9)).contains("/version:");
		assertThat(reasons(results, 10)).contains("must be a JSON object");
		assertThat(results.get(7).get("id").stringValue()).isEqualTo("v-7");
		assertThat(ids()).containsExactly("v-ok");
		// the reasons are kept for the platform's page
		assertThat(jdbc.sql("SELECT count(*) FROM sup_rejection WHERE platform_id = :p").param("p", w.platformId())
			.query(Integer.class).single()).isEqualTo(10);
		assertThat(jdbc.sql("SELECT records || ' ' || accepted || ' ' || rejected FROM sup_batch WHERE platform_id = :p")
			.param("p", w.platformId()).query(String.class).single()).isEqualTo("11 1 10");
	}

	@Test
	void aMalformedBatchIsRefusedAsAWholeWithAClearDetail() throws Exception {
		String[][] cases = { { "{\"records\": [", "not valid JSON" }, { "[]", "must be a JSON object" },
				{ "{\"recs\": []}", "no \"records\" array" }, { "{\"records\": {}}", "no \"records\" array" },
				{ "{\"records\": []}", "no records" }, { "", "empty" } };
		for (String[] c : cases) {
			mvc.perform(w.signed(c[0], NOW))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.type").value("urn:kehou:exchange:v1:problem:malformed-batch"))
				.andExpect(jsonPath("$.detail", containsString(c[1])));
		}
		mvc.perform(w.signed(IngestionWorld.batch(w.attendances("m", 1_001, 1)), NOW))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("1001 records; at most 1000")));
		assertNothingStored();
		// 1,000 is fine
		send(IngestionWorld.batch(w.attendances("m", 1_000, 1))).andExpect(jsonPath("$.accepted").value(1000));
	}

	@Test
	void aBodyOverTheLimitGets413() throws Exception {
		String padding = "x".repeat(1_100_000);
		mvc.perform(w.signed("{\"records\": [], \"padding\": \"" + padding + "\"}", NOW))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(jsonPath("$.type").value("urn:kehou:exchange:v1:problem:too-large"));
		assertNothingStored();
	}

	// ---- atomicity and concurrency ---------------------------------------------------------------------------------

	@Test
	void aBatchIsNeverHalfApplied() throws Exception {
		send(IngestionWorld.batch(w.attendance("h-0", 1))).andExpect(jsonPath("$.accepted").value(1));
		long batches = batchCount();
		String stored = snapshot();
		// a trigger fails the upsert at one record in the middle of the batch
		jdbc.sql("""
				CREATE OR REPLACE FUNCTION sup_test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN IF NEW.record_id = 'h-boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$""").update();
		jdbc.sql("CREATE TRIGGER sup_test_boom BEFORE INSERT OR UPDATE ON sup_record FOR EACH ROW EXECUTE FUNCTION sup_test_boom()")
			.update();
		try {
			List<String> records = new ArrayList<>(w.attendances("h", 10, 2));
			records.add(5, w.attendance("h-boom", 1));
			mvc.perform(w.signed(IngestionWorld.batch(records), NOW))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.detail", containsString("nothing of it was applied")));
		}
		finally {
			jdbc.sql("DROP TRIGGER sup_test_boom ON sup_record").update();
			jdbc.sql("DROP FUNCTION sup_test_boom()").update();
		}
		assertThat(snapshot()).isEqualTo(stored);
		assertThat(batchCount()).isEqualTo(batches);
		assertThat(jdbc.sql("SELECT count(*) FROM sup_rejection WHERE platform_id = :p").param("p", w.platformId())
			.query(Integer.class).single()).isZero();
	}

	@Test
	void theSameBatchPostedTwiceAtOnceStoresEachRecordOnce() throws Exception {
		for (int round = 0; round < 3; round++) {
			String body = IngestionWorld.batch(w.attendances("c" + round, 300, 1));
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(2);
			try {
				Callable<JsonNode> send = () -> {
					start.await();
					MvcResult r = mvc.perform(w.signed(body, NOW)).andReturn();
					assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
					return json.readTree(r.getResponse().getContentAsString());
				};
				Future<JsonNode> a = pool.submit(send);
				Future<JsonNode> b = pool.submit(send);
				start.countDown();
				JsonNode ra = a.get();
				JsonNode rb = b.get();
				assertThat(ra.get("accepted").intValue() + rb.get("accepted").intValue()).isEqualTo(300);
				for (int i = 0; i < 300; i++) {
					List<String> outcomes = List.of(ra.get("results").get(i).get("outcome").stringValue(),
							rb.get("results").get(i).get("outcome").stringValue());
					assertThat(outcomes).containsExactlyInAnyOrder("accepted", "unchanged");
				}
			}
			finally {
				pool.shutdownNow();
			}
		}
		assertThat(storedCount()).isEqualTo(900);
	}

	// ---- bookkeeping ---------------------------------------------------------------------------------------------

	@Test
	void batchesUpdateTheLastContactAndTheDailyCounters() throws Exception {
		send(IngestionWorld.batch(w.attendance("n-1", 1), w.attendance("n-2", 1, w.foreignSchoolCode())));
		send(IngestionWorld.batch(w.attendance("n-1", 1)));
		mvc.perform(w.signed("{", NOW)).andExpect(status().isBadRequest());
		assertThat(jdbc.sql("""
				SELECT day || ' ' || requests || ' ' || records || ' ' || accepted || ' ' || unchanged || ' ' || rejected
				  || ' ' || refused FROM sup_platform_day WHERE platform_id = :p""").param("p", w.platformId())
			.query(String.class).single()).isEqualTo("2026-11-02 3 3 1 1 1 1");
		assertThat(jdbc.sql("SELECT last_contact_at FROM sup_platform_contact WHERE platform_id = :p")
			.param("p", w.platformId()).query(java.sql.Timestamp.class).single().toInstant()).isEqualTo(NOW);
	}

	@Test
	void batchRecordsArePurgedAfterTheirRetentionAndTheRecordsStay() throws Exception {
		send(IngestionWorld.batch(w.attendance("r-1", 1), w.attendance("r-2", 1, w.foreignSchoolCode())));
		long rejections = jdbc.sql("SELECT count(*) FROM sup_rejection WHERE platform_id = :p")
			.param("p", w.platformId()).query(Long.class).single();
		assertThat(rejections).isEqualTo(1);
		ingestion.purgeBatches(NOW.plus(java.time.Duration.ofDays(399)));
		assertThat(batchCount()).isEqualTo(1);
		assertThat(ingestion.purgeBatches(NOW.plus(java.time.Duration.ofDays(401)))).isGreaterThanOrEqualTo(1);
		assertThat(batchCount()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM sup_rejection WHERE platform_id = :p").param("p", w.platformId())
			.query(Long.class).single()).isZero();
		assertThat(storedCount()).isEqualTo(1);
	}

	// ---- helpers -------------------------------------------------------------------------------------------------

	private ResultActions send(String body) throws Exception {
		return mvc.perform(w.signed(body, clock.instant())).andExpect(status().isOk());
	}

	private void assertNothingStored() {
		assertThat(storedCount()).isZero();
		assertThat(batchCount()).isZero();
	}

	private long storedCount() {
		return jdbc.sql("SELECT count(*) FROM sup_record WHERE platform_id = :p").param("p", w.platformId())
			.query(Long.class).single();
	}

	private long batchCount() {
		return jdbc.sql("SELECT count(*) FROM sup_batch WHERE platform_id = :p").param("p", w.platformId())
			.query(Long.class).single();
	}

	private List<String> ids() {
		return jdbc.sql("SELECT record_id FROM sup_record WHERE platform_id = :p ORDER BY record_id")
			.param("p", w.platformId()).query(String.class).list();
	}

	private String stored(String id) {
		return jdbc.sql("""
				SELECT version || ' ' || deleted || ' ' || coalesce(data->>'status', 'null') FROM sup_record
				WHERE platform_id = :p AND type = 'attendance' AND record_id = :id""")
			.param("p", w.platformId()).param("id", id).query(String.class).single();
	}

	private String snapshot() {
		return jdbc.sql("""
				SELECT coalesce(string_agg(type || ':' || record_id || ':' || version || ':' || deleted || ':' || batch_id
				  || ':' || updated_at || ':' || coalesce(data::text, ''), '|' ORDER BY type, record_id), '')
				FROM sup_record WHERE platform_id = :p""").param("p", w.platformId()).query(String.class).single();
	}

	private static String reasons(JsonNode results, int i) {
		assertThat(results.get(i).get("outcome").stringValue()).as("result " + i).isEqualTo("rejected");
		List<String> reasons = new ArrayList<>();
		results.get(i).get("reasons").forEach(r -> reasons.add(r.stringValue()));
		return String.join("; ", reasons);
	}
}
