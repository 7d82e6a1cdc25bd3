package org.kehou.cityfeed;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.exchange.BatchResult;
import org.kehou.exchange.ExchangeClient;
import org.kehou.exchange.ExchangeRecord;
import org.kehou.exchange.Outcome;
import org.kehou.exchange.RecordResult;
import org.kehou.exchange.RecordType;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Owner;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.reporting.Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The city's policies and notices on this platform: shown to the audiences the city chose (a list, newest first,
 * unread marked, and the detail), a read receipt per policy and account on opening (concurrent opens store one), and
 * the read summaries sent back up as {@code policy-read} records.
 * <p>
 * Who sees a policy: guardians when it is for {@code all-guardians}; school admins, teachers, town admins, provider
 * admins and instructors when it is for {@code school-admins}, {@code teachers}, {@code town-admins},
 * {@code providers}, {@code instructors}; a policy with a {@code townCode} only in that town (a guardian's children's
 * schools, the school's town, the provider's admissions); the city admin of this platform sees every policy. Withdrawn
 * policies are shown to nobody.
 */
@Service
public class CityPolicies {

	private static final Logger log = LoggerFactory.getLogger(CityPolicies.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public static final int PAGE_SIZE = 20;

	/** A line of the list. */
	public record Line(long id, String title, String kind, Instant publishedAt, boolean read) {
	}

	/** A page of the list. */
	public record Listing(List<Line> items, int page, int pages, long total, long unread) {
	}

	/** An attachment: its name and the city's public link. */
	public record Attachment(String name, String url, @Nullable Long sizeBytes) {
	}

	/** A policy as shown. */
	public record View(long id, String recordId, String title, String kind, String bodyHtml, List<String> audiences,
			@Nullable String townCode, List<Attachment> attachments, Instant publishedAt) {
	}

	/** What a read summary did. */
	public record Summary(int computed, int sent, int rejected, @Nullable String error) {
	}

	private final JdbcClient jdbc;

	private final Reporter reporter;

	private final Clock clock;

	CityPolicies(JdbcClient jdbc, Reporter reporter, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.reporter = reporter;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	// The condition (on city_policy p) under which a policy is shown to the account of this scope.
	private static String shownTo(Scope scope) {
		String town = "(p.town_code IS NULL OR EXISTS (%s))";
		return switch (scope.role()) {
			case CITY_ADMIN -> "TRUE";
			case GUARDIAN -> "'all-guardians' = ANY(p.audiences) AND " + town.formatted("""
					SELECT 1 FROM student_guardian g JOIN student s ON s.id = g.student_id AND s.status = 'ACTIVE'
					JOIN school sc ON sc.id = s.school_id JOIN town t ON t.id = sc.town_id
					WHERE g.guardian_id = :guardian AND t.code = p.town_code""");
			case SCHOOL_ADMIN, TEACHER -> "'" + (scope.role() == Role.TEACHER ? "teachers" : "school-admins")
					+ "' = ANY(p.audiences) AND " + town.formatted("""
							SELECT 1 FROM school sc JOIN town t ON t.id = sc.town_id
							WHERE sc.id = :school AND t.code = p.town_code""");
			case TOWN_ADMIN -> "'town-admins' = ANY(p.audiences) AND "
					+ town.formatted("SELECT 1 FROM town t WHERE t.id = :town AND t.code = p.town_code");
			case PROVIDER_ADMIN, INSTRUCTOR -> "'" + (scope.role() == Role.INSTRUCTOR ? "instructors" : "providers")
					+ "' = ANY(p.audiences) AND " + town.formatted("""
							SELECT 1 FROM provider_town_admission a JOIN town t ON t.id = a.town_id
							WHERE a.provider_id = :provider AND t.code = p.town_code""");
			case INSPECTOR -> "FALSE";
		};
	}

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Scope scope) {
		return spec.param("guardian", scope.guardianId())
			.param("school", scope.schoolId())
			.param("town", scope.townId())
			.param("provider", scope.providerId());
	}

	/** The policies shown to this account, newest first, {@link #PAGE_SIZE} a page. */
	public Listing list(KehouUser user, int page) {
		Scope scope = user.scope();
		String where = "p.withdrawn_at IS NULL AND " + shownTo(scope);
		long[] totals = bind(jdbc.sql("""
				SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (
				  SELECT 1 FROM city_policy_read r WHERE r.policy_id = p.id AND r.user_id = :user))
				FROM city_policy p WHERE """ + " " + where), scope)
			.param("user", user.id())
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
		int pages = (int) Math.max(1, (totals[0] + PAGE_SIZE - 1) / PAGE_SIZE);
		int p = Math.min(Math.max(0, page), pages - 1);
		List<Line> items = bind(jdbc.sql("""
				SELECT p.id, p.title, p.kind, p.published_at,
				  EXISTS (SELECT 1 FROM city_policy_read r WHERE r.policy_id = p.id AND r.user_id = :user) AS read
				FROM city_policy p WHERE """ + " " + where + " ORDER BY p.published_at DESC, p.id DESC LIMIT :n OFFSET :o"),
				scope)
			.param("user", user.id())
			.param("n", PAGE_SIZE)
			.param("o", (long) p * PAGE_SIZE)
			.query((rs, n) -> new Line(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), rs.getBoolean(5)))
			.list();
		return new Listing(items, p, pages, totals[0], totals[1]);
	}

