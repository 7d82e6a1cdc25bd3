package org.kehou.feedback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.ComplaintInvalid.Problem;
import org.kehou.feedback.ComplaintRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.Terms;
import org.kehou.shared.Masking;
import org.kehou.shared.Photos;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Complaints (投诉): a guardian complains about one of the child's current offerings, an instructor of it, its
 * provider or the school ({@link #subjects}); the complaint goes to the school (OPEN at level SCHOOL) with a deadline
 * ({@code kehou.feedback.complaint.respond-within}, default 3 days). An admin of the level it is at accepts it,
 * responds (text and {@link ComplaintFinding}) and resolves it, or escalates it by hand; {@link #escalateOverdue}
 * (the sweep, every minute) moves an unresolved complaint past its deadline one level up (SCHOOL → TOWN → CITY) with a
 * new deadline, each escalation once even when several nodes sweep at once (a conditional update). After resolution
 * the author rates the handling once, or reopens it once within {@code reopen-within} (7 days).
 * <p>
 * Filing is idempotent by request key (a double tap files once); the complaint and its photos (at most
 * {@value #PHOTOS_MAX}, JPEG or PNG by content, each at most 5 MB) are written in one transaction: bad input stores
 * nothing. Every step is a row of the timeline ({@link ComplaintStep}), an audit entry ({@code complaint-…}) and a
 * {@link ComplaintChanged} event (the module's notices listen). Texts are screened with
 * {@link Masking#screen} for everyone but their author.
 * <p>
 * Scope: callers check it with the {@code complaintId} / {@code studentId} owners; the steps also check that the
 * caller handles the complaint's level in its scope. {@link #ofProvider} and {@link #ofSchool} are the scorecard's
 * read API.
 */
@Service
@EnableConfigurationProperties(ComplaintProperties.class)
public class Complaints {

	public static final int TEXT_MIN = 10;

	public static final int TEXT_MAX = 1000;

	public static final int REASON_MIN = 2;

	public static final int COMMENT_MAX = 500;

	public static final int PHOTOS_MAX = 3;

	public static final int PHOTO_MAX_BYTES = 5 * 1024 * 1024;

	public static final int REQUEST_KEY_MAX = 64;

	public static final int PAGE_MAX = 100;

	/** What a guardian files. */
	public record Filing(@Nullable String subject, @Nullable String text, @Nullable String requestKey) {
	}

	/** What {@link #file} did; {@code replay}: the request key had been used, nothing changed. */
	public record Filed(ComplaintView complaint, boolean replay) {
	}

	/** A stored photo. */
	public record Photo(String contentType, byte[] content) {
	}

	/** Filters of the admins' list; null: any. */
	public record Filter(@Nullable ComplaintStatus status, @Nullable ComplaintLevel level, boolean overdueOnly) {
	}

	/** A page of complaints; {@code page} counts from 0. */
	public record Page(List<ComplaintView> items, int page, int size, long total) {

		public int pages() {
			return (int) ((total + size - 1) / size);
		}

		public boolean hasNext() {
			return (long) (page + 1) * size < total;
		}
	}

	private static final String VIEW = """
			SELECT c.*, st.name AS student_name, sc.name AS school_name,
			  ARRAY(SELECT p.id FROM complaint_photo p WHERE p.complaint_id = c.id ORDER BY p.position) AS photo_ids
			FROM complaint c JOIN student st ON st.id = c.student_id JOIN school sc ON sc.id = c.school_id""";

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final ComplaintProperties properties;

	private final TransactionTemplate tx;

	Complaints(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events, ComplaintProperties properties,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.events = events;
		this.properties = properties;
		this.tx = new TransactionTemplate(transactions);
	}

	public ComplaintProperties properties() {
		return properties;
	}

	// --- filing ----------------------------------------------------------------------------------------------------

	/**
	 * What a complaint about the child may be about: the school, the child's confirmed offerings of terms not yet
	 * ended, their instructors and providers.
	 */
	public List<ComplaintSubject> subjects(long studentId) {
		return subjects(studentId, LocalDate.now(Terms.CITY_ZONE));
	}

	List<ComplaintSubject> subjects(long studentId, LocalDate today) {
		List<ComplaintSubject> subjects = new ArrayList<>();
		String school = jdbc.sql("SELECT sc.name FROM student s JOIN school sc ON sc.id = s.school_id WHERE s.id = :s")
			.param("s", studentId)
			.query(String.class)
			.optional()
			.orElse(null);
		if (school == null) {
			return subjects;
		}
		subjects.add(new ComplaintSubject("SCHOOL", ComplaintSubject.Kind.SCHOOL, school, null, null, null));
		record Offered(long offering, String name, @Nullable Long provider, @Nullable String providerName) {
		}
		List<Offered> offered = jdbc.sql("""
				SELECT DISTINCT o.id, o.name, o.provider_id, pr.legal_name FROM place p
				JOIN offering o ON o.id = p.offering_id JOIN term t ON t.id = o.term_id
				LEFT JOIN provider pr ON pr.id = o.provider_id
				WHERE p.student_id = :s AND p.status = 'CONFIRMED' AND t.ends_on >= :today ORDER BY o.id""")
			.param("s", studentId)
			.param("today", today)
			.query((rs, i) -> new Offered(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class), rs.getString(4)))
			.list();
		List<ComplaintSubject> instructors = new ArrayList<>();
		Map<Long, ComplaintSubject> providers = new LinkedHashMap<>();
		for (Offered o : offered) {
			subjects.add(new ComplaintSubject("OFFERING-" + o.offering(), ComplaintSubject.Kind.OFFERING, o.name(),
					o.offering(), null, o.provider()));
			jdbc.sql("""
					SELECT i.id, i.name FROM offering_teacher t JOIN instructor i ON i.id = t.instructor_id
					WHERE t.offering_id = :o ORDER BY i.id""")
				.param("o", o.offering())
				.query((rs, i) -> new ComplaintSubject("INSTRUCTOR-" + o.offering() + "-" + rs.getLong(1),
						ComplaintSubject.Kind.INSTRUCTOR, rs.getString(2) + "（" + o.name() + "）", o.offering(),
						rs.getLong(1), o.provider()))
				.list()
				.forEach(instructors::add);
			if (o.provider() != null && o.providerName() != null) {
				providers.putIfAbsent(o.provider(), new ComplaintSubject("PROVIDER-" + o.provider(),
						ComplaintSubject.Kind.PROVIDER, o.providerName(), null, null, o.provider()));
			}
		}
		subjects.addAll(instructors);
		subjects.addAll(providers.values());
		return subjects;
	}

	/**
	 * Files the signed-in guardian's complaint about a child of theirs.
	 *
	 * @param photos JPEG or PNG contents (empty ones are ignored)
	 * @throws ComplaintInvalid for bad input (nothing stored)
	 * @throws ComplaintRefused NOT_FOUND when the child is not the guardian's
	 */
	public Filed file(long studentId, Filing filing, List<byte[]> photos) {
		return file(studentId, filing, photos, Instant.now());
	}

	Filed file(long studentId, Filing filing, List<byte[]> photos, Instant now) {
		KehouUser guardian = CurrentUser.require();
		if (guardian.role() != Role.GUARDIAN || guardian.scope().guardianId() == null) {
			throw new ComplaintRefused(Reason.NOT_FOUND, "only a guardian files complaints");
		}
		long guardianId = guardian.scope().guardianId();
		boolean own = jdbc.sql("SELECT EXISTS (SELECT 1 FROM student_guardian WHERE student_id = :s AND guardian_id = :g)")
			.param("s", studentId)
			.param("g", guardianId)
			.query(Boolean.class)
			.single();
		if (!own) {
			throw new ComplaintRefused(Reason.NOT_FOUND, "no child " + studentId + " of this guardian");
		}
		Map<String, Problem> problems = new LinkedHashMap<>();
		String key = filing.requestKey();
		if (key == null || key.isBlank() || key.length() > REQUEST_KEY_MAX) {
			problems.put("requestKey", new Problem("complaint.invalid.requestKey", REQUEST_KEY_MAX));
		}
		ComplaintSubject subject = subjects(studentId, LocalDate.ofInstant(now, Terms.CITY_ZONE)).stream()
			.filter(s -> s.key().equals(filing.subject()))
			.findFirst()
			.orElse(null);
		if (subject == null) {
			problems.put("subject", new Problem("complaint.invalid.subject"));
		}
		String text = filing.text() == null ? "" : filing.text().strip();
		if (text.length() < TEXT_MIN || text.length() > TEXT_MAX) {
			problems.put("text", new Problem("complaint.invalid.text", TEXT_MIN, TEXT_MAX));
		}
		List<byte[]> images = photos.stream().filter(p -> p != null && p.length > 0).toList();
		List<String> types = new ArrayList<>();
		if (images.size() > PHOTOS_MAX) {
			problems.put("photos", new Problem("complaint.invalid.photoCount", PHOTOS_MAX));
		}
		else {
			for (byte[] image : images) {
				if (image.length > PHOTO_MAX_BYTES) {
					problems.put("photos", new Problem("complaint.invalid.photoSize", PHOTO_MAX_BYTES / (1024 * 1024)));
					break;
				}
				String type = Photos.imageType(image).orElse(null);
				if (type == null) {
					problems.put("photos", new Problem("complaint.invalid.photoType"));
					break;
				}
				types.add(type);
			}
		}
		if (!problems.isEmpty()) {
			throw new ComplaintInvalid(problems);
		}
		ComplaintSubject s = Objects.requireNonNull(subject);
		String requestKey = Objects.requireNonNull(key);
		return Objects.requireNonNull(tx.execute(status -> {
			Long id = jdbc.sql("""
					INSERT INTO complaint (student_id, guardian_id, filed_by, school_id, town_id, subject_kind, offering_id,
					  instructor_id, provider_id, subject_name, text, request_key, due_at, filed_at)
					SELECT st.id, :g, :u, st.school_id, sc.town_id, :kind, :o, :i, :p, :name, :text, :k, :due, :now
					FROM student st JOIN school sc ON sc.id = st.school_id WHERE st.id = :s
					ON CONFLICT ON CONSTRAINT complaint_request_once DO NOTHING RETURNING id""")
				.param("g", guardianId)
				.param("u", guardian.id())
				.param("kind", s.kind().name())
				.param("o", s.offeringId())
				.param("i", s.instructorId())
				.param("p", s.providerId())
				.param("name", s.name().length() > 200 ? s.name().substring(0, 200) : s.name())
				.param("text", text)
				.param("k", requestKey)
				.param("due", at(now.plus(properties.respondWithin())))
				.param("now", at(now))
				.param("s", studentId)
				.query(Long.class)
				.optional()
				.orElse(null);
			if (id == null) {
				long existing = jdbc.sql("SELECT id FROM complaint WHERE filed_by = :u AND request_key = :k")
					.param("u", guardian.id())
					.param("k", requestKey)
					.query(Long.class)
					.single();
				return new Filed(find(existing, now).orElseThrow(), true);
			}
			for (int i = 0; i < images.size(); i++) {
				jdbc.sql("""
						INSERT INTO complaint_photo (complaint_id, position, content_type, size_bytes, sha256, content)
						VALUES (:c, :n, :t, :size, :h, :content)""")
					.param("c", id)
					.param("n", i + 1)
					.param("t", types.get(i))
					.param("size", images.get(i).length)
					.param("h", Photos.sha256(images.get(i)))
					.param("content", images.get(i))
					.update();
			}
			Target t = lock(id);
			step(t, ComplaintStep.Kind.FILED, ComplaintLevel.SCHOOL, guardian, text, null, null, now,
					"subject=" + s.key() + " photos=" + images.size());
			return new Filed(find(id, now).orElseThrow(), false);
		}));
	}

	// --- handling --------------------------------------------------------------------------------------------------

	/** The admin of the complaint's level takes it on: OPEN → ACCEPTED. */
	public ComplaintView accept(long complaintId) {
		return accept(complaintId, Instant.now());
	}

	ComplaintView accept(long complaintId, Instant now) {
		KehouUser admin = CurrentUser.require();
		return handle(complaintId, now, t -> {
			handler(t, admin);
			if (t.status() != ComplaintStatus.OPEN) {
				throw new ComplaintRefused(Reason.WRONG_STATUS, "complaint " + complaintId + " is " + t.status());
			}
			jdbc.sql("UPDATE complaint SET status = 'ACCEPTED' WHERE id = :id").param("id", complaintId).update();
			step(t, ComplaintStep.Kind.ACCEPTED, t.level(), admin, null, null, null, now, null);
		});
	}

	/** The admin of the complaint's level answers it with a finding: OPEN or ACCEPTED → RESPONDED. */
	public ComplaintView respond(long complaintId, @Nullable String response, @Nullable ComplaintFinding finding) {
		return respond(complaintId, response, finding, Instant.now());
	}

	ComplaintView respond(long complaintId, @Nullable String response, @Nullable ComplaintFinding finding, Instant now) {
		KehouUser admin = CurrentUser.require();
		Map<String, Problem> problems = new LinkedHashMap<>();
		String text = response == null ? "" : response.strip();
		if (text.length() < REASON_MIN || text.length() > TEXT_MAX) {
			problems.put("response", new Problem("complaint.invalid.response", REASON_MIN, TEXT_MAX));
		}
		if (finding == null) {
			problems.put("finding", new Problem("complaint.invalid.finding"));
		}
		return handle(complaintId, now, t -> {
			handler(t, admin);
			if (t.status() != ComplaintStatus.OPEN && t.status() != ComplaintStatus.ACCEPTED) {
				throw new ComplaintRefused(Reason.WRONG_STATUS, "complaint " + complaintId + " is " + t.status());
			}
			if (!problems.isEmpty()) {
				throw new ComplaintInvalid(problems);
			}
			jdbc.sql("""
					UPDATE complaint SET status = 'RESPONDED', response = :r, finding = :f, responded_at = :now
					WHERE id = :id""")
				.param("r", text)
				.param("f", Objects.requireNonNull(finding).name())
				.param("now", at(now))
				.param("id", complaintId)
				.update();
			step(t, ComplaintStep.Kind.RESPONDED, t.level(), admin, text, finding, null, now, "finding=" + finding);
		});
	}

	/** The admin of the complaint's level closes it after responding: RESPONDED → RESOLVED. */
	public ComplaintView resolve(long complaintId, @Nullable String note) {
		return resolve(complaintId, note, Instant.now());
	}

	ComplaintView resolve(long complaintId, @Nullable String note, Instant now) {
		KehouUser admin = CurrentUser.require();
		String text = note == null || note.isBlank() ? null : note.strip();
		if (text != null && text.length() > COMMENT_MAX) {
			throw new ComplaintInvalid(Map.of("note", new Problem("complaint.invalid.note", COMMENT_MAX)));
		}
		return handle(complaintId, now, t -> {
			handler(t, admin);
			if (t.status() != ComplaintStatus.RESPONDED) {
				throw new ComplaintRefused(Reason.WRONG_STATUS, "complaint " + complaintId + " is " + t.status());
			}
			jdbc.sql("UPDATE complaint SET status = 'RESOLVED', resolved_at = :now WHERE id = :id")
				.param("now", at(now))
				.param("id", complaintId)
				.update();
			step(t, ComplaintStep.Kind.RESOLVED, t.level(), admin, text, null, null, now, null);
		});
	}

	/** The admin of the complaint's level hands it up one level, with a reason; not above the city. */
	public ComplaintView escalate(long complaintId, @Nullable String reason) {
		return escalate(complaintId, reason, Instant.now());
	}

	ComplaintView escalate(long complaintId, @Nullable String reason, Instant now) {
		KehouUser admin = CurrentUser.require();
		String text = reason == null ? "" : reason.strip();
		if (text.length() < REASON_MIN || text.length() > COMMENT_MAX) {
			throw new ComplaintInvalid(Map.of("reason", new Problem("complaint.invalid.reason", REASON_MIN, COMMENT_MAX)));
		}
		return handle(complaintId, now, t -> {
			handler(t, admin);
			if (t.status() == ComplaintStatus.RESOLVED) {
				throw new ComplaintRefused(Reason.WRONG_STATUS, "complaint " + complaintId + " is resolved");
			}
			ComplaintLevel next = t.level().next(t.town() != null);
			if (next == null) {
				throw new ComplaintRefused(Reason.TOP_LEVEL, "the city is the last level");
			}
			moveUp(t, next, now, false);
			step(t, ComplaintStep.Kind.ESCALATED, next, admin, text, null, null, now, t.level() + "→" + next);
		});
	}

	/**
	 * The sweep: every unresolved complaint past its deadline below the city goes one level up with a new deadline
	 * (reason: overdue). Each move is a conditional update of its own transaction, so two sweeps at once (two nodes)
	 * escalate each complaint once. Returns how many this call escalated.
	 */
	public int escalateOverdue(Instant now) {
		List<Long> due = jdbc.sql("""
				SELECT id FROM complaint WHERE status <> 'RESOLVED' AND level <> 'CITY' AND due_at <= :now ORDER BY due_at
				LIMIT 500""")
			.param("now", at(now))
			.query(Long.class)
			.list();
		int moved = 0;
		for (long id : due) {
			Boolean done = tx.execute(status -> {
				Target t = current(id);
				if (t == null) {
					return false;
				}
				ComplaintLevel next = t.level().next(t.town() != null);
				if (next == null || !moveUp(t, next, now, true)) {
					return false; // another sweep (or an admin) was first
				}
				step(t, ComplaintStep.Kind.ESCALATED, next, null, null, null, null, now, "overdue " + t.level() + "→" + next);
				return true;
			});
			if (Boolean.TRUE.equals(done)) {
				moved++;
			}
		}
		// overdue at the city: remembered for the scorecard (no level above)
		jdbc.sql("UPDATE complaint SET went_overdue = TRUE WHERE status <> 'RESOLVED' AND due_at <= :now AND NOT went_overdue")
			.param("now", at(now))
			.update();
		return moved;
	}

	/** Moves the complaint from its level to the next; conditional on the level (and, for the sweep, the deadline). */
	private boolean moveUp(Target t, ComplaintLevel next, Instant now, boolean overdue) {
		return jdbc.sql("""
				UPDATE complaint SET level = :next, status = 'OPEN', due_at = :due, escalations = escalations + 1,
				  response = NULL, finding = NULL, responded_at = NULL, went_overdue = went_overdue OR :overdue
				WHERE id = :id AND level = :level AND status <> 'RESOLVED' AND (NOT :overdue OR due_at <= :now)""")
			.param("next", next.name())
			.param("due", at(now.plus(properties.respondWithin())))
			.param("overdue", overdue)
			.param("id", t.id())
			.param("level", t.level().name())
			.param("now", at(now))
			.update() == 1;
	}

	// --- the guardian after resolution -----------------------------------------------------------------------------

	/** The author rates the handling of a resolved complaint, once. */
	public ComplaintView rate(long complaintId, @Nullable Integer rating, @Nullable String comment) {
		return rate(complaintId, rating, comment, Instant.now());
	}

	ComplaintView rate(long complaintId, @Nullable Integer rating, @Nullable String comment, Instant now) {
		KehouUser guardian = CurrentUser.require();
		Map<String, Problem> problems = new LinkedHashMap<>();
		if (rating == null || rating < 1 || rating > 5) {
			problems.put("rating", new Problem("complaint.invalid.rating"));
		}
		String text = comment == null || comment.isBlank() ? null : comment.strip();
		if (text != null && text.length() > COMMENT_MAX) {
			problems.put("comment", new Problem("complaint.invalid.note", COMMENT_MAX));
		}
		if (!problems.isEmpty()) {
			throw new ComplaintInvalid(problems);
		}
		return handle(complaintId, now, t -> {
			author(t, guardian);
			if (t.rated()) {
				throw new ComplaintRefused(Reason.ALREADY_RATED, "complaint " + complaintId + " is rated");
			}
			if (t.status() != ComplaintStatus.RESOLVED) {
				throw new ComplaintRefused(Reason.WRONG_STATUS, "complaint " + complaintId + " is " + t.status());
			}
			jdbc.sql("UPDATE complaint SET rating = :r, rating_comment = :c, rated_at = :now WHERE id = :id AND rating IS NULL")
				.param("r", rating)
				.param("c", text)
				.param("now", at(now))
				.param("id", complaintId)
				.update();
			step(t, ComplaintStep.Kind.RATED, t.level(), guardian, text, null, rating, now, "rating=" + rating);
		});
	}

	/** The author reopens a resolved complaint, once, within {@code reopen-within} of its resolution. */
	public ComplaintView reopen(long complaintId, @Nullable String reason) {
		return reopen(complaintId, reason, Instant.now());
	}

	ComplaintView reopen(long complaintId, @Nullable String reason, Instant now) {
		KehouUser guardian = CurrentUser.require();
		String text = reason == null ? "" : reason.strip();
		if (text.length() < REASON_MIN || text.length() > COMMENT_MAX) {
			throw new ComplaintInvalid(Map.of("reason", new Problem("complaint.invalid.reason", REASON_MIN, COMMENT_MAX)));
		}
		return handle(complaintId, now, t -> {
			author(t, guardian);
			if (t.status() != ComplaintStatus.RESOLVED) {
				throw new ComplaintRefused(Reason.WRONG_STATUS, "complaint " + complaintId + " is " + t.status());
			}
			if (t.reopened()) {
				throw new ComplaintRefused(Reason.ALREADY_REOPENED, "complaint " + complaintId + " was reopened once");
			}
			if (t.rated()) {
				throw new ComplaintRefused(Reason.ALREADY_RATED, "complaint " + complaintId + " is rated");
			}
			if (t.resolvedAt() == null || t.resolvedAt().plus(properties.reopenWithin()).isBefore(now)) {
				throw new ComplaintRefused(Reason.REOPEN_EXPIRED, "reopen within " + properties.reopenWithin());
			}
			jdbc.sql("""
					UPDATE complaint SET status = 'OPEN', reopened_at = :now, resolved_at = NULL, response = NULL,
					  finding = NULL, responded_at = NULL, due_at = :due WHERE id = :id""")
				.param("now", at(now))
				.param("due", at(now.plus(properties.respondWithin())))
				.param("id", complaintId)
				.update();
			step(t, ComplaintStep.Kind.REOPENED, t.level(), guardian, text, null, null, now, null);
		});
	}

	// --- internals of the steps ------------------------------------------------------------------------------------

	private record Target(long id, long school, @Nullable Long town, long filedBy, ComplaintStatus status,
			ComplaintLevel level, boolean rated, boolean reopened, @Nullable Instant resolvedAt) {
	}

	private interface Step {
		void run(Target target);
	}

	private ComplaintView handle(long complaintId, Instant now, Step step) {
		return Objects.requireNonNull(tx.execute(status -> {
			step.run(lock(complaintId));
			return find(complaintId, now).orElseThrow();
		}));
	}

	private Target lock(long complaintId) {
		Target t = jdbc.sql("SELECT * FROM complaint WHERE id = :id FOR UPDATE")
			.param("id", complaintId)
			.query(Complaints::target)
			.optional()
			.orElse(null);
		if (t == null) {
			throw new ComplaintRefused(Reason.NOT_FOUND, "no complaint " + complaintId);
		}
		return t;
	}

	private @Nullable Target current(long complaintId) {
		return jdbc.sql("SELECT * FROM complaint WHERE id = :id").param("id", complaintId).query(Complaints::target)
			.optional().orElse(null);
	}

	private static Target target(ResultSet rs, int row) throws SQLException {
		OffsetDateTime resolved = rs.getObject("resolved_at", OffsetDateTime.class);
		return new Target(rs.getLong("id"), rs.getLong("school_id"), rs.getObject("town_id", Long.class),
				rs.getLong("filed_by"), ComplaintStatus.valueOf(rs.getString("status")),
				ComplaintLevel.valueOf(rs.getString("level")), rs.getObject("rating") != null,
				rs.getObject("reopened_at") != null, resolved == null ? null : resolved.toInstant());
	}

	/** The caller is an admin of the complaint's level whose scope holds it; otherwise refused. */
	private static void handler(Target t, KehouUser admin) {
		if (!inScope(admin.scope(), t.school(), t.town())) {
			throw new ComplaintRefused(Reason.NOT_FOUND, "no complaint " + t.id() + " in scope");
		}
		if (ComplaintLevel.of(admin.role()) != t.level()) {
			throw new ComplaintRefused(Reason.NOT_YOUR_LEVEL, "complaint " + t.id() + " is at level " + t.level());
		}
	}

	private static void author(Target t, KehouUser guardian) {
		if (t.filedBy() != guardian.id()) {
			throw new ComplaintRefused(Reason.NOT_AUTHOR, "only the author rates or reopens complaint " + t.id());
		}
	}

	private static boolean inScope(Scope scope, long school, @Nullable Long town) {
		return switch (scope.role()) {
			case CITY_ADMIN -> true;
			case TOWN_ADMIN -> town != null && town.equals(scope.townId());
			case SCHOOL_ADMIN -> Objects.equals(scope.schoolId(), school);
			default -> false;
		};
	}

	/** A timeline row, an audit entry and the event. */
	private void step(Target t, ComplaintStep.Kind kind, ComplaintLevel level, @Nullable KehouUser actor,
			@Nullable String text, @Nullable ComplaintFinding finding, @Nullable Integer rating, Instant now,
			@Nullable String detail) {
		long stepId = jdbc.sql("""
				INSERT INTO complaint_step (complaint_id, kind, level, actor_id, actor_role, text, finding, rating, at)
				VALUES (:c, :k, :l, :a, :r, :t, :f, :rating, :at) RETURNING id""")
			.param("c", t.id())
			.param("k", kind.name())
			.param("l", level.name())
			.param("a", actor == null ? null : actor.id())
			.param("r", actor == null ? null : actor.role().name())
			.param("t", text)
			.param("f", finding == null ? null : finding.name())
			.param("rating", rating)
			.param("at", at(now))
			.query(Long.class)
			.single();
		audit.record(AuditLog.Entry.of("complaint-" + kind.name().toLowerCase(java.util.Locale.ROOT), "complaint", t.id())
			.in(t.town(), t.school())
			.detail(detail));
		events.publishEvent(new ComplaintChanged(t.id(), stepId, kind, level));
	}

	// --- reading ---------------------------------------------------------------------------------------------------

	/** One complaint as the signed-in user sees it (callers check scope with the {@code complaintId} owner). */
	public Optional<ComplaintView> find(long complaintId) {
		return find(complaintId, Instant.now());
	}

	Optional<ComplaintView> find(long complaintId, Instant now) {
		return jdbc.sql(VIEW + " WHERE c.id = :id").param("id", complaintId).query(viewer(now)).optional();
	}

	/** The complaints about a child, latest first (for the child's guardians). */
	public List<ComplaintView> ofStudent(long studentId) {
		return jdbc.sql(VIEW + " WHERE c.student_id = :s ORDER BY c.filed_at DESC, c.id DESC")
			.param("s", studentId)
			.query(viewer(Instant.now()))
			.list();
	}

	/** The complaints of all the signed-in guardian's children, latest first. */
	public List<ComplaintView> ofGuardian(long guardianId) {
		return jdbc.sql(VIEW + " " + """
				WHERE c.student_id IN (SELECT student_id FROM student_guardian WHERE guardian_id = :g)
				ORDER BY c.filed_at DESC, c.id DESC""")
			.param("g", guardianId)
			.query(viewer(Instant.now()))
			.list();
	}

	/** The complaints in an admin's scope (all levels: lower ones read-only), most urgent first. */
	public Page list(KehouUser admin, Filter filter, int page, int size) {
		return list(admin, filter, page, size, Instant.now());
	}

	Page list(KehouUser admin, Filter filter, int page, int size, Instant now) {
		int n = Math.max(1, Math.min(size, PAGE_MAX));
		int p = Math.max(0, page);
		Scope scope = admin.scope();
		String where = switch (scope.role()) {
			case CITY_ADMIN -> " WHERE TRUE";
			case TOWN_ADMIN -> " WHERE c.town_id = :anchor";
			case SCHOOL_ADMIN -> " WHERE c.school_id = :anchor";
			default -> " WHERE FALSE";
		};
		Long anchor = scope.role() == Role.TOWN_ADMIN ? scope.townId() : scope.schoolId();
		where += " AND (CAST(:status AS TEXT) IS NULL OR c.status = :status)"
				+ " AND (CAST(:level AS TEXT) IS NULL OR c.level = :level)"
				+ (filter.overdueOnly() ? " AND c.status <> 'RESOLVED' AND c.due_at < :now" : "");
		String statusName = filter.status() == null ? null : filter.status().name();
		String levelName = filter.level() == null ? null : filter.level().name();
		long total = jdbc.sql("SELECT count(*) FROM complaint c" + where)
			.param("anchor", anchor == null ? -1 : anchor)
			.param("status", statusName)
			.param("level", levelName)
			.param("now", at(now))
			.query(Long.class)
			.single();
		List<ComplaintView> items = jdbc.sql(VIEW + where
				+ " ORDER BY (c.status = 'RESOLVED'), c.due_at, c.id DESC LIMIT :n OFFSET :off")
			.param("anchor", anchor == null ? -1 : anchor)
			.param("status", statusName)
			.param("level", levelName)
			.param("now", at(now))
			.param("n", n)
			.param("off", (long) p * n)
			.query(viewer(now))
			.list();
		return new Page(items, p, n, total);
	}

	/**
	 * The timeline, oldest first. Guardians see who acted by role and level only; admins see the account's name.
	 * Texts are screened for everyone but their author.
	 */
	public List<ComplaintStep> timeline(long complaintId) {
		KehouUser viewer = CurrentUser.find().orElse(null);
		boolean staff = viewer != null && ComplaintLevel.of(viewer.role()) != null;
		return jdbc.sql("""
				SELECT s.*, u.display_name FROM complaint_step s LEFT JOIN app_user u ON u.id = s.actor_id
				WHERE s.complaint_id = :c ORDER BY s.at, s.id""")
			.param("c", complaintId)
			.query((rs, i) -> {
				Long actor = rs.getObject("actor_id", Long.class);
				String text = rs.getString("text");
				boolean mine = viewer != null && actor != null && actor == viewer.id();
				String role = rs.getString("actor_role");
				String finding = rs.getString("finding");
				return new ComplaintStep(rs.getLong("id"), ComplaintStep.Kind.valueOf(rs.getString("kind")),
						ComplaintLevel.valueOf(rs.getString("level")), role == null ? null : Role.valueOf(role),
						staff ? rs.getString("display_name") : null,
						text == null || mine ? text : Masking.screen(text),
						finding == null ? null : ComplaintFinding.valueOf(finding), rs.getObject("rating", Integer.class),
						rs.getObject("at", OffsetDateTime.class).toInstant());
			})
			.list();
	}

	/** A photo of the complaint. */
	public Optional<Photo> photo(long complaintId, long photoId) {
		return jdbc.sql("SELECT content_type, content FROM complaint_photo WHERE id = :p AND complaint_id = :c")
			.param("p", photoId)
			.param("c", complaintId)
			.query((rs, i) -> new Photo(rs.getString(1), rs.getBytes(2)))
			.optional();
	}

	/** The complaints concerning a provider (its offerings, instructors or itself) filed between two city days. */
	public ComplaintStats ofProvider(long providerId, LocalDate from, LocalDate to) {
		return stats("c.provider_id = :x", providerId, from, to);
	}

	/** The complaints of a school's children filed between two city days. */
	public ComplaintStats ofSchool(long schoolId, LocalDate from, LocalDate to) {
		return stats("c.school_id = :x", schoolId, from, to);
	}

	private ComplaintStats stats(String condition, long id, LocalDate from, LocalDate to) {
		return jdbc.sql("""
				SELECT count(*), count(*) FILTER (WHERE finding = 'SUBSTANTIATED'), count(*) FILTER (WHERE finding = 'PARTLY'),
				  round(avg(rating), 2), count(rating),
				  count(*) FILTER (WHERE went_overdue OR (status <> 'RESOLVED' AND due_at < now()))
				FROM complaint c WHERE""" + " " + condition + " AND c.filed_at >= :from AND c.filed_at < :to")
			.param("x", id)
			.param("from", at(from.atStartOfDay(Terms.CITY_ZONE).toInstant()))
			.param("to", at(to.plusDays(1).atStartOfDay(Terms.CITY_ZONE).toInstant()))
			.query((rs, i) -> new ComplaintStats(from, to, rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getBigDecimal(4),
					rs.getInt(5), rs.getInt(6)))
			.single();
	}

	private org.springframework.jdbc.core.RowMapper<ComplaintView> viewer(Instant now) {
		KehouUser viewer = CurrentUser.find().orElse(null);
		Duration reopen = properties.reopenWithin();
		return (rs, i) -> {
			long filedBy = rs.getLong("filed_by");
			boolean author = viewer != null && viewer.id() == filedBy;
			String text = rs.getString("text");
			String response = rs.getString("response");
			String finding = rs.getString("finding");
			Instant due = instant(rs, "due_at");
			Instant resolved = instant(rs, "resolved_at");
			ComplaintStatus status = ComplaintStatus.valueOf(rs.getString("status"));
			boolean rated = rs.getObject("rating") != null;
			boolean reopened = rs.getObject("reopened_at") != null;
			boolean resolvedNow = status == ComplaintStatus.RESOLVED;
			String comment = rs.getString("rating_comment");
			return new ComplaintView(rs.getLong("id"), rs.getLong("student_id"), rs.getString("student_name"),
					rs.getLong("school_id"), rs.getString("school_name"), rs.getObject("town_id", Long.class),
					ComplaintSubject.Kind.valueOf(rs.getString("subject_kind")), rs.getString("subject_name"),
					rs.getObject("offering_id", Long.class), rs.getObject("provider_id", Long.class),
					author ? text : Masking.screen(text), status, ComplaintLevel.valueOf(rs.getString("level")),
					Objects.requireNonNull(due), !resolvedNow && due.isBefore(now), rs.getInt("escalations"),
					response == null ? null : Masking.screen(response),
					finding == null ? null : ComplaintFinding.valueOf(finding), instant(rs, "responded_at"), resolved,
					instant(rs, "reopened_at"), rs.getObject("rating", Integer.class),
					comment == null || author ? comment : Masking.screen(comment),
					Objects.requireNonNull(instant(rs, "filed_at")),
					Arrays.asList((Long[]) rs.getArray("photo_ids").getArray()),
					author && resolvedNow && !rated,
					author && resolvedNow && !rated && !reopened && resolved != null
							&& !resolved.plus(reopen).isBefore(now));
		};
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(java.time.ZoneOffset.UTC);
	}
}
