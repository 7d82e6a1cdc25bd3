package org.kehou.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client against a tiny stub of the supervision platform (JDK HttpServer) that checks every request's signature
 * with {@link Signatures#verify}, its timestamp and its nonce, as the real receiver does.
 */
class ExchangeClientTests {

	static final String APP = "vendor-a";

	static final String SECRET = "s3cret-issued-by-the-city";

	static final JsonMapper JSON = JsonMapper.builder().build();

	HttpServer server;

	URI base;

	final List<String> seen = new CopyOnWriteArrayList<>();

	final Set<String> nonces = ConcurrentHashMap.newKeySet();

	volatile int forcedStatus;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", this::handle);
		server.start();
		base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		String path = exchange.getRequestURI().getRawPath()
				+ (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
		seen.add(exchange.getRequestMethod() + " " + path);
		var h = exchange.getRequestHeaders();
		String nonce = h.getFirst(Signatures.NONCE);
		long timestamp = Long.parseLong(h.getFirst(Signatures.TIMESTAMP));
		boolean signed = APP.equals(h.getFirst(Signatures.APP_ID)) && Signatures.validNonce(nonce)
				&& Math.abs(Instant.now().getEpochSecond() - timestamp) <= Signatures.MAX_SKEW.toSeconds()
				&& nonces.add(nonce) && Signatures.verify(SECRET, exchange.getRequestMethod(), path, timestamp, nonce,
						body, h.getFirst(Signatures.SIGNATURE));
		if (!signed) {
			problem(exchange, 401, "Not signed", "The signature does not match the request");
			return;
		}
		if (forcedStatus != 0) {
			problem(exchange, forcedStatus, "Refused", "Forced by the test");
			return;
		}
		if (exchange.getRequestMethod().equals("POST")) {
			JsonNode batch = JSON.readTree(body);
			ObjectNode answer = JSON.createObjectNode().put("batchId", 7).put("accepted", 0).put("unchanged", 0);
			ArrayNode results = answer.putArray("results");
			int rejected = 0;
			for (JsonNode r : batch.get("records")) {
				boolean bad = r.get("id").asString().startsWith("bad") || r.get("id").asString().contains("-bad-");
				rejected += bad ? 1 : 0;
				ObjectNode result = results.addObject()
					.put("type", r.get("type").asString())
					.put("id", r.get("id").asString())
					.put("version", r.get("version").asLong())
					.put("outcome", bad ? "rejected" : "accepted");
				ArrayNode reasons = result.putArray("reasons");
				if (bad) {
					reasons.add("/status: must be one of present, absent, leave, late");
				}
			}
			answer.put("accepted", results.size() - rejected).put("rejected", rejected);
			respond(exchange, 200, "application/json", JSON.writeValueAsBytes(answer));
		}
		else {
			String cursor = exchange.getRequestURI().getQuery().contains("cursor=") ? "end" : "p1";
			String page = "{\"records\": [{\"type\": \"provider\", \"id\": \"P1\", \"version\": 2, \"op\": \"delete\"},"
					+ " {\"type\": \"category\", \"id\": \"chess\", \"version\": 1, \"op\": \"upsert\","
					+ " \"data\": {\"categoryCode\": \"chess\", \"name\": \"棋类\", \"active\": true}}],"
					+ " \"cursor\": \"" + cursor + "\", \"more\": " + cursor.equals("p1") + "}";
			respond(exchange, 200, "application/json", page.getBytes(StandardCharsets.UTF_8));
		}
	}

	static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
		respond(exchange, status, "application/problem+json",
				("{\"type\": \"about:blank\", \"title\": \"" + title + "\", \"status\": " + status + ", \"detail\": \""
						+ detail + "\"}").getBytes(StandardCharsets.UTF_8));
	}

	static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	static ExchangeRecord attendance(String id, String status) {
		ObjectNode data = JSON.createObjectNode().put("schoolCode", "4420001001").put("status", status);
		return ExchangeRecord.upsert(RecordType.ATTENDANCE, id, 3, data);
	}

	@Test
	void sendsASignedBatchAndReadsTheResultsInOrder() {
		ExchangeClient client = new ExchangeClient(base, APP, SECRET);
		BatchResult result = client.send(List.of(attendance("a1", "present"), attendance("bad1", "sick"),
				ExchangeRecord.delete(RecordType.ATTENDANCE, "a2", 4)));
		assertThat(seen).containsExactly("POST /exchange/v1/batches");
		assertThat(result.batchId()).isEqualTo(7);
		assertThat(result.accepted()).isEqualTo(2);
		assertThat(result.rejected()).isEqualTo(1);
		assertThat(result.results()).extracting(RecordResult::id).containsExactly("a1", "bad1", "a2");
		assertThat(result.results().get(1)).isEqualTo(RecordResult.rejected("attendance", "bad1", 3L,
				List.of("/status: must be one of present, absent, leave, late")));
		assertThat(result.results().get(2).version()).isEqualTo(4L);
	}

	@Test
	void pullsTheFeedWithItsCursor() {
		ExchangeClient client = new ExchangeClient(base, APP, SECRET);
		FeedPage first = client.feed(null, 1000);
		assertThat(first.more()).isTrue();
		assertThat(first.cursor()).isEqualTo("p1");
		assertThat(first.records()).extracting(ExchangeRecord::op).containsExactly(Operation.DELETE, Operation.UPSERT);
		assertThat(first.records().get(0).data()).isNull();
		assertThat(first.records().get(1).data().get("name").asString()).isEqualTo("棋类");
		FeedPage next = client.feed("p1/+ =", 10);
		assertThat(next.more()).isFalse();
		// the cursor travels encoded, and the signature covers the query exactly as sent
		assertThat(seen).containsExactly("GET /exchange/v1/feed?limit=1000",
				"GET /exchange/v1/feed?cursor=p1%2F%2B+%3D&limit=10");
	}

	@Test
	void aWrongSecretIsRefusedWithTheProblemsDetail() {
		ExchangeClient client = new ExchangeClient(base, APP, "not-the-secret");
		assertThatThrownBy(() -> client.send(List.of(attendance("a1", "present"))))
			.isInstanceOfSatisfying(ExchangeException.class, e -> {
				assertThat(e.status()).isEqualTo(401);
				assertThat(e.detail()).isEqualTo("The signature does not match the request");
				assertThat(e.retryable()).isFalse();
				assertThat(e.getMessage()).contains("401", "The signature does not match the request");
			});
	}

	@Test
	void serverErrorsAreRetryable() {
		forcedStatus = 503;
		ExchangeClient client = new ExchangeClient(base, APP, SECRET);
		assertThatThrownBy(() -> client.feed(null, 5)).isInstanceOfSatisfying(ExchangeException.class, e -> {
			assertThat(e.status()).isEqualTo(503);
			assertThat(e.retryable()).isTrue();
		});
	}

	@Test
	void noAnswerIsAnExceptionToo() {
		server.stop(0);
		ExchangeClient client = new ExchangeClient(base, APP, SECRET, Duration.ofSeconds(2), Duration.ofSeconds(2),
				java.time.Clock.systemUTC());
		assertThatThrownBy(() -> client.send(List.of(attendance("a1", "present"))))
			.isInstanceOfSatisfying(ExchangeException.class, e -> {
				assertThat(e.status()).isZero();
				assertThat(e.retryable()).isTrue();
			});
	}

	@Test
	void aBatchHasOneToAThousandRecords() {
		ExchangeClient client = new ExchangeClient(base, APP, SECRET);
		assertThatThrownBy(() -> client.send(List.of())).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> client.feed(null, 1001)).isInstanceOf(IllegalArgumentException.class);
		assertThat(seen).isEmpty();
	}

	@Test
	void theSimulatorPushesThroughTheClientInBatches() {
		List<ForeignVendorSimulator.Simulated> records = new ForeignVendorSimulator("4420001001",
				new Pseudonyms("simulator-test-key-0123"), 3, java.time.LocalDate.of(2026, 3, 2))
			.generate(ForeignVendorSimulator.Size.small());
		java.util.Map<Outcome, Integer> counts = ForeignVendorSimulator.push(new ExchangeClient(base, APP, SECRET),
				records, 100);
		assertThat(seen).hasSize((records.size() + 99) / 100).allMatch(r -> r.equals("POST /exchange/v1/batches"));
		// the stub rejects exactly the marked invalid records (and accepts the rest: it keeps no versions)
		assertThat(counts.get(Outcome.REJECTED)).isEqualTo(ForeignVendorSimulator.expected(records).get(Outcome.REJECTED));
		assertThat(counts.get(Outcome.ACCEPTED) + counts.get(Outcome.REJECTED)).isEqualTo(records.size());
	}

	@Test
	void aPathPrefixOfTheBaseIsKeptAndSigned() {
		server.createContext("/city", this::handle);
		ExchangeClient client = new ExchangeClient(URI.create(base + "/city/"), APP, SECRET);
		client.send(List.of(attendance("a1", "present")));
		assertThat(seen).containsExactly("POST /city/exchange/v1/batches");
	}
}
