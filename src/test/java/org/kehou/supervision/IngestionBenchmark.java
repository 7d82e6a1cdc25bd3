package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kehou.exchange.Signatures;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingestion benchmark (not a timed test: nothing about time is asserted), run by {@code ./mvnw -Pbench test
 * -Dbench.scenarios=ingestion}. Starts Kehou on a real port and a throw-away embedded PostgreSQL, registers a platform
 * serving one school, issues its credential, and posts {@code bench.batches} (default 200) signed batches of 1,000
 * valid attendance records each over HTTP from {@code bench.clients} (default 4) client threads — every request
 * signed as a vendor would (HMAC over the body, a fresh nonce) — then re-sends the same batches (new nonces): the
 * second pass must change nothing. Prints (and writes to {@code target/bench/ingestion.txt}):
 * <pre>
 * ingestion first  batches=… records=… ms=… per_s=…   (per_s: records stored per second)
 * ingestion resend batches=… records=… ms=… per_s=…   (all unchanged)
 * </pre>
 * Asserted: every record of the first pass accepted, every one of the second unchanged, one row per record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.root=WARN", "logging.level.org.kehou=WARN" })
@ActiveProfiles("test")
class IngestionBenchmark {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	PlatformCredentials credentials;

	@Test
	void ingestion() throws Exception {
		String scenarios = System.getProperty("bench.scenarios");
		Assumptions.assumeTrue(scenarios == null || Arrays.asList(scenarios.split(",")).contains("ingestion"),
				"ingestion not among bench.scenarios");
		int batches = Integer.getInteger("bench.batches", 200);
		int clients = Integer.getInteger("bench.clients", 4);
		IngestionWorld w = IngestionWorld.create(towns, schools, platforms, credentials);

		List<byte[]> bodies = new ArrayList<>();
		for (int b = 0; b < batches; b++) {
			List<String> records = new ArrayList<>(1_000);
			for (int i = 0; i < 1_000; i++) {
				records.add(w.attendance("a-" + b + "-" + i, 1));
			}
			bodies.add(IngestionWorld.batch(records).getBytes(StandardCharsets.UTF_8));
		}
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		List<String> lines = new ArrayList<>();
		// warm-up: JIT, connection pool, prepared statements (own ids, not counted)
		List<byte[]> warmUp = new ArrayList<>();
		for (int b = 0; b < 10; b++) {
			List<String> records = new ArrayList<>();
			for (int i = 0; i < 1_000; i++) {
				records.add(w.attendance("warm-" + b + "-" + i, 1));
			}
			warmUp.add(IngestionWorld.batch(records).getBytes(StandardCharsets.UTF_8));
		}
		pass(http, w, warmUp, clients, "accepted");

		long t0 = System.nanoTime();
		pass(http, w, bodies, clients, "accepted");
		long firstMs = (System.nanoTime() - t0) / 1_000_000;
		lines.add(line("first ", batches, firstMs));

		long t1 = System.nanoTime();
		pass(http, w, bodies, clients, "unchanged");
		long resendMs = (System.nanoTime() - t1) / 1_000_000;
		lines.add(line("resend", batches, resendMs));

		assertThat(jdbc.sql("SELECT count(*) FROM sup_record WHERE platform_id = :p AND record_id LIKE 'a-%'")
			.param("p", w.platformId()).query(Long.class).single()).isEqualTo(batches * 1_000L);
		lines.forEach(System.out::println);
		Path out = Path.of("target/bench/ingestion.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, lines);
	}

	private static String line(String pass, int batches, long ms) {
		long records = batches * 1_000L;
		return "ingestion " + pass + " batches=" + batches + " records=" + records + " ms=" + ms + " per_s="
				+ (ms == 0 ? "∞" : String.valueOf(records * 1_000 / ms));
	}

	/** Posts every body once from {@code clients} threads; every record must get {@code outcome}. */
	private void pass(HttpClient http, IngestionWorld w, List<byte[]> bodies, int clients, String outcome)
			throws Exception {
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<Integer>> done = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				done.add(pool.submit(() -> {
					int sent = 0;
					for (int k; (k = next.getAndIncrement()) < bodies.size();) {
						byte[] body = bodies.get(k);
						long ts = Instant.now().getEpochSecond();
						String nonce = Signatures.newNonce();
						HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + IngestionWorld.PATH))
							.timeout(Duration.ofMinutes(2))
							.header("Content-Type", "application/json")
							.header(Signatures.APP_ID, w.credential().appId())
							.header(Signatures.TIMESTAMP, String.valueOf(ts))
							.header(Signatures.NONCE, nonce)
							.header(Signatures.SIGNATURE, Signatures.sign(w.credential().secret(), "POST",
									IngestionWorld.PATH, ts, nonce, body))
							.POST(HttpRequest.BodyPublishers.ofByteArray(body))
							.build();
						HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
						assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
						JsonNode receipt = json.readTree(response.body());
						assertThat(receipt.get(outcome).intValue()).as(response.body()).isEqualTo(1_000);
						sent++;
					}
					return sent;
				}));
			}
			int total = 0;
			for (Future<Integer> f : done) {
				total += f.get();
			}
			assertThat(total).isEqualTo(bodies.size());
		}
		finally {
			pool.shutdownNow();
		}
	}
}
