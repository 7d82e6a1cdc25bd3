package org.kehou.exchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A platform's client of the exchange standard v1: sends signed batches ({@code POST /exchange/v1/batches}) and pulls
 * the down feed ({@code GET /exchange/v1/feed}), with the JDK's {@link HttpClient}. Every request carries the four
 * {@link Signatures} headers with a fresh nonce. A 4xx/5xx answer or no answer becomes an {@link ExchangeException}
 * with the Problem Details' detail. Thread-safe; used by the reporter and the {@link ForeignVendorSimulator}.
 */
public final class ExchangeClient {

	public static final String BATCHES = "/exchange/v1/batches";

	public static final String FEED = "/exchange/v1/feed";

	/** The most records in a batch and in a feed page. */
	public static final int MAX_RECORDS = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI base;

	private final String appId;

	private final String secret;

	private final Duration requestTimeout;

	private final Clock clock;

	private final HttpClient http;

	/** A client with a 5 s connect and a 60 s request timeout. */
	public ExchangeClient(URI base, String appId, String secret) {
		this(base, appId, secret, Duration.ofSeconds(5), Duration.ofSeconds(60), Clock.systemUTC());
	}

	/**
	 * @param base the supervision platform's address, e.g. {@code https://city.example} (a path prefix is kept)
	 * @param appId the app id the city issued
	 * @param secret the secret the city issued for it
	 */
	public ExchangeClient(URI base, String appId, String secret, Duration connectTimeout, Duration requestTimeout,
			Clock clock) {
		String b = base.toString();
		this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
		this.appId = appId;
		this.secret = secret;
		this.requestTimeout = requestTimeout;
		this.clock = clock;
		this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** Sends 1 to 1,000 records; the receiver's result per record, in their order. */
	public BatchResult send(List<ExchangeRecord> records) {
		if (records.isEmpty() || records.size() > MAX_RECORDS) {
			throw new IllegalArgumentException("A batch has 1 to " + MAX_RECORDS + " records, not " + records.size());
		}
		ObjectNode body = JSON.createObjectNode();
		ArrayNode array = body.putArray("records");
		for (ExchangeRecord record : records) {
			array.add(toJson(record));
		}
		return sendRaw(JSON.writeValueAsBytes(body));
	}

	/** Sends a batch body as it is (for tests and the simulator's malformed batches). */
	public BatchResult sendRaw(byte[] body) {
		JsonNode answer = exchange("POST", BATCHES, body);
		List<RecordResult> results = new ArrayList<>();
		for (JsonNode r : answer.path("results")) {
			List<String> reasons = new ArrayList<>();
			for (JsonNode reason : r.path("reasons")) {
				reasons.add(reason.asString());
			}
			results.add(new RecordResult(text(r, "type"), text(r, "id"),
					r.hasNonNull("version") ? r.get("version").asLong() : null,
					Outcome.valueOf(r.path("outcome").asString().toUpperCase(Locale.ROOT)), List.copyOf(reasons)));
		}
		return new BatchResult(answer.path("batchId").asLong(), answer.path("accepted").asInt(),
				answer.path("unchanged").asInt(), answer.path("rejected").asInt(), results);
	}

	/** The down records after a cursor (null: from the beginning), at most {@code limit} (1–1,000). */
	public FeedPage feed(@Nullable String cursor, int limit) {
		if (limit < 1 || limit > MAX_RECORDS) {
			throw new IllegalArgumentException("limit is 1 to " + MAX_RECORDS);
		}
		String path = FEED + "?" + (cursor == null ? "" : "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)
				+ "&") + "limit=" + limit;
		JsonNode answer = exchange("GET", path, new byte[0]);
		List<ExchangeRecord> records = new ArrayList<>();
		for (JsonNode r : answer.path("records")) {
			records.add(new ExchangeRecord(r.path("type").asString(), r.path("id").asString(),
					r.path("version").asLong(), Operation.valueOf(r.path("op").asString().toUpperCase(Locale.ROOT)),
					r.hasNonNull("data") ? r.get("data") : null));
		}
		return new FeedPage(records, answer.path("cursor").asString(), answer.path("more").asBoolean());
	}

	/** The wire form of a record. */
	public static ObjectNode toJson(ExchangeRecord record) {
		ObjectNode node = JSON.createObjectNode();
		node.put("type", record.type());
		node.put("id", record.id());
		node.put("version", record.version());
		node.put("op", record.op().name().toLowerCase(Locale.ROOT));
		if (record.data() != null) {
			node.set("data", record.data());
		}
		return node;
	}

	private JsonNode exchange(String method, String pathAndQuery, byte[] body) {
		URI uri = URI.create(base + pathAndQuery);
		String signedPath = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
		long timestamp = clock.instant().getEpochSecond();
		String nonce = Signatures.newNonce();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(requestTimeout)
			.header("Accept", "application/json, application/problem+json")
			.header(Signatures.APP_ID, appId)
			.header(Signatures.TIMESTAMP, Long.toString(timestamp))
			.header(Signatures.NONCE, nonce)
			.header(Signatures.SIGNATURE, Signatures.sign(secret, method, signedPath, timestamp, nonce, body));
		if (method.equals("POST")) {
			request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
		}
		else {
			request.GET();
		}
		HttpResponse<byte[]> response;
		try {
			response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException e) {
			throw new ExchangeException(0, null, null, method + " " + uri + " got no answer: " + e, e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new ExchangeException(0, null, null, method + " " + uri + " was interrupted", e);
		}
		int status = response.statusCode();
		JsonNode answer = parse(response.body());
		if (status >= 400) {
			String title = answer == null ? null : text(answer, "title");
			String detail = answer == null ? null : text(answer, "detail");
			throw new ExchangeException(status, title, detail, method + " " + pathAndQuery + " was refused with "
					+ status + (title == null ? "" : " " + title) + (detail == null ? "" : ": " + detail), null);
		}
		if (answer == null || !answer.isObject()) {
			throw new ExchangeException(status, null, null,
					method + " " + pathAndQuery + " answered " + status + " without a JSON object", null);
		}
		return answer;
	}

	private static @Nullable JsonNode parse(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException e) {
			return null;
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}
}
