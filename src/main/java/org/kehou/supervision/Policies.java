package org.kehou.supervision;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.organisation.PlatformView;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The policies and notices the city publishes (政策发布): composed as drafts (title, kind, audiences, optional town,
 * rich text cleaned by {@link PolicyHtml}, attachments), published — which appends a {@code policy} record to the
 * down feed through {@link DownFeed#refresh()} — and withdrawn (a delete in the feed). Only drafts change; every
 * step is audited. The read receipts the platforms report ({@code policy-read}) are summarised per policy.
 */
@Service
public class Policies {

	private static final Logger log = LoggerFactory.getLogger(Policies.class);

	/** The standard's audiences (policy.schema.json), in the order the form shows them. */
	public static final List<String> AUDIENCES = List.of("all-guardians", "school-admins", "town-admins", "teachers",
			"providers", "instructors", "platforms");

	public static final List<String> KINDS = List.of("policy", "notice");

	public static final List<String> STATUSES = List.of("draft", "published", "withdrawn");

	/** The most attachments of a policy (the standard's limit). */
	public static final int MAX_ATTACHMENTS = 20;

	/** What a city admin fills in. */
	public record Draft(@Nullable String title, @Nullable String kind, @Nullable List<String> audiences,
			@Nullable String townCode, @Nullable String body) {
	}

	/** A line of the list. */
	public record Summary(long id, String title, String kind, String status, List<String> audiences,
			@Nullable String townCode, Instant updatedAt, @Nullable Instant publishedAt) {
	}

	/** A page of the list. */
	public record Listing(List<Summary> items, int page, int pages, long total) {
	}

	/** An attachment (without its bytes). */
	public record Attachment(long id, String token, String name, String contentType, long sizeBytes) {
	}

	/** An attachment's file. */
	public record AttachmentFile(String name, String contentType, byte[] content) {
	}

	/** A policy with everything the page shows. */
	public record View(long id, String title, String kind, String status, List<String> audiences,
			@Nullable String townCode, String bodyHtml, String createdBy, Instant createdAt, Instant updatedAt,
			@Nullable Instant publishedAt, @Nullable Instant withdrawnAt, List<Attachment> attachments) {

		/** The id of its record in the down feed (and in the platforms' {@code policy-read} records). */
		public String feedId() {
			return feedId(id);
		}

		public boolean draft() {
			return status.equals("draft");
		}

		public boolean published() {
			return status.equals("published");
		}

		public static String feedId(long id) {
			return "pol-" + id;
		}
	}

	/** A platform's latest read receipt for one school and audience. */
	public record ReadRow(long platformId, String platformName, String schoolCode, String schoolName,
			String audience, int audienceCount, int readCount, Instant asOf) {

		public int percent() {
			return Policies.percent(readCount, audienceCount);
		}
	}

	/** Reads of one audience summed over the city. */
	public record ReadTotal(String audience, long audienceCount, long readCount) {

		public int percent() {
			return Policies.percent(readCount, audienceCount);
		}
	}

	/** The read receipts of a policy: per platform and school, per audience over the city, and the city total. */
	public record Reads(List<ReadRow> rows, List<ReadTotal> byAudience, ReadTotal city) {
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final AuditLog audit;

	private final DownFeed feed;

	private final Towns towns;

	private final ServicePlatforms platforms;

	private final PolicyProperties properties;

	private final Clock clock;

	Policies(JdbcClient jdbc, PlatformTransactionManager transactions, AuditLog audit, DownFeed feed, Towns towns,
			ServicePlatforms platforms, PolicyProperties properties, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.audit = audit;
		this.feed = feed;
		this.towns = towns;
		this.platforms = platforms;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	public PolicyProperties properties() {
		return properties;
	}

	// ---- reading -------------------------------------------------------------------------------------------

	/** Policies newest first, optionally of one kind and status; {@code page} from 0. */
	public Listing list(@Nullable String kind, @Nullable String status, int page) {
		String k = kind != null && KINDS.contains(kind) ? kind : null;
		String s = status != null && STATUSES.contains(status) ? status : null;
		String where = " WHERE (CAST(:k AS TEXT) IS NULL OR kind = :k) AND (CAST(:s AS TEXT) IS NULL OR status = :s)";
		long total = jdbc.sql("SELECT count(*) FROM sup_policy" + where).param("k", k).param("s", s)
			.query(Long.class).single();
		int size = properties.pageSize();
		int pages = (int) Math.max(1, (total + size - 1) / size);
		int p = Math.max(0, Math.min(page, pages - 1));
		List<Summary> items = jdbc.sql("""
				SELECT id, title, kind, status, audiences, town_code, updated_at, published_at FROM sup_policy"""
				+ where + " ORDER BY id DESC LIMIT :size OFFSET :offset")
			.param("k", k)
			.param("s", s)
			.param("size", size)
			.param("offset", (long) p * size)
			.query((rs, i) -> new Summary(rs.getLong("id"), rs.getString("title"), rs.getString("kind"),
					rs.getString("status"), List.of((String[]) rs.getArray("audiences").getArray()),
					rs.getString("town_code"), rs.getTimestamp("updated_at").toInstant(),
					instant(rs.getTimestamp("published_at"))))
			.list();
		return new Listing(items, p, pages, total);
	}

	public Optional<View> find(long id) {
		return jdbc.sql("SELECT * FROM sup_policy WHERE id = :id").param("id", id).query((rs, i) -> new View(
				rs.getLong("id"), rs.getString("title"), rs.getString("kind"), rs.getString("status"),
				List.of((String[]) rs.getArray("audiences").getArray()), rs.getString("town_code"),
				rs.getString("body_html"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant(), instant(rs.getTimestamp("published_at")),
				instant(rs.getTimestamp("withdrawn_at")), attachments(id)))
			.optional();
	}

	List<Attachment> attachments(long policyId) {
		return jdbc.sql("""
				SELECT id, token, name, content_type, size_bytes FROM sup_policy_attachment
				WHERE policy_id = :p ORDER BY id""")
			.param("p", policyId)
			.query(Attachment.class)
			.list();
	}

	/** An attachment of a policy, whatever its status (for the city admin's console). */
	public Optional<AttachmentFile> attachment(long policyId, long attachmentId) {
		return jdbc.sql("""
				SELECT name, content_type, content FROM sup_policy_attachment WHERE id = :a AND policy_id = :p""")
			.param("a", attachmentId)
			.param("p", policyId)
			.query(AttachmentFile.class)
			.optional();
	}

	/** An attachment by its link's token, only while its policy is published (the link the feed gives). */
	public Optional<AttachmentFile> publishedAttachment(String token) {
		return jdbc.sql("""
				SELECT a.name, a.content_type, a.content FROM sup_policy_attachment a
				JOIN sup_policy p ON p.id = a.policy_id WHERE a.token = :t AND p.status = 'published'""")
			.param("t", token)
			.query(AttachmentFile.class)
			.optional();
	}

	/** The link of an attachment as the feed publishes it. */
	public String attachmentUrl(String token) {
		return properties.publicUrl() + "/exchange/v1/policy-files?t=" + token;
	}

	// ---- changing ------------------------------------------------------------------------------------------

	/**
	 * Saves a new draft; returns its id.
	 *
	 * @throws PolicyRefused when a field is missing or wrong
	 */
	public long compose(Draft draft, String author) {
		Checked c = check(draft);
		Timestamp now = Timestamp.from(clock.instant());
		return inTransaction(() -> {
			long id = jdbc.sql("""
					INSERT INTO sup_policy (title, kind, body_html, audiences, town_code, created_by, created_at, updated_at)
					VALUES (:title, :kind, :body, :audiences, :town, :by, :now, :now) RETURNING id""")
				.param("title", c.title())
				.param("kind", c.kind())
				.param("body", c.body())
				.param("audiences", c.audiences().toArray(String[]::new))
				.param("town", c.townCode())
				.param("by", author)
				.param("now", now)
				.query(Long.class)
				.single();
			audit.record(AuditLog.Entry.of("policy-compose", "policy", id).detail(c.title()));
			return id;
		});
	}

	/** Changes a draft. @throws PolicyRefused when it is not a draft any more, or a field is wrong */
	public void update(long id, Draft draft) {
		Checked c = check(draft);
		inTransaction(() -> {
			int n = jdbc.sql("""
					UPDATE sup_policy SET title = :title, kind = :kind, body_html = :body, audiences = :audiences,
					  town_code = :town, updated_at = :now WHERE id = :id AND status = 'draft'""")
				.param("title", c.title())
				.param("kind", c.kind())
				.param("body", c.body())
				.param("audiences", c.audiences().toArray(String[]::new))
				.param("town", c.townCode())
				.param("now", Timestamp.from(clock.instant()))
				.param("id", id)
				.update();
			if (n == 0) {
				throw new PolicyRefused("policy.error.notDraft");
			}
			audit.record(AuditLog.Entry.of("policy-update", "policy", id).detail(c.title()));
			return n;
		});
	}

	/** Publishes a draft: it goes down the feed at once. @throws PolicyRefused when it is not a draft */
	public void publish(long id) {
		change(id, "draft", "published", "published_at", "policy-publish");
	}

	/** Withdraws a published policy: the feed deletes it. @throws PolicyRefused when it is not published */
	public void withdraw(long id) {
		change(id, "published", "withdrawn", "withdrawn_at", "policy-withdraw");
	}

	private void change(long id, String from, String to, String column, String action) {
		inTransaction(() -> {
			int n = jdbc.sql("UPDATE sup_policy SET status = :to, " + column + " = :now, updated_at = :now"
					+ " WHERE id = :id AND status = :from")
				.param("to", to)
				.param("now", Timestamp.from(clock.instant()))
				.param("id", id)
				.param("from", from)
				.update();
			if (n == 0) {
				throw new PolicyRefused(from.equals("draft") ? "policy.error.notDraft" : "policy.error.notPublished");
			}
			audit.record(AuditLog.Entry.of(action, "policy", id));
			return n;
		});
		try {
			feed.refresh();
		}
		catch (RuntimeException e) {
			// committed all the same: the scheduled refresh publishes it
			log.warn("Policy {} {}, the feed refresh failed (retried on schedule): {}", id, to, e.toString());
		}
	}

	/**
	 * Attaches a file to a draft: PDF, PNG, JPEG or DOCX (recognised by its first bytes, whatever its name says) up
	 * to {@link PolicyProperties#maxAttachmentBytes()}, at most {@value #MAX_ATTACHMENTS}.
	 *
	 * @throws PolicyRefused when the file is empty, too large, of another type, one too many, or not a draft's
	 */
	public long attach(long policyId, String fileName, byte[] content) {
		if (content.length == 0) {
			throw new PolicyRefused("policy.error.fileEmpty");
		}
		if (content.length > properties.maxAttachmentBytes()) {
			throw new PolicyRefused("policy.error.fileSize");
		}
		String type = UploadedFileType.contentType(content);
		if (type == null) {
			throw new PolicyRefused("policy.error.fileType");
		}
		String name = UploadedFileType.fileName(fileName, type);
		byte[] token = new byte[24];
		RANDOM.nextBytes(token);
		return inTransaction(() -> {
			String status = jdbc.sql("SELECT status FROM sup_policy WHERE id = :id FOR UPDATE").param("id", policyId)
				.query(String.class).optional().orElseThrow(() -> new PolicyRefused("policy.error.notFound"));
			if (!status.equals("draft")) {
				throw new PolicyRefused("policy.error.notDraft");
			}
			int count = jdbc.sql("SELECT count(*) FROM sup_policy_attachment WHERE policy_id = :p").param("p", policyId)
				.query(Integer.class).single();
			if (count >= MAX_ATTACHMENTS) {
				throw new PolicyRefused("policy.error.fileCount");
			}
			long id = jdbc.sql("""
					INSERT INTO sup_policy_attachment (policy_id, token, name, content_type, size_bytes, content,
					  uploaded_at) VALUES (:p, :token, :name, :type, :size, :content, :now) RETURNING id""")
				.param("p", policyId)
				.param("token", HexFormat.of().formatHex(token))
				.param("name", name)
				.param("type", type)
				.param("size", (long) content.length)
				.param("content", content)
				.param("now", Timestamp.from(clock.instant()))
				.query(Long.class)
				.single();
			jdbc.sql("UPDATE sup_policy SET updated_at = :now WHERE id = :p").param("now", Timestamp.from(clock.instant()))
				.param("p", policyId).update();
			audit.record(AuditLog.Entry.of("policy-attach", "policy", policyId).detail(name));
			return id;
		});
	}

	/** Removes an attachment of a draft. @throws PolicyRefused when the policy is not a draft */
	public void detach(long policyId, long attachmentId) {
		inTransaction(() -> {
			int n = jdbc.sql("""
					DELETE FROM sup_policy_attachment a USING sup_policy p
					WHERE a.id = :a AND a.policy_id = :p AND p.id = a.policy_id AND p.status = 'draft'""")
				.param("a", attachmentId)
				.param("p", policyId)
				.update();
			if (n == 0) {
				throw new PolicyRefused("policy.error.notDraft");
			}
			audit.record(AuditLog.Entry.of("policy-detach", "policy", policyId).detail(String.valueOf(attachmentId)));
			return n;
		});
	}

	// ---- read receipts -------------------------------------------------------------------------------------

	/** The latest read receipts of a policy, as the platforms reported them. */
	public Reads reads(long policyId) {
		Map<Long, Optional<PlatformView>> known = new LinkedHashMap<>();
		List<ReadRow> rows = jdbc.sql("""
				SELECT platform_id, school_code, audience, audience_count, read_count, as_of FROM sup_policy_read
				WHERE policy_id = :p ORDER BY platform_id, school_code, audience""")
			.param("p", View.feedId(policyId))
			.query((rs, i) -> {
				long platformId = rs.getLong("platform_id");
				Optional<PlatformView> platform = known.computeIfAbsent(platformId, platforms::findPlatform);
				String school = rs.getString("school_code");
				String schoolName = platform.flatMap(p -> p.schools().stream().filter(s -> s.code().equals(school))
					.map(PlatformView.ServedSchool::name).findFirst()).orElse(school);
				return new ReadRow(platformId, platform.map(PlatformView::name).orElse("#" + platformId), school,
						schoolName, rs.getString("audience"), rs.getInt("audience_count"), rs.getInt("read_count"),
						rs.getTimestamp("as_of").toInstant());
			})
			.list();
		Map<String, long[]> sums = new LinkedHashMap<>();
		long[] city = new long[2];
		for (ReadRow r : rows) {
			long[] s = sums.computeIfAbsent(r.audience(), a -> new long[2]);
			s[0] += r.audienceCount();
			s[1] += r.readCount();
			city[0] += r.audienceCount();
			city[1] += r.readCount();
		}
		List<ReadTotal> byAudience = new ArrayList<>();
		for (String a : AUDIENCES) {
			long[] s = sums.get(a);
			if (s != null) {
				byAudience.add(new ReadTotal(a, s[0], s[1]));
			}
		}
		return new Reads(rows, byAudience, new ReadTotal("all", city[0], city[1]));
	}

	static int percent(long part, long whole) {
		return whole <= 0 ? 0 : (int) Math.min(100, Math.round(100.0 * part / whole));
	}

	// ---- helpers -------------------------------------------------------------------------------------------

	private record Checked(String title, String kind, List<String> audiences, @Nullable String townCode, String body) {
	}

	private Checked check(Draft draft) {
		String title = draft.title() == null ? "" : draft.title().strip();
		if (title.isEmpty() || title.length() > 200) {
			throw new PolicyRefused("policy.error.title");
		}
		if (draft.kind() == null || !KINDS.contains(draft.kind())) {
			throw new PolicyRefused("policy.error.kind");
		}
		List<String> audiences = draft.audiences() == null ? List.of()
				: AUDIENCES.stream().filter(draft.audiences()::contains).toList();
		if (audiences.isEmpty() || audiences.size() != draft.audiences().stream().distinct().count()) {
			throw new PolicyRefused("policy.error.audiences");
		}
		String town = draft.townCode() == null || draft.townCode().isBlank() ? null : draft.townCode().strip();
		if (town != null && towns.listAll().stream().noneMatch(t -> t.code().equals(town))) {
			throw new PolicyRefused("policy.error.town");
		}
		String body = PolicyHtml.clean(draft.body() == null ? "" : draft.body());
		if (!PolicyHtml.hasText(body) || body.length() > 200_000) {
			throw new PolicyRefused("policy.error.body");
		}
		return new Checked(title, draft.kind(), audiences, town, body);
	}

	private <T> T inTransaction(java.util.function.Supplier<T> work) {
		return java.util.Objects.requireNonNull(tx.execute(status -> work.get()));
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}
}
