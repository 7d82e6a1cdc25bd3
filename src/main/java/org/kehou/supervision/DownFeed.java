package org.kehou.supervision;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.kehou.exchange.DownFeedRecord;
import org.kehou.exchange.DownFeedSource;
import org.kehou.exchange.ExchangeClient;
import org.kehou.exchange.ExchangeRecord;
import org.kehou.exchange.FeedPage;
import org.kehou.exchange.Operation;
import org.kehou.exchange.RecordSchemas;
import org.kehou.exchange.RecordType;
import org.kehou.organisation.Terms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The down feed ({@code GET /exchange/v1/feed}): publishes the city's master data and serves it to the platforms.
 * <p>
 * {@link #refresh()} asks every {@link DownFeedSource} present in the deployment for its current records, compares
 * them with the last published state ({@code sup_down_record}, jsonb equality) and appends only the changes to
 * {@code sup_feed}: an upsert for a new or changed record, a delete for a record that vanished. All of it in one
 * transaction holding the feed's advisory lock, so publications are serialised: sequence order is commit order
 * (a reader never skips a row committed later with a smaller seq) and two refreshes at once append each change
 * once. A type without a source (e.g. providers in the supervision-only deployment) is left as it was.
 * <p>
 * {@link #pull} verifies the request's signature exactly like a batch's ({@link Ingestion}), then answers the
 * records after the cursor in seq order, each with {@code version} = its seq.
 */
@Service
public class DownFeed {

	private static final Logger log = LoggerFactory.getLogger(DownFeed.class);

	/** The feed's advisory lock key (any constant unique in the application; "kehoufee" in ASCII). */
	static final long LOCK = 0x6b65686f75666565L;

	/** The cursor's form: {@code s} and the last seq returned. Opaque to the platforms. */
	private static final Pattern CURSOR = Pattern.compile("s(0|[1-9][0-9]{0,17})");

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final JsonMapper json;

	private final List<DownFeedSource> sources;

	private final Ingestion ingestion;

	private final Clock clock;

	private final RecordSchemas schemas;

	DownFeed(JdbcClient jdbc, PlatformTransactionManager transactions, JsonMapper json,
			ObjectProvider<DownFeedSource> sources, Ingestion ingestion, ObjectProvider<Clock> clock,
			RecordSchemas schemas) {
		this.schemas = schemas;
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.json = json;
		this.sources = sources.orderedStream().toList();
		this.ingestion = ingestion;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
		Set<RecordType> seen = new HashSet<>();
		for (DownFeedSource source : this.sources) {
			if (source.type().direction() != org.kehou.exchange.Direction.DOWN || !seen.add(source.type())) {
				throw new IllegalStateException("A down feed source of " + source.type() + " is not a down type or "
						+ "not the only one of its type");
			}
		}
	}

	/** The down record types this deployment publishes (those with a source). */
	public List<RecordType> publishedTypes() {
		return sources.stream().map(DownFeedSource::type).toList();
	}

	/** Publishes the changes of every source; returns how many records were appended to the feed. */
	public int refresh() {
		LocalDate today = LocalDate.ofInstant(clock.instant(), Terms.CITY_ZONE);
		Integer appended = tx.execute(status -> {
			jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", LOCK).query((rs, i) -> 1).list();
			int n = 0;
			for (DownFeedSource source : sources) {
				n += publish(source.type(), source.current(today));
			}
			return n;
		});
		int n = appended == null ? 0 : appended;
		if (n > 0) {
			log.info("Down feed: {} change(s) published", n);
		}
		return n;
	}

	/** Appends the changes of one type (inside the locked transaction). */
	private int publish(RecordType type, List<DownFeedRecord> current) {
		List<String> ids = new ArrayList<>();
		List<String> data = new ArrayList<>();
		List<String> invalid = new ArrayList<>();
		for (DownFeedRecord record : current) {
			JsonNode node = json.valueToTree(record.data());
			List<String> problems = schemas.problems(type, node);
			if (problems.isEmpty()) {
				ids.add(record.id());
				data.add(json.writeValueAsString(node));
			}
			else {
				// never published in a shape the standard refuses: kept at its last published version
				log.warn("Down feed: {} {} is not published, its data fails the schema: {}", type.wire(), record.id(),
						problems);
				invalid.add(record.id());
			}
		}
		return jdbc.sql("""
				WITH cur AS (SELECT c.id, CAST(c.data AS jsonb) AS data
				    FROM unnest(CAST(:ids AS text[]), CAST(:data AS text[])) AS c(id, data)),
				changes AS (
				  SELECT c.id, 'upsert' AS op, c.data FROM cur c
				  LEFT JOIN sup_down_record d ON d.record_type = :type AND d.record_id = c.id
				  WHERE d.record_id IS NULL OR d.deleted OR d.data IS DISTINCT FROM c.data
				  UNION ALL
				  SELECT d.record_id, 'delete', NULL FROM sup_down_record d
				  WHERE d.record_type = :type AND NOT d.deleted AND NOT EXISTS (SELECT 1 FROM cur c WHERE c.id = d.record_id)
				    AND d.record_id <> ALL(CAST(:invalid AS text[]))),
				f AS (INSERT INTO sup_feed (record_type, record_id, op, data)
				  SELECT :type, id, op, data FROM changes ORDER BY id
				  RETURNING seq, record_id, op, data),
				d AS (INSERT INTO sup_down_record AS r (record_type, record_id, version, deleted, data, updated_at)
				  SELECT :type, record_id, seq, op = 'delete', data, now() FROM f
				  ON CONFLICT (record_type, record_id) DO UPDATE SET version = EXCLUDED.version,
				    deleted = EXCLUDED.deleted, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at)
				SELECT count(*) FROM f""")
			.param("ids", ids.toArray(String[]::new))
			.param("data", data.toArray(String[]::new))
			.param("invalid", invalid.toArray(String[]::new))
			.param("type", type.wire())
			.query(Integer.class)
			.single();
	}

	/**
	 * Answers a signed pull of the feed: the records after {@code cursor} (none: from the beginning), at most
	 * {@code limit} (default and most {@value ExchangeClient#MAX_RECORDS}).
	 *
	 * @throws ExchangeRefused (401) for a refused signature
	 * @throws FeedRequestRefused (400) for a bad cursor or limit
	 */
	public FeedPage pull(SignedRequest request, @Nullable String cursor, @Nullable String limit) {
		long platformId = ingestion.verifyPull(request);
		long after;
		int max;
		try {
			after = after(cursor);
			max = limit(limit);
			long end = jdbc.sql("SELECT coalesce(max(seq), 0) FROM sup_feed").query(Long.class).single();
			if (after > end) {
				throw new FeedRequestRefused("cursor \"" + cursor + "\" is beyond the end of this feed; send the cursor "
						+ "of the last answer as it was, or leave it out to start from the beginning");
			}
		}
		catch (FeedRequestRefused e) {
			ingestion.refusedPull(platformId, e.getMessage());
			throw e;
		}
		List<ExchangeRecord> records = new ArrayList<>();
		long[] last = { after };
		jdbc.sql("""
				SELECT seq, record_type, record_id, op, data::text AS data FROM sup_feed
				WHERE seq > :after ORDER BY seq LIMIT :limit""")
			.param("after", after)
			.param("limit", max + 1)
			.query((rs, i) -> {
				String data = rs.getString("data");
				JsonNode node = data == null ? null : json.readTree(data);
				records.add(new ExchangeRecord(rs.getString("record_type"), rs.getString("record_id"),
						rs.getLong("seq"), Operation.valueOf(rs.getString("op").toUpperCase(Locale.ROOT)), node));
				return 1;
			})
			.list();
		boolean more = records.size() > max;
		List<ExchangeRecord> page = more ? records.subList(0, max) : records;
		if (!page.isEmpty()) {
			last[0] = page.get(page.size() - 1).version();
		}
		ingestion.pulled(platformId);
		return new FeedPage(page, "s" + last[0], more);
	}

	private static long after(@Nullable String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return 0;
		}
		if (!CURSOR.matcher(cursor).matches()) {
			throw new FeedRequestRefused("cursor \"" + (cursor.length() > 40 ? cursor.substring(0, 39) + "…" : cursor)
					+ "\" is not a cursor this feed gave; leave it out to start from the beginning, or send the "
					+ "cursor of the last answer as it was");
		}
		return Long.parseLong(cursor.substring(1));
	}

	private static int limit(@Nullable String limit) {
		if (limit == null || limit.isEmpty()) {
			return ExchangeClient.MAX_RECORDS;
		}
		try {
			int n = Integer.parseInt(limit);
			if (n >= 1 && n <= ExchangeClient.MAX_RECORDS) {
				return n;
			}
		}
		catch (NumberFormatException e) {
			// answered below
		}
		throw new FeedRequestRefused("limit must be a whole number from 1 to " + ExchangeClient.MAX_RECORDS
				+ ", not \"" + (limit.length() > 20 ? limit.substring(0, 19) + "…" : limit) + "\"");
	}
}