	/** The policy if it is shown to this account (empty: unknown, withdrawn or not for this account). */
	public Optional<View> find(long id, Scope scope) {
		return bind(jdbc.sql("""
				SELECT p.id, p.record_id, p.title, p.kind, p.body_html, p.audiences, p.town_code, p.attachments::text,
				  p.published_at
				FROM city_policy p WHERE p.id = :id AND p.withdrawn_at IS NULL AND """ + " " + shownTo(scope)), scope)
			.param("id", id)
			.query((rs, n) -> {
				List<Attachment> attachments = new ArrayList<>();
				for (JsonNode a : JSON.readTree(rs.getString(8))) {
					attachments.add(new Attachment(a.path("name").asString(), a.path("url").asString(),
							a.hasNonNull("sizeBytes") ? a.get("sizeBytes").asLong() : null));
				}
				return new View(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
						Arrays.asList((String[]) rs.getArray(6).getArray()), rs.getString(7), attachments,
						rs.getTimestamp(9).toInstant());
			})
			.optional();
	}

	/**
	 * Who may open the policy, for the central scope check: the caller's own anchors when it is shown to the caller,
	 * else only the city (the caller then gets 404). Empty when the policy does not exist.
	 */
	public Optional<Owner> ownerFor(long id, @Nullable KehouUser user) {
		boolean exists = jdbc.sql("SELECT count(*) FROM city_policy WHERE id = :id").param("id", id).query(Long.class)
			.single() > 0;
		if (!exists) {
			return Optional.empty();
		}
		if (user == null || find(id, user.scope()).isEmpty()) {
			return Optional.of(Owner.CITY);
		}
		Scope s = user.scope();
		java.util.Set<Long> none = java.util.Set.of();
		return Optional.of(new Owner(s.townId() == null ? none : java.util.Set.of(s.townId()),
				s.schoolId() == null ? none : java.util.Set.of(s.schoolId()),
				s.guardianId() == null ? none : java.util.Set.of(s.guardianId()),
				s.providerId() == null ? none : java.util.Set.of(s.providerId())));
	}

	/**
	 * Opens a policy for this account: the view, and a read receipt (one per policy and account; opening again or
	 * twice at once stores one).
	 */
	public Optional<View> open(long id, KehouUser user) {
		Optional<View> view = find(id, user.scope());
		view.ifPresent(v -> jdbc.sql("""
				INSERT INTO city_policy_read (policy_id, user_id, read_at) VALUES (:p, :u, :now)
				ON CONFLICT (policy_id, user_id) DO NOTHING""")
			.param("p", v.id())
			.param("u", user.id())
			.param("now", Timestamp.from(clock.instant()))
			.update());
		return view;
	}

	/** How many policies shown to this account it has not opened. */
	public long unread(KehouUser user) {
		Scope scope = user.scope();
		return bind(jdbc.sql("""
				SELECT count(*) FROM city_policy p WHERE p.withdrawn_at IS NULL AND """ + " " + shownTo(scope) + " " + """
				 AND NOT EXISTS (SELECT 1 FROM city_policy_read r WHERE r.policy_id = p.id AND r.user_id = :user)"""),
				scope)
			.param("user", user.id())
			.query(Long.class)
			.single();
	}

	private record Count(String policyRecord, String schoolCode, String audience, int audienceCount, int readCount) {
	}

