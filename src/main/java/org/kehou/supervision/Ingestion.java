package org.kehou.supervision;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.exchange.Direction;
import org.kehou.exchange.Outcome;
import org.kehou.exchange.RecordResult;
import org.kehou.exchange.RecordSchemas;
import org.kehou.exchange.RecordType;
import org.kehou.exchange.Signatures;
import org.kehou.organisation.PlatformView;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Terms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingestion of {@code POST /exchange/v1/batches} (invariant 7): verifies the request's signature
 * ({@link Signatures}: known and valid app id, timestamp within {@link Signatures#MAX_SKEW} of the {@link Clock},
 * nonce never seen in that window, HMAC over the raw body), checks the envelope (refused as a whole with 400) and
 * every record (rejected one by one with reasons: wire rules, the school served by the sending platform, then the
 * type's JSON Schema — skipped for a record whose version or a newer one is stored already, since it changes nothing
 * whatever its data), then applies the valid records in one transaction with one set-based upsert:
 * <ul>
 * <li>the same id and version again → unchanged; an older version → unchanged (the reason names the stored
 * version); a newer one → accepted;</li>
 * <li>a delete is a tombstone keeping its version, so an older upsert cannot bring the record back;</li>
 * <li>several records with one id in a batch: the highest version is applied, the others are unchanged;</li>
 * <li>all valid records of a batch are stored, or none (a failure rolls the whole batch back).</li>
 * </ul>
 * The accepted records are projected into the dashboards' read models in the same transaction
 * ({@link ReadModelProjection}, one statement per record type). Each batch is recorded ({@code sup_batch}) with the reasons of its rejected records (the latest
 * {@link SupervisionProperties#rejectionsKept()} per platform), and the platform's last contact and daily counters
 * are updated; refused requests of a known app id count too, with their reason as the platform's last error.
 */
@Service
public class Ingestion {

	private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

	/** The most records a batch may carry. */
	public static final int MAX_RECORDS = 1_000;

	private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private static final int MAX_REASON_LENGTH = 2_000;

	private final JdbcClient jdbc;

	private final JdbcTemplate arrays;

	private final TransactionTemplate tx;

	private final JsonMapper json;

	private final RecordSchemas schemas;

	private final PlatformCredentials credentials;

	private final ServicePlatforms platforms;

	private final SupervisionProperties properties;

	private final Clock clock;

	private final ReadModelProjection projection;

	Ingestion(JdbcClient jdbc, JdbcTemplate arrays, PlatformTransactionManager transactions, JsonMapper json,
			RecordSchemas schemas, PlatformCredentials credentials, ServicePlatforms platforms,
			SupervisionProperties properties, ObjectProvider<Clock> clock, ReadModelProjection projection) {
		this.projection = projection;
		this.jdbc = jdbc;
		this.arrays = arrays;
		this.tx = new TransactionTemplate(transactions);
		this.json = json;
		this.schemas = schemas;
		this.credentials = credentials;
		this.platforms = platforms;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** A record that passed every check, waiting to be applied. */
	private record Candidate(int index, RecordType type, String id, long version, boolean deleted,
			@Nullable JsonNode data, @Nullable String schoolCode) {

		String key() {
			return type.wire() + "\u0000" + id;
		}
	}

	/**
	 * Verifies, checks and applies a batch.
	 *
	 * @throws ExchangeRefused when the request is refused as a whole (nothing of it is stored)
	 */
	public BatchReceipt receive(SignedRequest request) {
		Instant now = clock.instant();
		PlatformCredentials.Verifiable credential = authenticate(request, now);
		long platformId = credential.platformId();
		List<JsonNode> records;
		try {
			records = envelope(request.body());
		}
		catch (ExchangeRefused e) {
			refused(platformId, now, e.getMessage(), true);
			throw e;
		}
		RecordResult[] results = new RecordResult[records.size()];
		Set<String> served = platforms.findPlatform(platformId)
			.map(p -> p.schools().stream().map(PlatformView.ServedSchool::code).collect(Collectors.toSet()))
			.orElse(Set.of());
		List<Candidate> checked = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			JsonNode record = records.get(i);
			List<String> reasons = new ArrayList<>();
			Candidate candidate = check(i, record, served, reasons);
			if (candidate == null) {
				results[i] = RecordResult.rejected(text(record.get("type")), text(record.get("id")),
						version(record.get("version")), reasons);
			}
			else {
				checked.add(candidate);
			}
		}
		// a record whose version (or a newer one) is stored changes nothing whatever its data: answered without the
		// schema check, the costly part of a re-sent batch (a concurrent batch may still store one in between; the
		// conditional upsert then leaves it unchanged all the same)
		Map<String, long[]> known = stored(platformId, checked);
		List<Candidate> candidates = new ArrayList<>();
		for (Candidate c : checked) {
			long[] s = known.get(c.key());
			if (s != null && s[0] >= c.version()) {
				results[c.index()] = RecordResult.unchanged(c.type().wire(), c.id(), c.version(), storedReason(s, c));
				continue;
			}
			List<String> problems = c.deleted() || c.data() == null ? List.of() : schemas.problems(c.type(), c.data());
			if (problems.isEmpty()) {
				candidates.add(c);
			}
			else {
				results[c.index()] = RecordResult.rejected(c.type().wire(), c.id(), c.version(), dataReasons(problems));
			}
		}
		// several records with one id: the highest version goes on (the first of equals), the others are unchanged
		Map<String, Candidate> winners = new LinkedHashMap<>();
		for (Candidate c : candidates) {
			winners.merge(c.key(), c, (a, b) -> b.version() > a.version() ? b : a);
		}
		for (Candidate c : candidates) {
			Candidate winner = winners.get(c.key());
			if (winner != c) {
				results[c.index()] = RecordResult.unchanged(c.type().wire(), c.id(), c.version(),
						winner.version() == c.version() ? "a record with the same id and version comes earlier in this batch"
								: "superseded by version " + winner.version() + " of the same record in this batch");
			}
		}
		List<Candidate> toApply = winners.values()
			.stream()
			.sorted(Comparator.comparing((Candidate c) -> c.type().wire()).thenComparing(Candidate::id))
			.toList();
		try {
			long batchId = Optional.ofNullable(tx.execute(status -> apply(platformId, credential.appId(), now, records,
					toApply, results, request.body()))).orElseThrow();
			int accepted = 0;
			int unchanged = 0;
			int rejected = 0;
			for (RecordResult r : results) {
				switch (r.outcome()) {
					case ACCEPTED -> accepted++;
					case UNCHANGED -> unchanged++;
					case REJECTED -> rejected++;
				}
			}
			return new BatchReceipt(batchId, accepted, unchanged, rejected, List.of(results));
		}
		catch (DataAccessException | TransactionException e) {
			log.warn("Batch of platform {} not stored: {}", platformId, e.toString());
			refused(platformId, now, "the batch could not be stored", true);
			throw new ExchangeRefused(ExchangeRefused.Kind.NOT_STORED,
					"The batch could not be stored and nothing of it was applied; send it again.");
		}
	}

	// ---- signature -------------------------------------------------------------------------------------------

	private PlatformCredentials.Verifiable authenticate(SignedRequest request, Instant now) {
		String appId = request.appId();
		String timestamp = request.timestamp();
		String nonce = request.nonce();
		String signature = request.signature();
		List<String> missing = new ArrayList<>();
		if (blank(appId)) {
			missing.add(Signatures.APP_ID);
		}
		if (blank(timestamp)) {
			missing.add(Signatures.TIMESTAMP);
		}
		if (blank(nonce)) {
			missing.add(Signatures.NONCE);
		}
		if (blank(signature)) {
			missing.add(Signatures.SIGNATURE);
		}
		if (!missing.isEmpty() || appId == null || timestamp == null || nonce == null || signature == null) {
			throw unauthenticated("The request is not signed: missing header(s) " + String.join(", ", missing) + ".");
		}
		PlatformCredentials.Verifiable credential = credentials.forVerification(appId, now)
			.orElseThrow(() -> unauthenticated("Unknown app id " + appId + "."));
		if (!credential.valid()) {
			throw refused(credential.platformId(), now,
					"The app id " + appId + " is revoked or expired; use the platform's current credential.", false);
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.trim());
		}
		catch (NumberFormatException e) {
			throw refused(credential.platformId(), now,
					Signatures.TIMESTAMP + " must be Unix seconds, not \"" + abbreviate(timestamp, 40) + "\".", false);
		}
		long skew = Math.abs(now.getEpochSecond() - seconds);
		if (skew > Signatures.MAX_SKEW.toSeconds()) {
			throw refused(credential.platformId(), now, "Stale timestamp: " + seconds + " is " + skew
					+ " s away from the server's clock (" + now.getEpochSecond() + "); at most "
					+ Signatures.MAX_SKEW.toSeconds() + " s are allowed.", false);
		}
		if (!Signatures.validNonce(nonce)) {
			throw refused(credential.platformId(), now,
					Signatures.NONCE + " must be 16 to 64 characters of A-Z a-z 0-9 - _.", false);
		}
		if (!Signatures.verify(credential.secret(), request.method(), request.pathAndQuery(), seconds, nonce,
				request.body(), signature)) {
			throw refused(credential.platformId(), now, "Bad signature: it does not match the canonical string "
					+ "(method, path with query, timestamp, nonce, SHA-256 of the body) signed with the app id's secret.",
					false);
		}
		// remembered until the timestamp leaves the window: a replay after that is refused as stale
		int fresh = jdbc.sql("""
				INSERT INTO sup_nonce (app_id, nonce, expires_at) VALUES (:a, :n, :e)
				ON CONFLICT DO NOTHING""")
			.param("a", appId)
			.param("n", nonce)
			.param("e", Timestamp.from(Instant.ofEpochSecond(seconds).plus(Signatures.MAX_SKEW)))
			.update();
		if (fresh == 0) {
			throw refused(credential.platformId(), now,
					"Replayed request: the nonce " + nonce + " was used before; every request needs a new nonce.", false);
		}
		return credential;
	}

	/**
	 * Verifies a signed request that is not a batch (a pull of the down feed, {@link DownFeed}) exactly like a
	 * batch's signature (a refusal counts as the platform's error like a batch's).
	 *
	 * @return the platform's id
	 * @throws ExchangeRefused (401) when the signature is refused
	 */
	long verifyPull(SignedRequest request) {
		return authenticate(request, clock.instant()).platformId();
	}

	/** Counts a pull that was answered as the platform's contact and a request of the day. */
	void pulled(long platformId) {
		Instant now = clock.instant();
		tx.executeWithoutResult(status -> {
			count(platformId, now, 1, 0, 0, 0, 0, 0);
			jdbc.sql("""
					INSERT INTO sup_platform_contact (platform_id, last_contact_at) VALUES (:p, :now)
					ON CONFLICT (platform_id) DO UPDATE SET last_contact_at = EXCLUDED.last_contact_at""")
				.param("p", platformId)
				.param("now", Timestamp.from(now))
				.update();
		});
	}

	/** Counts a verified pull refused for its parameters (and the reason as the platform's last error). */
	void refusedPull(long platformId, String detail) {
		refused(platformId, clock.instant(), detail, true);
	}

	private static ExchangeRefused unauthenticated(String detail) {
		return new ExchangeRefused(ExchangeRefused.Kind.SIGNATURE, detail);
	}

	/** Counts a refused request of a known platform (and its reason as the last error); returns the 401. */
	private ExchangeRefused refused(long platformId, Instant now, String detail, boolean contact) {
		try {
			tx.executeWithoutResult(status -> {
				count(platformId, now, 1, 0, 0, 0, 0, 1);
				jdbc.sql("""
						INSERT INTO sup_platform_contact (platform_id, last_contact_at, last_error_at, last_error)
						VALUES (:p, :contact, :now, :error)
						ON CONFLICT (platform_id) DO UPDATE SET last_error_at = EXCLUDED.last_error_at,
						  last_error = EXCLUDED.last_error,
						  last_contact_at = coalesce(EXCLUDED.last_contact_at, sup_platform_contact.last_contact_at)""")
					.param("p", platformId)
					.param("contact", contact ? Timestamp.from(now) : null)
					.param("now", Timestamp.from(now))
					.param("error", abbreviate(detail, 500))
					.update();
			});
		}
		catch (DataAccessException | TransactionException e) {
			log.warn("Could not count a refused request of platform {}: {}", platformId, e.toString());
		}
		return unauthenticated(detail);
	}

	// ---- envelope and records --------------------------------------------------------------------------------

	private List<JsonNode> envelope(byte[] body) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException e) {
			throw malformed("The body is not valid JSON: " + abbreviate(e.getOriginalMessage(), 200));
		}
		if (root == null || root.isMissingNode()) {
			throw malformed("The body is empty; expected {\"records\": [ … ]}.");
		}
		if (!root.isObject()) {
			throw malformed("The body must be a JSON object {\"records\": [ … ]}, not " + kind(root) + ".");
		}
		JsonNode records = root.get("records");
		if (records == null || !records.isArray()) {
			throw malformed("The body has no \"records\" array.");
		}
		if (records.isEmpty()) {
			throw malformed("The batch has no records; send 1 to " + MAX_RECORDS + ".");
		}
		if (records.size() > MAX_RECORDS) {
			throw malformed("The batch has " + records.size() + " records; at most " + MAX_RECORDS
					+ " are allowed per batch.");
		}
		List<JsonNode> list = new ArrayList<>(records.size());
		records.forEach(list::add);
		return list;
	}

	private static ExchangeRefused malformed(String detail) {
		return new ExchangeRefused(ExchangeRefused.Kind.MALFORMED_BATCH, detail);
	}

	private @Nullable Candidate check(int index, JsonNode record, Set<String> served, List<String> reasons) {
		if (!record.isObject()) {
			reasons.add("a record must be a JSON object, not " + kind(record));
			return null;
		}
		RecordType type = null;
		JsonNode typeNode = record.get("type");
		if (typeNode == null || !typeNode.isString()) {
			reasons.add("/type: missing (the record type's wire name, e.g. \"attendance\")");
		}
		else {
			type = RecordType.ofWire(typeNode.stringValue()).orElse(null);
			if (type == null) {
				reasons.add("/type: unknown record type \"" + abbreviate(typeNode.stringValue(), 40) + "\"");
			}
			else if (type.direction() != Direction.UP) {
				reasons.add("/type: \"" + type.wire()
						+ "\" travels down (city → platform); only up record types may be sent");
				type = null;
			}
		}
		JsonNode idNode = record.get("id");
		String id = idNode != null && idNode.isString() ? idNode.stringValue() : null;
		if (id == null || !RECORD_ID.matcher(id).matches()) {
			reasons.add("/id: must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
		}
		Long version = version(record.get("version"));
		if (version == null || version < 1) {
			reasons.add("/version: must be a positive 64-bit integer");
		}
		JsonNode opNode = record.get("op");
		String op = opNode != null && opNode.isString() ? opNode.stringValue() : null;
		boolean delete = "delete".equals(op);
		if (!"upsert".equals(op) && !delete) {
			reasons.add("/op: must be \"upsert\" or \"delete\"");
		}
		JsonNode data = record.get("data");
		if (data != null && data.isNull()) {
			data = null;
		}
		if (data == null && "upsert".equals(op)) {
			reasons.add("/data: required for an upsert");
		}
		else if (data != null && !data.isObject()) {
			reasons.add("/data: must be a JSON object");
			data = null;
		}
		String school = null;
		if (data != null) {
			JsonNode schoolNode = data.get("schoolCode");
			if (schoolNode != null && schoolNode.isString()) {
				school = schoolNode.stringValue();
				if (!served.contains(school)) {
					reasons.add("/data/schoolCode: school \"" + abbreviate(school, 40)
							+ "\" is not served by the sending platform");
				}
			}
			else if (!delete) {
				reasons.add("/data/schoolCode: required (the code of a school the sending platform serves)");
			}
		}
		if (!reasons.isEmpty() || type == null || id == null || version == null) {
			// rejected anyway: add what the schema finds too, so that one answer lists every problem
			if (type != null && !delete && data != null) {
				boolean schoolGiven = reasons.stream().anyMatch(r -> r.startsWith("/data/schoolCode:"));
				for (String reason : dataReasons(schemas.problems(type, data))) {
					if (!schoolGiven || !reason.startsWith("/data/schoolCode:")) {
						reasons.add(reason);
					}
				}
			}
			return null;
		}
		return new Candidate(index, type, id, version, delete, delete ? null : data, school);
	}

	private static List<String> dataReasons(List<String> problems) {
		return problems.stream().map(p -> "/data" + (p.startsWith("/") ? "" : ": ") + p).toList();
	}

	private static String storedReason(long[] stored, Candidate c) {
		return (stored[0] == c.version() ? "version " + stored[0] + " is already stored"
				: "a newer version " + stored[0] + " is stored") + (stored[1] == 1 ? " (deleted)" : "");
	}

	/** The stored version and tombstone flag of each candidate's record, by key (one set-based query). */
	private Map<String, long[]> stored(long platformId, List<Candidate> candidates) {
		Map<String, long[]> stored = new HashMap<>();
		if (candidates.isEmpty()) {
			return stored;
		}
		String[] types = candidates.stream().map(c -> c.type().wire()).toArray(String[]::new);
		String[] ids = candidates.stream().map(Candidate::id).toArray(String[]::new);
		arrays.query(con -> {
			PreparedStatement ps = con.prepareStatement("""
					SELECT s.type, s.record_id, s.version, s.deleted
					FROM (SELECT DISTINCT type, id FROM unnest(?::text[], ?::text[]) AS k(type, id)) k
					JOIN sup_record s ON s.platform_id = ? AND s.type = k.type AND s.record_id = k.id""");
			ps.setArray(1, array(con, "text", types));
			ps.setArray(2, array(con, "text", ids));
			ps.setLong(3, platformId);
			return ps;
		}, rs -> {
			stored.put(rs.getString(1) + "\u0000" + rs.getString(2),
					new long[] { rs.getLong(3), rs.getBoolean(4) ? 1 : 0 });
		});
		return stored;
	}

	// ---- apply -----------------------------------------------------------------------------------------------

	private Long apply(long platformId, String appId, Instant now, List<JsonNode> records, List<Candidate> toApply,
			RecordResult[] results, byte[] body) {
		Timestamp at = Timestamp.from(now);
		long batchId = jdbc.sql("""
				INSERT INTO sup_batch (platform_id, app_id, received_at, records, accepted, unchanged, rejected)
				VALUES (:p, :a, :at, :n, 0, 0, 0) RETURNING id""")
			.param("p", platformId)
			.param("a", appId)
			.param("at", at)
			.param("n", records.size())
			.query(Long.class)
			.single();
		Set<String> applied = new HashSet<>();
		if (!toApply.isEmpty()) {
			int n = toApply.size();
			String[] types = new String[n];
			String[] ids = new String[n];
			Long[] versions = new Long[n];
			Boolean[] deleted = new Boolean[n];
			Integer[] ordinals = new Integer[n];
			String[] schools = new String[n];
			// the data go to PostgreSQL as they came: the body once as jsonb, each record picked by its ordinal
			// (re-serialising every record's data cost more than the upsert); a body PostgreSQL's jsonb would refuse
			// although Jackson read it (an escaped NUL or a lone surrogate escape) takes the record-by-record way
			boolean whole = jsonbSafe(body);
			String[] data = whole ? null : new String[n];
			for (int i = 0; i < n; i++) {
				Candidate c = toApply.get(i);
				types[i] = c.type().wire();
				ids[i] = c.id();
				versions[i] = c.version();
				deleted[i] = c.deleted();
				ordinals[i] = c.index() + 1;
				schools[i] = c.schoolCode();
				if (data != null) {
					JsonNode node = c.data();
					data[i] = node == null ? null : json.writeValueAsString(node);
				}
			}
			String source = whole ? """
					WITH b AS (SELECT e.n, e.value -> 'data' AS data
					  FROM jsonb_array_elements(CAST(? AS JSONB) -> 'records') WITH ORDINALITY AS e(value, n))
					INSERT INTO sup_record AS s (platform_id, type, record_id, version, deleted, data, school_code,
					  batch_id, received_at, updated_at)
					SELECT ?, r.type, r.id, r.version, r.deleted, CASE WHEN r.deleted THEN NULL ELSE b.data END,
					  r.school, ?, ?, ?
					FROM unnest(?::text[], ?::text[], ?::int8[], ?::bool[], ?::int4[], ?::text[])
					  WITH ORDINALITY AS r(type, id, version, deleted, ord, school, n)
					JOIN b ON b.n = r.ord
					ORDER BY r.n
					""" : """
					INSERT INTO sup_record AS s (platform_id, type, record_id, version, deleted, data, school_code,
					  batch_id, received_at, updated_at)
					SELECT ?, r.type, r.id, r.version, r.deleted, CAST(r.data AS JSONB), r.school, ?, ?, ?
					FROM unnest(?::text[], ?::text[], ?::int8[], ?::bool[], ?::text[], ?::text[])
					  WITH ORDINALITY AS r(type, id, version, deleted, data, school, n)
					ORDER BY r.n
					""";
			// one statement for the batch; rows in key order so that concurrent batches lock in the same order
			arrays.query(con -> {
				PreparedStatement ps = con.prepareStatement(source + """
						ON CONFLICT (platform_id, type, record_id) DO UPDATE
						SET version = EXCLUDED.version, deleted = EXCLUDED.deleted, data = EXCLUDED.data,
						  school_code = coalesce(EXCLUDED.school_code, s.school_code), batch_id = EXCLUDED.batch_id,
						  updated_at = EXCLUDED.updated_at
						WHERE s.version < EXCLUDED.version
						RETURNING s.type, s.record_id""");
				int p = 1;
				if (whole) {
					ps.setString(p++, new String(body, StandardCharsets.UTF_8));
				}
				ps.setLong(p++, platformId);
				ps.setLong(p++, batchId);
				ps.setTimestamp(p++, at);
				ps.setTimestamp(p++, at);
				ps.setArray(p++, array(con, "text", types));
				ps.setArray(p++, array(con, "text", ids));
				ps.setArray(p++, array(con, "int8", versions));
				ps.setArray(p++, array(con, "bool", deleted));
				ps.setArray(p++, whole ? array(con, "int4", ordinals) : array(con, "text", data));
				ps.setArray(p, array(con, "text", schools));
				return ps;
			}, rs -> {
				applied.add(rs.getString(1) + "\u0000" + rs.getString(2));
			});
			List<Candidate> kept = toApply.stream().filter(c -> !applied.contains(c.key())).toList();
			Map<String, long[]> stored = stored(platformId, kept);
			for (Candidate c : toApply) {
				if (applied.contains(c.key())) {
					results[c.index()] = RecordResult.accepted(c.type().wire(), c.id(), c.version());
				}
				else {
					long[] s = stored.get(c.key());
					String reason = s == null ? "a newer version is stored" : storedReason(s, c);
					results[c.index()] = RecordResult.unchanged(c.type().wire(), c.id(), c.version(), reason);
				}
			}
		}
		int accepted = 0;
		int unchanged = 0;
		List<RecordResult> rejections = new ArrayList<>();
		for (RecordResult r : results) {
			if (r.outcome() == Outcome.ACCEPTED) {
				accepted++;
			}
			else if (r.outcome() == Outcome.UNCHANGED) {
				unchanged++;
			}
			else {
				rejections.add(r);
			}
		}
		jdbc.sql("UPDATE sup_batch SET accepted = :a, unchanged = :u, rejected = :r WHERE id = :id")
			.param("a", accepted)
			.param("u", unchanged)
			.param("r", rejections.size())
			.param("id", batchId)
			.update();
		if (!rejections.isEmpty()) {
			keepRejections(platformId, batchId, at, rejections);
		}
		// the read models follow the stored records in the same transaction (one statement per type), late so that
		// their aggregate rows are locked only for the rest of the batch
		projection.project(platformId, applied);
		count(platformId, now, 1, records.size(), accepted, unchanged, rejections.size(), 0);
		jdbc.sql("""
				INSERT INTO sup_platform_contact (platform_id, last_contact_at) VALUES (:p, :now)
				ON CONFLICT (platform_id) DO UPDATE SET last_contact_at = EXCLUDED.last_contact_at""")
			.param("p", platformId)
			.param("now", at)
			.update();
		return batchId;
	}

	private void keepRejections(long platformId, long batchId, Timestamp at, List<RecordResult> rejections) {
		List<RecordResult> kept = rejections.subList(0, Math.min(rejections.size(), properties.rejectionsKept()));
		String[] types = kept.stream().map(r -> abbreviate(r.type(), 64)).toArray(String[]::new);
		String[] ids = kept.stream().map(r -> abbreviate(r.id(), 100)).toArray(String[]::new);
		Long[] versions = kept.stream().map(RecordResult::version).toArray(Long[]::new);
		String[] reasons = kept.stream()
			.map(r -> abbreviate(String.join("; ", r.reasons()), MAX_REASON_LENGTH))
			.toArray(String[]::new);
		arrays.update(con -> {
			PreparedStatement ps = con.prepareStatement("""
					INSERT INTO sup_rejection (platform_id, batch_id, received_at, type, record_id, version, reasons)
					SELECT ?, ?, ?, r.type, r.id, r.version, r.reasons
					FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[]) AS r(type, id, version, reasons)""");
			ps.setLong(1, platformId);
			ps.setLong(2, batchId);
			ps.setTimestamp(3, at);
			ps.setArray(4, array(con, "text", types));
			ps.setArray(5, array(con, "text", ids));
			ps.setArray(6, array(con, "int8", versions));
			ps.setArray(7, array(con, "text", reasons));
			return ps;
		});
		jdbc.sql("""
				DELETE FROM sup_rejection WHERE platform_id = :p AND id <= (
				  SELECT id FROM sup_rejection WHERE platform_id = :p ORDER BY id DESC OFFSET :keep LIMIT 1)""")
			.param("p", platformId)
			.param("keep", properties.rejectionsKept())
			.update();
	}

	private void count(long platformId, Instant now, int requests, int records, int accepted, int unchanged,
			int rejected, int refused) {
		jdbc.sql("""
				INSERT INTO sup_platform_day AS d (platform_id, day, requests, records, accepted, unchanged, rejected,
				  refused)
				VALUES (:p, :day, :requests, :records, :accepted, :unchanged, :rejected, :refused)
				ON CONFLICT (platform_id, day) DO UPDATE SET requests = d.requests + EXCLUDED.requests,
				  records = d.records + EXCLUDED.records, accepted = d.accepted + EXCLUDED.accepted,
				  unchanged = d.unchanged + EXCLUDED.unchanged, rejected = d.rejected + EXCLUDED.rejected,
				  refused = d.refused + EXCLUDED.refused""")
			.param("p", platformId)
			.param("day", LocalDate.ofInstant(now, Terms.CITY_ZONE))
			.param("requests", requests)
			.param("records", records)
			.param("accepted", accepted)
			.param("unchanged", unchanged)
			.param("rejected", rejected)
			.param("refused", refused)
			.update();
	}

	/**
	 * Deletes the records of batches received more than {@code kehou.supervision.batches-kept} (400 days) before
	 * {@code now}, with their rejections; returns how many batches.
	 */
	public int purgeBatches(Instant now) {
		return jdbc.sql("DELETE FROM sup_batch WHERE received_at < :before")
			.param("before", Timestamp.from(now.minus(properties.batchesKept())))
			.update();
	}

	/** Deletes nonces whose request timestamps have left the window; returns how many. */
	public int purgeNonces() {
		return jdbc.sql("DELETE FROM sup_nonce WHERE expires_at < :now")
			.param("now", Timestamp.from(clock.instant()))
			.update();
	}

	// ---- helpers ---------------------------------------------------------------------------------------------

	/**
	 * Whether PostgreSQL's jsonb reads the body as Jackson did: UTF-8 (no byte-order mark, no NUL bytes) without a
	 * escaped NUL character or surrogate (jsonb refuses the first and a lone surrogate), and without a number that
	 * jsonb's numeric might not hold (outside strings: an exponent of 5 digits or more, a run of 5,000 digits or more) —
	 * one such number in a record the schema refuses would otherwise fail the whole batch. When in doubt the records
	 * go record by record, which is only slower.
	 */
	static boolean jsonbSafe(byte[] body) {
		if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
			return false;
		}
		boolean inString = false;
		int digits = 0;
		for (int i = 0; i < body.length; i++) {
			byte b = body[i];
			if (b == 0) {
				return false;
			}
			if (inString) {
				if (b == '"') {
					inString = false;
				}
				else if (b == '\\' && i + 1 < body.length) {
					if (body[i + 1] == 'u' && i + 2 < body.length) {
						byte h = body[i + 2];
						if (h == 'd' || h == 'D' || (h == '0' && i + 5 < body.length && body[i + 3] == '0'
								&& body[i + 4] == '0' && body[i + 5] == '0')) {
							return false;
						}
					}
					i++; // the escaped character
				}
				continue;
			}
			if (b == '"') {
				inString = true;
				digits = 0;
				continue;
			}
			// outside strings: numbers
			digits = b >= '0' && b <= '9' ? digits + 1 : 0;
			if (digits >= 5_000) {
				return false;
			}
			if (b == 'e' || b == 'E') {
				int j = i + 1;
				if (j < body.length && (body[j] == '+' || body[j] == '-')) {
					j++;
				}
				int exponent = 0;
				while (j < body.length && body[j] >= '0' && body[j] <= '9') {
					exponent++;
					j++;
				}
				if (exponent >= 5) {
					return false;
				}
			}
		}
		return true;
	}

	private static Array array(Connection con, String type, Object[] values) throws SQLException {
		return con.createArrayOf(type, values);
	}

	private static @Nullable Long version(@Nullable JsonNode node) {
		return node != null && node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return node != null && node.isString() ? abbreviate(node.stringValue(), 100) : null;
	}

	private static String kind(JsonNode node) {
		if (node.isArray()) {
			return "an array";
		}
		if (node.isString()) {
			return "a string";
		}
		if (node.isNumber()) {
			return "a number";
		}
		if (node.isNull()) {
			return "null";
		}
		if (node.isBoolean()) {
			return "a boolean";
		}
		return "an object";
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static @Nullable String abbreviate(@Nullable String text, int max) {
		if (text == null) {
			return null;
		}
		return text.length() <= max ? text : text.substring(0, max - 1) + "…";
	}
}
