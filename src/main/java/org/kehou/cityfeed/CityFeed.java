package org.kehou.cityfeed;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.FeeCap;
import org.kehou.catalogue.FeeCaps;
import org.kehou.exchange.ExchangeClient;
import org.kehou.exchange.ExchangeRecord;
import org.kehou.exchange.FeedPage;
import org.kehou.exchange.Operation;
import org.kehou.exchange.RecordSchemas;
import org.kehou.exchange.RecordType;
import org.kehou.identity.Role;
import org.kehou.notification.Notice;
import org.kehou.notification.Notifications;
import org.kehou.identity.Scope;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TownView;
import org.kehou.organisation.Towns;
import org.kehou.providers.ProviderStatus;
import org.kehou.providers.ProviderView;
import org.kehou.providers.Providers;
import org.kehou.providers.ReviewAction;
import org.kehou.providers.Whitelist;
import org.kehou.reporting.Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Pulls the city's down feed through the exchange standard ({@link ExchangeClient#feed}, with the reporter's
 * connection) and applies it.
 * <p>
 * A pull asks for the pages after the stored cursor ({@code city_feed_state}) until the city says there are no more.
 * Each page is applied in ONE transaction together with the new cursor: every record is checked against the
 * standard's schema (a record that fails is refused and skipped), mirrored in {@code city_down_record} (the highest
 * version wins: an older or equal version changes nothing and is not applied again) and applied. A crash between
 * pages re-pulls a page, which then changes nothing. Two pulls at once (two nodes) are serialised on the state row;
 * the second finds the cursor moved and stops. A failed request sets an exponential back-off with jitter and keeps
 * the error.
 * <p>
 * Applying never destroys local data: a school known by its code takes the city's name and at least the city's
 * service end; a local provider (matched by unified social credit code) that the city no longer admits is suspended
 * city-wide through {@link Providers} when it is on a whitelist here (an {@code admitted} record lifts only such a
 * block); categories and caps are only mirrored (differences are shown); policies are kept with their body cleaned
 * again, withdrawn by a delete.
 */
@Service
@EnableConfigurationProperties(CityFeedProperties.class)
public class CityFeed {

	private static final Logger log = LoggerFactory.getLogger(CityFeed.class);

	static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Scope CITY_SCOPE = new Scope(Role.CITY_ADMIN, null, null, null, null);

	/** The audiences of the standard's policy record. */
	public static final List<String> AUDIENCES = List.of("all-guardians", "school-admins", "town-admins", "teachers",
			"providers", "instructors", "platforms");

	private static final Set<String> BLOCKING = Set.of("suspended", "expelled", "expired", "exited");

	/** A school of the city's registry that this platform does not have. */
	public record UnknownSchool(String code, String name, @Nullable String townName) {
	}

	/** A provider this platform blocked because the city's whitelist no longer admits it. */
	public record BlockedProvider(long providerId, String name, String creditCode, String cityStatus,
			Instant blockedAt) {
	}

	/** A cap of the city in force today that differs from the local cap in force (null: none here). */
	public record CapDifference(String recordId, String categoryCode, @Nullable String townCode, long cityCapFen,
			@Nullable Long localCapFen) {

		/** Whether the local cap allows more than the city's. */
		public boolean localAbove() {
			return localCapFen != null && localCapFen > cityCapFen;
		}
	}

	/** What applying a list of records did. */
	public record Applied(int applied, int refused) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final Reporter reporter;

	private final RecordSchemas schemas;

	private final Schools schools;

	private final Towns towns;

	private final Providers providers;

	private final Whitelist whitelist;

	private final FeeCaps feeCaps;

	private final CityFeedProperties properties;

	private final Clock clock;

	private final Notifications notifications;

	private final MessageSource messages;

