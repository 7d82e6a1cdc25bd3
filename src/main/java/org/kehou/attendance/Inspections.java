package org.kehou.attendance;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.InspectionInvalid.Problem;
import org.kehou.attendance.InspectionRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.shared.Photos;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inspections (巡课): an inspector of a school visits today's sessions of the school and records, per session, one
 * visit — when (on the session's day, from its start, not in the future), how many children were in the room (0 to
 * the roll plus {@value #EXTRA_COUNT}), a score of 1–5 for every {@link InspectionCriterion}, notes and an optional
 * photo (JPEG or PNG recognised by content, at most {@value #PHOTO_MAX_BYTES} bytes).
 * <p>
 * Recording is idempotent: each submission carries a request key; a key already saved by the inspector (a network
 * retry, a double tap) returns the visit as it is and changes nothing. A second submission with a new key the same
 * day revises the visit (audited {@code visit.revise}, counted); the first is audited {@code visit.record}. The visit,
 * its ratings and its photo are written in one transaction: bad input or a refusal stores nothing. Each record or
 * revision raises {@link SessionInspected}.
 * <p>
 * Reading: one visit, a session's visits, and the visits of a school, a provider or an offering in a date range with
 * their averages ({@link #list}, {@link #summary}) — the API of the provider scorecard and of supervision. Callers
 * check scope with the {@code inspectionId} / {@code sessionId} / {@code schoolId} / {@code providerId} /
 * {@code offeringId} owners; {@link #record} also checks that the caller is an inspector of the session's school.
 */
@Service
public class Inspections {

	/** Longest notes. */
	public static final int NOTES_MAX = 500;

	/** Largest photo: 5 MB. */
	public static final int PHOTO_MAX_BYTES = 5 * 1024 * 1024;

	/** How many children more than the roll an inspector may count (visitors, children of other classes). */
	public static final int EXTRA_COUNT = 10;

	/** Longest request key a client may send. */
	public static final int REQUEST_KEY_MAX = 64;

	/** Largest page of a list. */
	public static final int PAGE_MAX = 100;

	/**
	 * What an inspector submits.
	 *
	 * @param visitedAt when (city time); null: now
	 * @param ratings a score for every criterion
	 * @param removePhoto on a revision without a new photo: remove the stored one (otherwise it stays)
	 */
	public record Visit(@Nullable String requestKey, @Nullable LocalDateTime visitedAt, @Nullable Integer presentCount,
			Map<InspectionCriterion, @Nullable Integer> ratings, @Nullable String notes, boolean removePhoto) {
	}

	/**
	 * What {@link #record} did.
	 *
	 * @param replay the request key had been saved before: nothing changed
	 * @param revised an earlier visit of the same inspector was revised
	 */
	public record Recorded(InspectionView visit, boolean replay, boolean revised) {
	}

	/** A stored photo. */
	public record Photo(String contentType, byte[] content) {
	}

	/** One session of an inspector's day: the inspector's own visit (if any) and how many visits it has in all. */
	public record DaySession(SessionView session, @Nullable Long mine, int visits) {
	}

	/** A page of visits; {@code page} counts from 0. */
	public record Page(List<InspectionView> items, int page, int size, long total) {

		public int totalPages() {
			return (int) ((total + size - 1) / size);
		}

		public boolean hasPrevious() {
			return page > 0;
		}

		public boolean hasNext() {
			return (long) (page + 1) * size < total;
		}
	}

	static final String VIEW = """
			SELECT v.id, v.session_id, v.offering_id, o.name AS offering_name, o.venue, v.school_id, sc.name AS school_name,
			  o.provider_id, cs.session_date, cs.starts_at, cs.ends_at, v.inspector_id, u.display_name, v.visited_at,
			  v.present_count, v.notes, v.revisions, v.recorded_at, v.revised_at,
			  (SELECT string_agg(r.criterion || ':' || r.score, ',') FROM inspection_rating r WHERE r.visit_id = v.id) AS ratings,
			  EXISTS (SELECT 1 FROM inspection_photo p WHERE p.visit_id = v.id) AS has_photo
			FROM inspection_visit v
			JOIN class_session cs ON cs.id = v.session_id
			JOIN offering o ON o.id = v.offering_id
			JOIN school sc ON sc.id = v.school_id
			JOIN app_user u ON u.id = v.inspector_id""";

	static final String ORDER = " ORDER BY v.session_date DESC, v.visited_at DESC, v.id DESC";

	private final JdbcClient jdbc;

	private final Sessions sessions;

	private final RollCalls rollCalls;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	Inspections(JdbcClient jdbc, Sessions sessions, RollCalls rollCalls, AuditLog audit,
			ApplicationEventPublisher events, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.sessions = sessions;
		this.rollCalls = rollCalls;
		this.audit = audit;
		this.events = events;
		this.tx = new TransactionTemplate(transactions);
	}

	// --- recording -------------------------------------------------------------------------------------------------

	/**
	 * Records the signed-in inspector's visit to a session of today, or revises it.
	 *
	 * @param photo JPEG or PNG bytes; null or empty: none (a revision keeps the stored photo unless
	 * {@link Visit#removePhoto()})
	 * @throws InspectionInvalid for bad input (nothing stored)
	 * @throws InspectionRefused when the caller is no inspector of the session's school, or the session is not held
	 * today
	 */
	public Recorded record(long sessionId, Visit visit, byte @Nullable [] photo) {
		return record(sessionId, visit, photo, Sessions.now());
	}

	Recorded record(long sessionId, Visit visit, byte @Nullable [] photo, LocalDateTime now) {
		KehouUser inspector = CurrentUser.require();
		if (inspector.role() != Role.INSPECTOR || inspector.scope().schoolId() == null) {
			throw new InspectionRefused(Reason.NOT_AN_INSPECTOR, "only a school's inspector records visits");
		}
		byte[] image = photo == null || photo.length == 0 ? null : photo;
		Map<String, Problem> problems = new LinkedHashMap<>();
		String key = visit.requestKey();
		if (key == null || key.isBlank() || key.length() > REQUEST_KEY_MAX) {
			problems.put("requestKey", new Problem("inspection.invalid.requestKey", REQUEST_KEY_MAX));
		}
		Integer count = visit.presentCount();
		if (count == null) {
			problems.put("presentCount", new Problem("inspection.invalid.presentCountMissing"));
		}
		else if (count < 0) {
			problems.put("presentCount", new Problem("inspection.invalid.presentCountNegative"));
		}
		for (InspectionCriterion c : InspectionCriterion.values()) {
			Integer score = visit.ratings().get(c);
			if (score == null) {
				problems.put("ratings." + c.name(), new Problem("inspection.invalid.ratingMissing"));
			}
			else if (score < InspectionCriterion.MIN || score > InspectionCriterion.MAX) {
				problems.put("ratings." + c.name(),
						new Problem("inspection.invalid.rating", InspectionCriterion.MIN, InspectionCriterion.MAX));
			}
		}
		String notes = visit.notes() == null ? null : visit.notes().strip();
		if (notes != null && notes.isEmpty()) {
			notes = null;
		}
		if (notes != null && notes.length() > NOTES_MAX) {
			problems.put("notes", new Problem("inspection.invalid.notes", NOTES_MAX));
		}
		String photoType = null;
		if (image != null) {
			if (image.length > PHOTO_MAX_BYTES) {
				problems.put("photo", new Problem("inspection.invalid.photoSize", PHOTO_MAX_BYTES / (1024 * 1024)));
			}
			else {
				photoType = Photos.imageType(image).orElse(null);
				if (photoType == null) {
					problems.put("photo", new Problem("inspection.invalid.photoType"));
				}
			}
		}
		if (problems.containsKey("requestKey")) {
			throw new InspectionInvalid(problems);
		}
		String requestKey = Objects.requireNonNull(key);
		String text = notes;
		String type = photoType;
		return Objects.requireNonNull(tx.execute(status -> {
			Target s = lockSession(sessionId, inspector);
			int fresh = jdbc.sql("""
					INSERT INTO inspection_request (session_id, inspector_id, request_key) VALUES (:s, :u, :k)
					ON CONFLICT DO NOTHING""")
				.param("u", inspector.id())
				.param("k", requestKey)
				.param("s", sessionId)
				.update();
			if (fresh == 0) {
				return new Recorded(mine(inspector.id(), sessionId).orElseThrow(), true, false);
			}
			if (s.status() != SessionStatus.SCHEDULED) {
				throw new InspectionRefused(Reason.NOT_SCHEDULED, "session " + sessionId + " is " + s.status());
			}
			if (!s.date().equals(now.toLocalDate())) {
				throw new InspectionRefused(Reason.NOT_TODAY,
						"a visit to the session of " + s.date() + " is recorded and revised on that day only");
			}
			// what depends on the session: the time and the count; reported with the other problems at once
			LocalDateTime visited = (visit.visitedAt() == null ? now : visit.visitedAt()).truncatedTo(ChronoUnit.MINUTES);
			if (visited.isAfter(now)) {
				problems.put("visitedAt", new Problem("inspection.invalid.visitedFuture"));
			}
			else if (!visited.toLocalDate().equals(s.date())) {
				problems.put("visitedAt", new Problem("inspection.invalid.visitedDay", s.date()));
			}
			else if (visited.toLocalTime().isBefore(s.starts())) {
				problems.put("visitedAt", new Problem("inspection.invalid.visitedBeforeStart", s.starts()));
			}
			int max = rollCalls.roster(sessionId).size() + EXTRA_COUNT;
			if (count != null && count > max) {
				problems.put("presentCount", new Problem("inspection.invalid.presentCountTooHigh", max));
			}
			if (!problems.isEmpty()) {
				throw new InspectionInvalid(problems); // rolls back the request key: nothing is stored
			}
			int present = Objects.requireNonNull(count);
			Long created = jdbc.sql("""
					INSERT INTO inspection_visit (session_id, inspector_id, offering_id, school_id, session_date, visited_at,
					  present_count, notes)
					VALUES (:s, :u, :o, :school, :d, :at, :n, :notes)
					ON CONFLICT (session_id, inspector_id) DO NOTHING RETURNING id""")
				.param("s", sessionId)
				.param("u", inspector.id())
				.param("o", s.offering())
				.param("school", s.school())
				.param("d", s.date())
				.param("at", visited)
				.param("n", present)
				.param("notes", text)
				.query(Long.class)
				.optional()
				.orElse(null);
			boolean revised = created == null;
			long id;
			if (revised) {
				InspectionView before = lockMine(inspector.id(), sessionId);
				id = before.id();
				jdbc.sql("""
						UPDATE inspection_visit SET visited_at = :at, present_count = :n, notes = :notes,
						  revisions = revisions + 1, revised_at = now() WHERE id = :id""")
					.param("at", visited)
					.param("n", present)
					.param("notes", text)
					.param("id", id)
					.update();
				writeRatings(id, visit.ratings(), true);
				boolean photoChanged = writePhoto(id, image, type, visit.removePhoto());
				audit.record(AuditLog.Entry.of("visit.revise", "inspection_visit", id)
					.in(s.town(), s.school())
					.detail(changes(before, visited, present, visit.ratings(), text, photoChanged)));
			}
			else {
				id = created;
				writeRatings(id, visit.ratings(), false);
				writePhoto(id, image, type, false);
				audit.record(AuditLog.Entry.of("visit.record", "inspection_visit", id)
					.in(s.town(), s.school())
					.detail("session=" + sessionId + " present=" + present + " " + scores(visit.ratings())
							+ (image == null ? "" : " photo")));
			}
			events.publishEvent(new SessionInspected(id, sessionId, s.offering(), s.school(), s.provider(), s.date(),
					revised));
			return new Recorded(find(id).orElseThrow(), false, revised);
		}));
	}

	private record Target(long offering, long school, @Nullable Long town, @Nullable Long provider, LocalDate date,
			LocalTime starts, SessionStatus status) {
	}

	/** The session, share-locked against a concurrent cancel; not found for an inspector of another school. */
	private Target lockSession(long sessionId, KehouUser inspector) {
		Target s = jdbc.sql("""
				SELECT cs.offering_id, cs.school_id, sc.town_id, o.provider_id, cs.session_date, cs.starts_at, cs.status
				FROM class_session cs JOIN school sc ON sc.id = cs.school_id JOIN offering o ON o.id = cs.offering_id
				WHERE cs.id = :id FOR SHARE OF cs""")
			.param("id", sessionId)
			.query((rs, i) -> new Target(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class),
					rs.getObject(4, Long.class), rs.getObject(5, LocalDate.class), rs.getObject(6, LocalTime.class),
					SessionStatus.valueOf(rs.getString(7))))
			.optional()
			.orElseThrow(() -> new InspectionRefused(Reason.NOT_FOUND, "no session " + sessionId));
		if (!Objects.equals(inspector.scope().schoolId(), s.school())) {
			throw new InspectionRefused(Reason.NOT_FOUND, "no session " + sessionId + " at the inspector's school");
		}
		return s;
	}

	private InspectionView lockMine(long inspectorId, long sessionId) {
		jdbc.sql("SELECT id FROM inspection_visit WHERE session_id = :s AND inspector_id = :u FOR UPDATE")
			.param("s", sessionId)
			.param("u", inspectorId)
			.query(Long.class)
			.single();
		return mine(inspectorId, sessionId).orElseThrow();
	}

	private void writeRatings(long visitId, Map<InspectionCriterion, @Nullable Integer> ratings, boolean replace) {
		if (replace) {
			jdbc.sql("DELETE FROM inspection_rating WHERE visit_id = :v").param("v", visitId).update();
		}
		for (InspectionCriterion c : InspectionCriterion.values()) {
			jdbc.sql("INSERT INTO inspection_rating (visit_id, criterion, score) VALUES (:v, :c, :s)")
				.param("v", visitId)
				.param("c", c.name())
				.param("s", Objects.requireNonNull(ratings.get(c)))
				.update();
		}
	}

	/** Stores, replaces or removes the photo; whether anything changed. */
	private boolean writePhoto(long visitId, byte @Nullable [] image, @Nullable String type, boolean remove) {
		if (image != null) {
			jdbc.sql("""
					INSERT INTO inspection_photo (visit_id, content_type, size_bytes, sha256, content)
					VALUES (:v, :t, :n, :h, :c)
					ON CONFLICT (visit_id) DO UPDATE SET content_type = excluded.content_type,
					  size_bytes = excluded.size_bytes, sha256 = excluded.sha256, content = excluded.content,
					  uploaded_at = now()""")
				.param("v", visitId)
				.param("t", type)
				.param("n", image.length)
				.param("h", Photos.sha256(image))
				.param("c", image)
				.update();
			return true;
		}
		return remove && jdbc.sql("DELETE FROM inspection_photo WHERE visit_id = :v").param("v", visitId).update() > 0;
	}

	private static String changes(InspectionView before, LocalDateTime visited, int present,
			Map<InspectionCriterion, @Nullable Integer> ratings, @Nullable String notes, boolean photo) {
		List<String> changed = new ArrayList<>();
		if (!before.visitedAt().equals(visited)) {
			changed.add("visitedAt:" + before.visitedAt().toLocalTime() + "→" + visited.toLocalTime());
		}
		if (before.presentCount() != present) {
			changed.add("present:" + before.presentCount() + "→" + present);
		}
		for (InspectionCriterion c : InspectionCriterion.values()) {
			int now = Objects.requireNonNull(ratings.get(c));
			if (before.score(c) != now) {
				changed.add(c.name() + ":" + before.score(c) + "→" + now);
			}
		}
		if (!Objects.equals(before.notes(), notes)) {
			changed.add("notes");
		}
		if (photo) {
			changed.add("photo");
		}
		return changed.isEmpty() ? "unchanged" : String.join(", ", changed);
	}

	private static String scores(Map<InspectionCriterion, @Nullable Integer> ratings) {
		List<String> parts = new ArrayList<>();
		for (InspectionCriterion c : InspectionCriterion.values()) {
			parts.add(c.name() + ":" + ratings.get(c));
		}
		return String.join(",", parts);
	}


	// --- reading ---------------------------------------------------------------------------------------------------

	public Optional<InspectionView> find(long inspectionId) {
		return jdbc.sql(VIEW + " WHERE v.id = :id").param("id", inspectionId).query(Inspections::view).optional();
	}

	/** The visits of one session, latest first. */
	public List<InspectionView> ofSession(long sessionId) {
		return jdbc.sql(VIEW + " WHERE v.session_id = :s ORDER BY v.visited_at DESC, v.id DESC")
			.param("s", sessionId)
			.query(Inspections::view)
			.list();
	}

	/** The inspector's own visit of a session. */
	public Optional<InspectionView> mine(long inspectorId, long sessionId) {
		return jdbc.sql(VIEW + " WHERE v.session_id = :s AND v.inspector_id = :u")
			.param("s", sessionId)
			.param("u", inspectorId)
			.query(Inspections::view)
			.optional();
	}

	/** The sessions of the inspector's school on a day, with the inspector's own visit and the number of visits. */
	public List<DaySession> day(KehouUser inspector, LocalDate date) {
		List<SessionView> all = sessions.ofDay(inspector, date);
		if (all.isEmpty()) {
			return List.of();
		}
		Long[] ids = all.stream().map(SessionView::id).toArray(Long[]::new);
		record Row(long session, long visit, long inspector) {
		}
		List<Row> rows = jdbc.sql("""
				SELECT session_id, id, inspector_id FROM inspection_visit WHERE session_id = ANY(CAST(:ids AS BIGINT[]))""")
			.param("ids", ids)
			.query((rs, i) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.list();
		Map<Long, List<Row>> bySession = rows.stream().collect(Collectors.groupingBy(Row::session));
		return all.stream().map(s -> {
			List<Row> visits = bySession.getOrDefault(s.id(), List.of());
			Long mine = visits.stream().filter(r -> r.inspector() == inspector.id()).map(Row::visit).findFirst().orElse(null);
			return new DaySession(s, mine, visits.size());
		}).toList();
	}

	/**
	 * The visits of a school, provider or offering to sessions between two dates (both included), latest first.
	 *
	 * @param page from 0
	 * @param size 1 to {@value #PAGE_MAX}
	 */
	public Page list(InspectionSubject subject, LocalDate from, LocalDate to, int page, int size) {
		int n = Math.max(1, Math.min(size, PAGE_MAX));
		int p = Math.max(0, page);
		String where = " WHERE " + subject.condition() + " AND v.session_date BETWEEN :f AND :t";
		long total = jdbc.sql("SELECT count(*) FROM inspection_visit v JOIN offering o ON o.id = v.offering_id" + where)
			.param("subject", subject.id())
			.param("f", from)
			.param("t", to)
			.query(Long.class)
			.single();
		List<InspectionView> items = jdbc.sql(VIEW + where + ORDER + " LIMIT :n OFFSET :off")
			.param("subject", subject.id())
			.param("f", from)
			.param("t", to)
			.param("n", n)
			.param("off", (long) p * n)
			.query(Inspections::view)
			.list();
		return new Page(items, p, n, total);
	}

	/** Every visit of a school, provider or offering between two dates (both included), latest first. */
	public List<InspectionView> all(InspectionSubject subject, LocalDate from, LocalDate to) {
		return jdbc.sql(VIEW + " WHERE " + subject.condition() + " AND v.session_date BETWEEN :f AND :t" + ORDER)
			.param("subject", subject.id())
			.param("f", from)
			.param("t", to)
			.query(Inspections::view)
			.list();
	}

	/** How many visits of how many sessions, and the average score per criterion and overall, between two dates. */
	public InspectionSummary summary(InspectionSubject subject, LocalDate from, LocalDate to) {
		String where = " FROM inspection_visit v JOIN offering o ON o.id = v.offering_id "
				+ "LEFT JOIN inspection_rating r ON r.visit_id = v.id WHERE " + subject.condition()
				+ " AND v.session_date BETWEEN :f AND :t";
		Map<InspectionCriterion, BigDecimal> averages = new EnumMap<>(InspectionCriterion.class);
		jdbc.sql("SELECT r.criterion, round(avg(r.score), 2)" + where + " AND r.criterion IS NOT NULL GROUP BY r.criterion")
			.param("subject", subject.id())
			.param("f", from)
			.param("t", to)
			.query((rs, i) -> averages.put(InspectionCriterion.valueOf(rs.getString(1)), rs.getBigDecimal(2)))
			.list();
		record Totals(int visits, int sessions, @Nullable BigDecimal overall) {
		}
		Totals totals = jdbc.sql("SELECT count(DISTINCT v.id), count(DISTINCT v.session_id), round(avg(r.score), 2)" + where)
			.param("subject", subject.id())
			.param("f", from)
			.param("t", to)
			.query((rs, i) -> new Totals(rs.getInt(1), rs.getInt(2), rs.getBigDecimal(3)))
			.single();
		return new InspectionSummary(subject, from, to, totals.visits(), totals.sessions(), averages, totals.overall());
	}

	/** The visit's photo. */
	public Optional<Photo> photo(long inspectionId) {
		return jdbc.sql("SELECT content_type, content FROM inspection_photo WHERE visit_id = :v")
			.param("v", inspectionId)
			.query((rs, i) -> new Photo(rs.getString(1), rs.getBytes(2)))
			.optional();
	}

	static InspectionView view(ResultSet rs, int row) throws SQLException {
		Map<InspectionCriterion, Integer> ratings = new EnumMap<>(InspectionCriterion.class);
		String scores = rs.getString("ratings");
		if (scores != null) {
			for (String part : scores.split(",")) {
				String[] kv = part.split(":");
				ratings.put(InspectionCriterion.valueOf(kv[0]), Integer.parseInt(kv[1]));
			}
		}
		OffsetDateTime revised = rs.getObject("revised_at", OffsetDateTime.class);
		return new InspectionView(rs.getLong("id"), rs.getLong("session_id"), rs.getLong("offering_id"),
				rs.getString("offering_name"), rs.getString("venue"), rs.getLong("school_id"), rs.getString("school_name"),
				rs.getObject("provider_id", Long.class), rs.getObject("session_date", LocalDate.class),
				rs.getObject("starts_at", LocalTime.class), rs.getObject("ends_at", LocalTime.class),
				rs.getLong("inspector_id"), rs.getString("display_name"),
				rs.getObject("visited_at", LocalDateTime.class), rs.getInt("present_count"), ratings, rs.getString("notes"),
				rs.getBoolean("has_photo"), rs.getInt("revisions"),
				rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
				revised == null ? null : revised.toInstant());
	}

	/** An unmodifiable copy in the criteria's order. */
	static <V> Map<InspectionCriterion, V> ordered(Map<InspectionCriterion, V> map) {
		EnumMap<InspectionCriterion, V> copy = new EnumMap<>(InspectionCriterion.class);
		copy.putAll(map);
		return Collections.unmodifiableMap(copy);
	}
}