	/**
	 * Counts per policy, school and audience (guardians of active students, school admins and teachers of the schools
	 * of this platform: the audiences that belong to a school) the accounts the policy is shown to and how many of
	 * them opened it, in one set-based query, and sends the changed ones to the city as {@code policy-read} records
	 * (version from a sequence, so the latest count wins). What the city accepted is remembered; rejected ones are
	 * sent again next time.
	 */
	public Summary sendReadSummaries(Instant now) {
		Optional<ExchangeClient> client = reporter.client();
		if (client.isEmpty()) {
			return new Summary(0, 0, 0, "not connected");
		}
		String platform = reporter.platformCode().orElse(null);
		List<Count> changed = jdbc.sql("""
				WITH ours AS (
				  SELECT sc.id, sc.code, t.code AS town_code FROM school sc LEFT JOIN town t ON t.id = sc.town_id
				  LEFT JOIN service_platform sp ON sp.id = sc.platform_id
				  WHERE CAST(:platform AS TEXT) IS NULL OR sp.code = CAST(:platform AS TEXT)),
				pol AS (SELECT id, record_id, audiences, town_code FROM city_policy WHERE withdrawn_at IS NULL),
				audience AS (
				  SELECT p.id AS policy_id, p.record_id, o.code AS school_code, 'all-guardians' AS audience, u.id AS user_id
				  FROM pol p JOIN ours o ON p.town_code IS NULL OR p.town_code = o.town_code
				  JOIN student s ON s.school_id = o.id AND s.status = 'ACTIVE'
				  JOIN student_guardian g ON g.student_id = s.id
				  JOIN app_user u ON u.guardian_id = g.guardian_id AND u.role = 'GUARDIAN'
				  WHERE 'all-guardians' = ANY(p.audiences)
				  UNION
				  SELECT p.id, p.record_id, o.code, CASE u.role WHEN 'TEACHER' THEN 'teachers' ELSE 'school-admins' END, u.id
				  FROM pol p JOIN ours o ON p.town_code IS NULL OR p.town_code = o.town_code
				  JOIN app_user u ON u.school_id = o.id AND u.role IN ('SCHOOL_ADMIN', 'TEACHER')
				  WHERE (u.role = 'SCHOOL_ADMIN' AND 'school-admins' = ANY(p.audiences))
				     OR (u.role = 'TEACHER' AND 'teachers' = ANY(p.audiences))),
				counted AS (
				  SELECT a.record_id, a.school_code, a.audience, count(*)::int AS audience_count,
				    count(r.user_id)::int AS read_count
				  FROM audience a LEFT JOIN city_policy_read r ON r.policy_id = a.policy_id AND r.user_id = a.user_id
				  GROUP BY a.record_id, a.school_code, a.audience)
				SELECT c.* FROM counted c LEFT JOIN city_policy_read_sent s ON s.policy_record = c.record_id
				  AND s.school_code = c.school_code AND s.audience = c.audience
				WHERE s.policy_record IS NULL OR (s.audience_count, s.read_count) <> (c.audience_count, c.read_count)
				ORDER BY c.record_id, c.school_code, c.audience""")
			.param("platform", platform)
			.query((rs, n) -> new Count(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)))
			.list();
		String asOf = now.atZone(CityFeed.CITY).toOffsetDateTime().withNano(0)
			.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		int sent = 0;
		int rejected = 0;
		String error = null;
		for (int from = 0; from < changed.size(); from += ExchangeClient.MAX_RECORDS) {
			List<Count> chunk = changed.subList(from, Math.min(changed.size(), from + ExchangeClient.MAX_RECORDS));
			List<ExchangeRecord> records = new ArrayList<>();
			List<Long> versions = new ArrayList<>();
			for (Count c : chunk) {
				long version = jdbc.sql("SELECT nextval('city_policy_read_version')").query(Long.class).single();
				versions.add(version);
				ObjectNode data = JSON.createObjectNode();
				data.put("policyId", c.policyRecord());
				data.put("schoolCode", c.schoolCode());
				data.put("audience", c.audience());
				data.put("audienceCount", c.audienceCount());
				data.put("readCount", c.readCount());
				data.put("asOf", asOf);
				records.add(ExchangeRecord.upsert(RecordType.POLICY_READ, wireId(c), version, data));
			}
			BatchResult result;
			try {
				result = client.get().send(records);
			}
			catch (RuntimeException e) {
				error = String.valueOf(e.getMessage());
				break;
			}
			for (int i = 0; i < chunk.size() && i < result.results().size(); i++) {
				RecordResult r = result.results().get(i);
				Count c = chunk.get(i);
				if (r.outcome() == Outcome.REJECTED) {
					rejected++;
					error = "rejected " + wireId(c) + ": " + String.join("; ", r.reasons());
					continue;
				}
				sent++;
				jdbc.sql("""
						INSERT INTO city_policy_read_sent (policy_record, school_code, audience, audience_count,
						  read_count, version, sent_at)
						VALUES (:p, :s, :a, :ac, :rc, :v, :now)
						ON CONFLICT (policy_record, school_code, audience) DO UPDATE SET
						  audience_count = EXCLUDED.audience_count, read_count = EXCLUDED.read_count,
						  version = EXCLUDED.version, sent_at = EXCLUDED.sent_at
						WHERE city_policy_read_sent.version < EXCLUDED.version""")
					.param("p", c.policyRecord())
					.param("s", c.schoolCode())
					.param("a", c.audience())
					.param("ac", c.audienceCount())
					.param("rc", c.readCount())
					.param("v", versions.get(i))
					.param("now", Timestamp.from(now))
					.update();
			}
		}
		if (error != null) {
			log.warn("Sending read summaries to the city: {}", error);
		}
		jdbc.sql("UPDATE city_feed_state SET reads_sent_at = :now, reads_error = :e WHERE id = 1")
			.param("now", Timestamp.from(now))
			.param("e", error == null ? null : error.length() > 500 ? error.substring(0, 500) : error)
			.update();
		return new Summary(changed.size(), sent, rejected, error);
	}

	// prd-<policy>-<school>-<audience>, within the standard's 64 characters of A-Z a-z 0-9 . _ : -
	static String wireId(String policyRecord, String schoolCode, String audience) {
		String a = switch (audience) {
			case "all-guardians" -> "g";
			case "school-admins" -> "sa";
			case "teachers" -> "t";
			default -> audience;
		};
		String id = "prd:" + policyRecord + ":" + schoolCode + ":" + a;
		return id.length() <= 64 ? id : id.substring(0, 64);
	}

	private static String wireId(Count c) {
		return wireId(c.policyRecord(), c.schoolCode(), c.audience());
	}
}