	CityFeed(JdbcClient jdbc, PlatformTransactionManager transactions, Reporter reporter, RecordSchemas schemas,
			Schools schools, Towns towns, Providers providers, Whitelist whitelist, FeeCaps feeCaps,
			CityFeedProperties properties, ObjectProvider<Clock> clock, Notifications notifications,
			MessageSource messages) {
		this.notifications = notifications;
		this.messages = messages;
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.reporter = reporter;
		this.schemas = schemas;
		this.schools = schools;
		this.towns = towns;
		this.providers = providers;
		this.whitelist = whitelist;
		this.feeCaps = feeCaps;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** Whether there is a connection to the city to pull with (the reporter's). */
	public boolean connected() {
		return reporter.client().isPresent();
	}

	/** Pulls now with the reporter's connection. */
	public PullResult pull() {
		return pull(clock.instant());
	}

	/** Pulls with the reporter's connection, {@code now} being the time of the pull. */
	public PullResult pull(Instant now) {
		Optional<ExchangeClient> client = reporter.client();
		return client.isEmpty() ? PullResult.NOT_CONNECTED : pull(client.get(), now);
	}

	/** Pulls every page after the stored cursor with this client. */
	public PullResult pull(ExchangeClient client, Instant now) {
		jdbc.sql("UPDATE city_feed_state SET last_pull_at = :now WHERE id = 1").param("now", Timestamp.from(now))
			.update();
		int pages = 0;
		int received = 0;
		int applied = 0;
		int refused = 0;
		for (int i = 0; i < 100_000; i++) {
			String cursor = cursor();
			FeedPage page;
			try {
				page = client.feed(cursor, properties.pageSize());
			}
			catch (RuntimeException e) {
				String error = String.valueOf(e.getMessage());
				failed(now, error);
				return new PullResult(pages, received, applied, refused, error);
			}
			Applied a;
			try {
				a = tx.execute(status -> applyPage(cursor, page, now));
			}
			catch (RuntimeException e) {
				log.warn("Applying a page of the city's feed failed", e);
				String error = "apply: " + e.getMessage();
				failed(now, error);
				return new PullResult(pages, received, applied, refused, error);
			}
			if (a == null) {
				break; // another pull moved the cursor on
			}
			pages++;
			received += page.records().size();
			applied += a.applied();
			refused += a.refused();
			if (!page.more()) {
				break;
			}
		}
		jdbc.sql("""
				UPDATE city_feed_state SET last_success_at = :now, failures = 0, next_attempt_at = NULL WHERE id = 1""")
			.param("now", Timestamp.from(now))
			.update();
		return new PullResult(pages, received, applied, refused, null);
	}

	private @Nullable Applied applyPage(@Nullable String cursor, FeedPage page, Instant now) {
		String current = jdbc.sql("SELECT feed_cursor FROM city_feed_state WHERE id = 1 FOR UPDATE")
			.query((rs, n) -> Optional.ofNullable(rs.getString(1)))
			.single()
			.orElse(null);
		if (!Objects.equals(cursor, current)) {
			return null;
		}
		Applied a = applyAll(page.records(), now);
		jdbc.sql("UPDATE city_feed_state SET feed_cursor = :c WHERE id = 1").param("c", page.cursor()).update();
		return a;
	}

	/** The stored cursor (null before the first page). */
	public @Nullable String cursor() {
		return jdbc.sql("SELECT feed_cursor FROM city_feed_state WHERE id = 1")
			.query((rs, n) -> Optional.ofNullable(rs.getString(1)))
			.single()
			.orElse(null);
	}

	/** Whether the back-off allows a pull now. */
	public boolean due(Instant now) {
		Timestamp next = jdbc.sql("SELECT next_attempt_at FROM city_feed_state WHERE id = 1")
			.query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)))
			.single()
			.orElse(null);
		return next == null || !next.toInstant().isAfter(now);
	}

	/** Clears the back-off (the button pulls at once). */
	public void clearBackoff() {
		jdbc.sql("UPDATE city_feed_state SET next_attempt_at = NULL WHERE id = 1").update();
	}

	private void failed(Instant now, String error) {
		log.warn("Pulling the city's feed failed: {}", error);
		Integer failures = jdbc.sql("""
				UPDATE city_feed_state SET failures = failures + 1, last_error_at = :now, last_error = :e
				WHERE id = 1 RETURNING failures""")
			.param("now", Timestamp.from(now))
			.param("e", error.length() > 500 ? error.substring(0, 500) : error)
			.query(Integer.class)
			.single();
		long base = properties.backoffBase().toMillis();
		long exp = base << Math.min(Math.max(failures - 1, 0), 30);
		long capped = Math.min(exp <= 0 ? properties.backoffMax().toMillis() : exp, properties.backoffMax().toMillis());
		Duration wait = Duration.ofMillis(capped - (long) (capped * 0.5 * ThreadLocalRandom.current().nextDouble()));
		jdbc.sql("UPDATE city_feed_state SET next_attempt_at = :next WHERE id = 1")
			.param("next", Timestamp.from(now.plus(wait)))
			.update();
	}

	/**
	 * Mirrors and applies records of the down feed in one transaction (the pull does this per page; tests call it
	 * with records they build). Idempotent: a record whose version the mirror already holds (or exceeds) changes
	 * nothing.
	 */
	public Applied apply(List<ExchangeRecord> records, Instant now) {
		Applied a = tx.execute(status -> applyAll(records, now));
		return a == null ? new Applied(0, 0) : a;
	}

	private Applied applyAll(List<ExchangeRecord> records, Instant now) {
		int applied = 0;
		int refused = 0;
		for (ExchangeRecord r : records) {
			Optional<RecordType> type = RecordType.ofWire(r.type());
			JsonNode data = r.data();
			if (type.isEmpty() || r.id().isBlank() || r.id().length() > 64
					|| (r.op() == Operation.UPSERT && (data == null || !schemas.problems(type.get(), data).isEmpty()))) {
				log.warn("Refused a record of the city's feed: {} {} v{}", r.type(), r.id(), r.version());
				refused++;
				continue;
			}
			boolean deleted = r.op() == Operation.DELETE;
			int changed = jdbc.sql("""
					INSERT INTO city_down_record (record_type, record_id, version, deleted, data, received_at)
					VALUES (:t, :i, :v, :d, CAST(:data AS JSONB), :now)
					ON CONFLICT (record_type, record_id) DO UPDATE SET version = EXCLUDED.version,
					  deleted = EXCLUDED.deleted, data = EXCLUDED.data, received_at = EXCLUDED.received_at
					WHERE city_down_record.version < EXCLUDED.version""")
				.param("t", r.type())
				.param("i", r.id())
				.param("v", r.version())
				.param("d", deleted)
				.param("data", deleted || data == null ? null : JSON.writeValueAsString(data))
				.param("now", Timestamp.from(now))
				.update();
			if (changed == 0) {
				continue;
			}
			applied++;
			switch (type.get()) {
				case SCHOOL -> {
					if (!deleted && data != null) {
						applySchool(data);
					}
				}
				case PROVIDER -> {
					if (!deleted && data != null) {
						applyProvider(r.id(), data, LocalDate.ofInstant(now, CITY));
					}
				}
				case POLICY -> applyPolicy(r, now);
				default -> {
					// categories and caps are mirrored and shown (docs/cityfeed.md); up types have nothing to apply
				}
			}
		}
		return new Applied(applied, refused);
	}

	private void applySchool(JsonNode data) {
		Optional<SchoolView> school = schools.findSchoolByCode(data.path("schoolCode").asString());
		if (school.isEmpty()) {
			return; // not on this platform: listed on the page
		}
		LocalTime ends = null;
		if (data.hasNonNull("serviceEndsNoEarlierThan")) {
			try {
				ends = LocalTime.parse(data.get("serviceEndsNoEarlierThan").asString());
			}
			catch (DateTimeParseException e) {
				ends = null;
			}
		}
		schools.applyCityReference(school.get().id(), data.path("name").asString(), ends);
	}

	private void applyProvider(String recordId, JsonNode data, LocalDate today) {
		String credit = data.path("creditCode").asString();
		String status = data.path("status").asString();
		Long local = jdbc.sql("SELECT id FROM provider WHERE credit_code = :c")
			.param("c", credit)
			.query(Long.class)
			.optional()
			.orElse(null);
		if (local == null) {
			return;
		}
		boolean blockedByUs = jdbc.sql("SELECT count(*) FROM city_provider_block WHERE provider_id = :p")
			.param("p", local)
			.query(Long.class)
			.single() > 0;
		if ("admitted".equals(status)) {
			if (!blockedByUs) {
				return;
			}
			ProviderView view = providers.find(local).orElseThrow();
			if (view.status() == ProviderStatus.SUSPENDED && documentsValid(view, today)) {
				providers.review(local, ReviewAction.REINSTATE, "市级白名单恢复准入（" + recordId + "）", CITY_SCOPE);
			}
			jdbc.sql("DELETE FROM city_provider_block WHERE provider_id = :p").param("p", local).update();
		}
		else if (BLOCKING.contains(status)) {
			if (blockedByUs) {
				jdbc.sql("UPDATE city_provider_block SET city_status = :s WHERE provider_id = :p")
					.param("s", status)
					.param("p", local)
					.update();
				return;
			}
			// only a provider that teaches here is blocked (in the demo the feed comes from this very table, so a
			// provider the city lists as not admitted is on no whitelist here: nothing to do)
			if (whitelist.status(local).orElse(null) == ProviderStatus.APPROVED
					&& whitelist.isAdmittedAnywhere(local, today)) {
				providers.review(local, ReviewAction.SUSPEND, "市级白名单：" + status + "（" + recordId + "）", CITY_SCOPE);
				jdbc.sql("""
						INSERT INTO city_provider_block (provider_id, credit_code, city_status, record_id, blocked_at)
						VALUES (:p, :c, :s, :r, :now)""")
					.param("p", local)
					.param("c", credit)
					.param("s", status)
					.param("r", recordId)
					.param("now", Timestamp.from(clock.instant()))
					.update();
			}
		}
	}

	private static boolean documentsValid(ProviderView view, LocalDate today) {
		return view.licenceValidUntil() != null && !view.licenceValidUntil().isBefore(today)
				&& (view.permitValidUntil() == null || !view.permitValidUntil().isBefore(today));
	}

	private void applyPolicy(ExchangeRecord r, Instant now) {
		JsonNode data = r.data();
		if (r.op() == Operation.DELETE || data == null) {
			jdbc.sql("UPDATE city_policy SET withdrawn_at = :now, version = :v WHERE record_id = :id")
				.param("now", Timestamp.from(now))
				.param("v", r.version())
				.param("id", r.id())
				.update();
			return;
		}
		String body = PolicyHtml.clean(data.path("bodyHtml").asString());
		List<String> audiences = new ArrayList<>();
		for (JsonNode a : data.path("audiences")) {
			if (AUDIENCES.contains(a.asString()) && !audiences.contains(a.asString())) {
				audiences.add(a.asString());
			}
		}
		ArrayNode attachments = JSON.createArrayNode();
		for (JsonNode a : data.path("attachments")) {
			String url = a.path("url").asString();
			if (url.startsWith("https://") || url.startsWith("http://")) {
				var node = attachments.addObject();
				node.put("name", a.path("name").asString());
				node.put("url", url);
				if (a.hasNonNull("sizeBytes")) {
					node.put("sizeBytes", a.get("sizeBytes").asLong());
				}
			}
		}
		Instant published;
		try {
			published = OffsetDateTime.parse(data.path("publishedAt").asString()).toInstant();
		}
		catch (DateTimeParseException e) {
			published = now;
		}
		String title = data.path("title").asString();
		long localId = jdbc.sql("""
				INSERT INTO city_policy (record_id, version, title, kind, body_html, audiences, town_code, attachments,
				  published_at, received_at)
				VALUES (:id, :v, :title, :kind, :body, CAST(:aud AS TEXT[]), :town, CAST(:att AS JSONB), :pub, :now)
				ON CONFLICT (record_id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
				  kind = EXCLUDED.kind, body_html = EXCLUDED.body_html, audiences = EXCLUDED.audiences,
				  town_code = EXCLUDED.town_code, attachments = EXCLUDED.attachments,
				  published_at = EXCLUDED.published_at, received_at = EXCLUDED.received_at, withdrawn_at = NULL
				RETURNING id""")
			.param("id", r.id())
			.param("v", r.version())
			.param("title", title.length() > 200 ? title.substring(0, 200) : title)
			.param("kind", "notice".equals(data.path("kind").asString()) ? "notice" : "policy")
			.param("body", body)
			.param("aud", audiences.toArray(String[]::new))
			.param("town", data.hasNonNull("townCode") ? data.get("townCode").asString() : null)
			.param("att", JSON.writeValueAsString(attachments))
			.param("pub", Timestamp.from(published))
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.single();
		notifyAdmins(localId, r.id(), title, audiences, data.hasNonNull("townCode") ? data.get("townCode").asString() : null);
	}

	/**
	 * An inbox notice to the admins among the policy's audiences (school admins, town admins, provider admins; of the
	 * policy's town when it has one), once per account and policy (the dedup key): a newer version does not notify
	 * again. Guardians and teachers find it on their phone list, marked unread.
	 */
	private void notifyAdmins(long localId, String recordId, String title, List<String> audiences,
			@Nullable String townCode) {
		List<String> roles = new ArrayList<>();
		if (audiences.contains("school-admins")) {
			roles.add("SCHOOL_ADMIN");
		}
		if (audiences.contains("town-admins")) {
			roles.add("TOWN_ADMIN");
		}
		if (audiences.contains("providers")) {
			roles.add("PROVIDER_ADMIN");
		}
		if (roles.isEmpty()) {
			return;
		}
		List<Long> users = jdbc.sql("""
				SELECT u.id FROM app_user u
				LEFT JOIN school sc ON sc.id = u.school_id
				LEFT JOIN town t ON t.id = coalesce(u.town_id, sc.town_id)
				WHERE u.enabled AND u.role = ANY(CAST(:roles AS TEXT[]))
				  AND (CAST(:town AS TEXT) IS NULL OR t.code = CAST(:town AS TEXT)
				       OR (u.role = 'PROVIDER_ADMIN' AND EXISTS (SELECT 1 FROM provider_town_admission a
				           JOIN town pt ON pt.id = a.town_id WHERE a.provider_id = u.provider_id AND pt.code = CAST(:town AS TEXT))))
				ORDER BY u.id""")
			.param("roles", roles.toArray(String[]::new))
			.param("town", townCode)
			.query(Long.class)
			.list();
		String heading = messages.getMessage("cityfeed.policy", null, "cityfeed.policy", Locale.SIMPLIFIED_CHINESE);
		String noticeTitle = heading + "：" + title;
		List<Notice> notices = new ArrayList<>();
		for (long user : users) {
			notices.add(new Notice(user, "cityfeed.policy",
					noticeTitle.length() > Notice.TITLE_MAX ? noticeTitle.substring(0, Notice.TITLE_MAX) : noticeTitle,
					title.length() > Notice.BODY_MAX ? title.substring(0, Notice.BODY_MAX) : title,
					"/console/policies/" + localId, "city-policy:" + recordId));
		}
		notifications.sendAll(notices);
	}

	/** The figures of the page. */
	public CityFeedStatus status() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String t : List.of("school", "provider", "category", "cap", "policy")) {
			counts.put(t, 0L);
		}
		jdbc.sql("""
				SELECT record_type, count(*) FILTER (WHERE NOT deleted) FROM city_down_record GROUP BY record_type""")
			.query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2)))
			.list();
		return jdbc.sql("""
				SELECT feed_cursor, last_pull_at, last_success_at, last_error_at, last_error, failures, next_attempt_at,
				  reads_sent_at, reads_error
				FROM city_feed_state WHERE id = 1""")
			.query((rs, n) -> new CityFeedStatus(connected(), rs.getString(1), instant(rs.getTimestamp(2)),
					instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)), rs.getString(5), rs.getInt(6),
					instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getString(9), counts))
			.single();
	}

	private static @Nullable Instant instant(@Nullable Timestamp t) {
		return t == null ? null : t.toInstant();
	}

	/** How many schools of the city's registry this platform does not have. */
	public long unknownSchoolCount() {
		return jdbc.sql("""
				SELECT count(*) FROM city_down_record d WHERE d.record_type = 'school' AND NOT d.deleted
				  AND NOT EXISTS (SELECT 1 FROM school s WHERE s.code = d.record_id)""")
			.query(Long.class)
			.single();
	}

	/** The first {@code limit} of them, by code. */
	public List<UnknownSchool> unknownSchools(int limit) {
		return jdbc.sql("""
				SELECT d.record_id, d.data->>'name', d.data->>'townName' FROM city_down_record d
				WHERE d.record_type = 'school' AND NOT d.deleted
				  AND NOT EXISTS (SELECT 1 FROM school s WHERE s.code = d.record_id)
				ORDER BY d.record_id LIMIT :n""")
			.param("n", limit)
			.query((rs, n) -> new UnknownSchool(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/** The providers blocked because of the city's whitelist. */
	public List<BlockedProvider> blockedProviders() {
		return jdbc.sql("""
				SELECT b.provider_id, coalesce(p.legal_name, ''), b.credit_code, b.city_status, b.blocked_at
				FROM city_provider_block b LEFT JOIN provider p ON p.id = b.provider_id ORDER BY b.blocked_at DESC""")
			.query((rs, n) -> new BlockedProvider(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant()))
			.list();
	}

	/**
	 * The city's caps in force on {@code today} whose amount differs from the local cap in force for the same category
	 * and town (through {@link FeeCaps}); local fees are never changed by the feed.
	 */
	public List<CapDifference> capDifferences(LocalDate today) {
		Map<String, Long> townIds = new HashMap<>();
		for (TownView t : towns.listAll()) {
			townIds.put(t.code(), t.id());
		}
		record CityCap(String id, String category, @Nullable String town, long capFen) {
		}
		List<CityCap> caps = jdbc.sql("""
				SELECT record_id, data->>'categoryCode', data->>'townCode', (data->>'capFen')::bigint
				FROM city_down_record WHERE record_type = 'cap' AND NOT deleted
				  AND (data->>'validFrom')::date <= :today
				  AND (data->>'validUntil' IS NULL OR (data->>'validUntil')::date >= :today)
				ORDER BY data->>'categoryCode', data->>'townCode' NULLS FIRST, record_id""")
			.param("today", today)
			.query((rs, n) -> new CityCap(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
			.list();
		List<CapDifference> differences = new ArrayList<>();
		for (CityCap c : caps) {
			Long town = c.town() == null ? null : townIds.get(c.town());
			if (c.town() != null && town == null) {
				continue; // a town this platform does not serve
			}
			Long local = feeCaps.capSetOn(c.category(), town, today).map(FeeCap::amount).map(m -> m.fen()).orElse(null);
			if (local == null || local != c.capFen()) {
				differences.add(new CapDifference(c.id(), c.category(), c.town(), c.capFen(), local));
			}
		}
		return differences;
	}
}
