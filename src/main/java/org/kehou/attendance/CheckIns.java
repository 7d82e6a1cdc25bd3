package org.kehou.attendance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.CheckInRefused.Reason;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Terms;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Instructor check-in (机构教师签到): an external instructor checks in and out of each session they teach by scanning
 * the QR code that the school shows in the classroom.
 * <p>
 * The code: an HMAC-SHA256, keyed with a random secret of the session (made when the code is first shown, kept in
 * the database), over the session id and the current 60-second window. A code is accepted in its window and the
 * next one (so for 60 to 120 seconds): a photo of the code shared in advance is useless, the classroom page draws a
 * fresh one every 30 seconds. Codes are accepted only from {@value #OPENS_BEFORE_MINUTES} minutes before the
 * session's start until {@value #CLOSES_AFTER_MINUTES} minutes after its end (city time), for a scheduled session,
 * and only from an instructor who teaches its offering ({@code offering_teacher.instructor_id}; the account's
 * {@link KehouUser#instructorId()}).
 * <p>
 * One record per (session, instructor): the primary key decides, so a double tap or two concurrent sends make one
 * check-in (the second returns the first). Check-out needs a check-in. Both are audited ({@code instructor.check-in},
 * {@code instructor.check-out}). The records feed settlement and supervision ({@link #ofProvider},
 * {@link #ofSession}).
 */
@Service
public class CheckIns {

	/** Minutes before a session's start from which its code is accepted. */
	public static final int OPENS_BEFORE_MINUTES = 30;

	/** Minutes after a session's end until which its code is accepted (check-out). */
	public static final int CLOSES_AFTER_MINUTES = 30;

	/** The length of one code window. */
	public static final Duration WINDOW = Duration.ofSeconds(60);

	/** Longest period {@link #ofProvider} reads at once. */
	public static final int MAX_DAYS = 366;

	private static final int CODE_BYTES = 15;

	/**
	 * One instructor's check-in of one session (times in city time).
	 *
	 * @param checkedOutAt null until checked out
	 */
	public record CheckIn(long sessionId, long instructorId, String instructorName, long providerId, long schoolId,
			LocalDate date, LocalDateTime checkedInAt, @Nullable LocalDateTime checkedOutAt) {
	}

	/**
	 * What a check-in or check-out did.
	 *
	 * @param replay it had been done before (a double tap, a retry): nothing changed
	 */
	public record Done(CheckIn checkIn, boolean replay) {
	}

	/** An instructor expected at a session, and whether they checked in (times in city time, null when not). */
	public record Expected(long instructorId, String instructorName, @Nullable LocalDateTime checkedInAt,
			@Nullable LocalDateTime checkedOutAt) {

		public boolean checkedIn() {
			return checkedInAt != null;
		}
	}

	/**
	 * A session taught by instructors, with their check-ins: the school's and the provider's daily sheet.
	 *
	 * @param alerted a missing check-in was reported to the school
	 */
	public record SheetLine(SessionView session, String schoolName, List<Expected> instructors, boolean alerted) {

		public boolean complete() {
			return instructors.stream().allMatch(Expected::checkedIn);
		}
	}

	/** A session of the signed-in instructor with their own check-in (null times: not yet). */
	public record Mine(SessionView session, String schoolName, @Nullable LocalDateTime checkedInAt,
			@Nullable LocalDateTime checkedOutAt) {
	}

	/** A code to show: the relative check-in path it opens and whether the session's check-in is open now. */
	public record Code(long sessionId, String code, String path, boolean open) {
	}

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	private final SecureRandom random = new SecureRandom();

	CheckIns(JdbcClient jdbc, AuditLog audit, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.tx = new TransactionTemplate(transactions);
	}

	// --- the code ---------------------------------------------------------------------------------------------------

	/** The code of the current window (the session's secret is made on first use). */
	public Code code(long sessionId) {
		return code(sessionId, Instant.now());
	}

	Code code(long sessionId, Instant now) {
		Timing timing = timing(sessionId).orElseThrow(() -> new CheckInRefused(Reason.NOT_FOUND, "no session " + sessionId));
		jdbc.sql("INSERT INTO check_in_secret (session_id, secret) VALUES (:s, :k) ON CONFLICT DO NOTHING")
			.param("s", sessionId)
			.param("k", randomSecret())
			.update();
		byte[] secret = secret(sessionId).orElseThrow();
		String code = mac(secret, sessionId, window(now));
		return new Code(sessionId, code, path(sessionId, code), timing.open(now));
	}

	/** The relative path a code opens (the QR code carries it as an absolute URL). */
	public static String path(long sessionId, String code) {
		return "/m/sessions/" + sessionId + "/check-in?code=" + code;
	}

	/** Whether the code is the session's code of the current or the previous window. */
	boolean valid(long sessionId, @Nullable String code, Instant now) {
		if (code == null || code.isBlank() || code.length() > 64) {
			return false;
		}
		byte[] given = code.strip().getBytes(StandardCharsets.US_ASCII);
		Optional<byte[]> secret = secret(sessionId);
		if (secret.isEmpty()) {
			return false;
		}
		long window = window(now);
		for (long w : new long[] { window, window - 1 }) {
			if (MessageDigest.isEqual(given, mac(secret.get(), sessionId, w).getBytes(StandardCharsets.US_ASCII))) {
				return true;
			}
		}
		return false;
	}

	private static long window(Instant now) {
		return Math.floorDiv(now.getEpochSecond(), WINDOW.toSeconds());
	}

	private static String mac(byte[] secret, long sessionId, long window) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			byte[] digest = mac.doFinal((sessionId + ":" + window).getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, CODE_BYTES));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 unavailable", e);
		}
	}

	private byte[] randomSecret() {
		byte[] secret = new byte[32];
		random.nextBytes(secret);
		return secret;
	}

	private Optional<byte[]> secret(long sessionId) {
		return jdbc.sql("SELECT secret FROM check_in_secret WHERE session_id = :s")
			.param("s", sessionId)
			.query(byte[].class)
			.optional();
	}

	// --- checking in and out ----------------------------------------------------------------------------------------

	/**
	 * Checks the signed-in instructor in to the session with the scanned code; a second check-in returns the first.
	 *
	 * @throws CheckInRefused why not
	 */
	public Done checkIn(long sessionId, @Nullable String code) {
		return checkIn(sessionId, code, CurrentUser.require(), Instant.now());
	}

	Done checkIn(long sessionId, @Nullable String code, KehouUser user, Instant now) {
		long instructor = instructorOf(user);
		return Objects.requireNonNull(tx.execute(status -> {
			Held s = admissible(sessionId, instructor, code, now);
			boolean fresh = jdbc.sql("""
					INSERT INTO instructor_check_in (session_id, instructor_id, provider_id, school_id, session_date,
					  checked_in_at, checked_in_by)
					SELECT :s, :i, i.provider_id, :school, :d, :at, :by FROM instructor i WHERE i.id = :i
					ON CONFLICT (session_id, instructor_id) DO NOTHING""")
				.param("s", sessionId)
				.param("i", instructor)
				.param("school", s.school())
				.param("d", s.date())
				.param("at", OffsetDateTime.ofInstant(now, Terms.CITY_ZONE))
				.param("by", user.id())
				.update() == 1;
			CheckIn done = find(sessionId, instructor).orElseThrow();
			if (fresh) {
				audit.record(AuditLog.Entry.of("instructor.check-in", "class_session", sessionId)
					.in(s.town(), s.school())
					.detail("instructor=" + instructor + " at=" + done.checkedInAt().toLocalTime()));
			}
			return new Done(done, !fresh);
		}));
	}

	/**
	 * Checks the signed-in instructor out of the session (after a check-in) with the scanned code; a second check-out
	 * keeps the first time.
	 *
	 * @throws CheckInRefused why not
	 */
	public Done checkOut(long sessionId, @Nullable String code) {
		return checkOut(sessionId, code, CurrentUser.require(), Instant.now());
	}

	Done checkOut(long sessionId, @Nullable String code, KehouUser user, Instant now) {
		long instructor = instructorOf(user);
		return Objects.requireNonNull(tx.execute(status -> {
			Held s = admissible(sessionId, instructor, code, now);
			CheckIn before = find(sessionId, instructor)
				.orElseThrow(() -> new CheckInRefused(Reason.NOT_CHECKED_IN, "check in before checking out"));
			if (before.checkedOutAt() != null) {
				return new Done(before, true);
			}
			boolean fresh = jdbc.sql("""
					UPDATE instructor_check_in SET checked_out_at = greatest(:at, checked_in_at)
					WHERE session_id = :s AND instructor_id = :i AND checked_out_at IS NULL""")
				.param("s", sessionId)
				.param("i", instructor)
				.param("at", OffsetDateTime.ofInstant(now, Terms.CITY_ZONE))
				.update() == 1;
			CheckIn done = find(sessionId, instructor).orElseThrow();
			if (fresh) {
				audit.record(AuditLog.Entry.of("instructor.check-out", "class_session", sessionId)
					.in(s.town(), s.school())
					.detail("instructor=" + instructor + " at="
							+ Objects.requireNonNull(done.checkedOutAt()).toLocalTime()));
			}
			return new Done(done, !fresh);
		}));
	}

	private static long instructorOf(KehouUser user) {
		if (user.role() != Role.INSTRUCTOR || user.instructorId() == null) {
			throw new CheckInRefused(Reason.NOT_LINKED, "the account is not an instructor's");
		}
		return user.instructorId();
	}

	private record Held(long school, @Nullable Long town, LocalDate date) {
	}

	/** The rules, in the order an instructor would want to hear them. */
	private Held admissible(long sessionId, long instructor, @Nullable String code, Instant now) {
		record Row(Timing timing, long school, @Nullable Long town, SessionStatus status, boolean teaches) {
		}
		Row row = jdbc.sql("""
				SELECT cs.session_date, cs.starts_at, cs.ends_at, cs.school_id, sc.town_id, cs.status,
				  EXISTS (SELECT 1 FROM offering_teacher t WHERE t.offering_id = cs.offering_id AND t.instructor_id = :i)
				FROM class_session cs JOIN school sc ON sc.id = cs.school_id WHERE cs.id = :s""")
			.param("s", sessionId)
			.param("i", instructor)
			.query((rs, i) -> new Row(new Timing(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalTime.class),
					rs.getObject(3, LocalTime.class)), rs.getLong(4), rs.getObject(5, Long.class),
					SessionStatus.valueOf(rs.getString(6)), rs.getBoolean(7)))
			.optional()
			.orElseThrow(() -> new CheckInRefused(Reason.NOT_FOUND, "no session " + sessionId));
		if (!row.teaches()) {
			throw new CheckInRefused(Reason.NOT_TEACHING, "instructor " + instructor + " does not teach this session");
		}
		if (row.status() != SessionStatus.SCHEDULED) {
			throw new CheckInRefused(Reason.NOT_SCHEDULED, "session " + sessionId + " is " + row.status());
		}
		if (!row.timing().open(now)) {
			throw new CheckInRefused(Reason.NOT_OPEN, "check-in for session " + sessionId + " is open from "
					+ row.timing().opens() + " to " + row.timing().closes());
		}
		if (!valid(sessionId, code, now)) {
			throw new CheckInRefused(Reason.CODE_INVALID, "the code is not this session's current code");
		}
		return new Held(row.school(), row.town(), row.timing().date());
	}

	/** When a session's codes are accepted (city time). */
	private record Timing(LocalDate date, LocalTime starts, LocalTime ends) {

		LocalDateTime opens() {
			return LocalDateTime.of(date, starts).minusMinutes(OPENS_BEFORE_MINUTES);
		}

		LocalDateTime closes() {
			return LocalDateTime.of(date, ends).plusMinutes(CLOSES_AFTER_MINUTES);
		}

		boolean open(Instant now) {
			LocalDateTime local = LocalDateTime.ofInstant(now, Terms.CITY_ZONE);
			return !local.isBefore(opens()) && !local.isAfter(closes());
		}
	}

	private Optional<Timing> timing(long sessionId) {
		return jdbc.sql("SELECT session_date, starts_at, ends_at FROM class_session WHERE id = :s")
			.param("s", sessionId)
			.query((rs, i) -> new Timing(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalTime.class),
					rs.getObject(3, LocalTime.class)))
			.optional();
	}

	// --- reading -----------------------------------------------------------------------------------------------------

	private static final String CHECK_IN = """
			SELECT c.session_id, c.instructor_id, i.name AS instructor_name, c.provider_id, c.school_id, c.session_date,
			  c.checked_in_at, c.checked_out_at
			FROM instructor_check_in c JOIN instructor i ON i.id = c.instructor_id""";

	Optional<CheckIn> find(long sessionId, long instructorId) {
		return jdbc.sql(CHECK_IN + " WHERE c.session_id = :s AND c.instructor_id = :i")
			.param("s", sessionId)
			.param("i", instructorId)
			.query(CheckIns::checkIn)
			.optional();
	}

	/** The check-ins of a session (for supervision and for the school). */
	public List<CheckIn> ofSession(long sessionId) {
		return jdbc.sql(CHECK_IN + " WHERE c.session_id = :s ORDER BY c.checked_in_at, c.instructor_id")
			.param("s", sessionId)
			.query(CheckIns::checkIn)
			.list();
	}

	/**
	 * A provider's check-ins of sessions dated between two days, both included (for settlement).
	 *
	 * @throws IllegalArgumentException for an inverted or longer than {@value #MAX_DAYS}-day period
	 */
	public List<CheckIn> ofProvider(long providerId, LocalDate from, LocalDate to) {
		if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to)) {
			throw new IllegalArgumentException("a period of 1 to " + MAX_DAYS + " days is required (from ≤ to)");
		}
		return jdbc.sql(CHECK_IN + """
				 WHERE c.provider_id = :p AND c.session_date BETWEEN :f AND :t
				ORDER BY c.session_date, c.checked_in_at, c.session_id, c.instructor_id""")
			.param("p", providerId)
			.param("f", from)
			.param("t", to)
			.query(CheckIns::checkIn)
			.list();
	}

	/** A school's sessions of a day taught by instructors, with each instructor's check-in. */
	public List<SheetLine> schoolSheet(long schoolId, LocalDate date) {
		return sheet("cs.school_id = :x", schoolId, date);
	}

	/** A provider's sessions of a day (at every school), with each of its instructors' check-in. */
	public List<SheetLine> providerSheet(long providerId, LocalDate date) {
		return sheet("o.provider_id = :x", providerId, date);
	}

	private List<SheetLine> sheet(String where, long anchor, LocalDate date) {
		Map<Long, SheetLine> lines = new LinkedHashMap<>();
		jdbc.sql(Sessions.COLUMNS + """
				, sc.name AS school_name, t.instructor_id, i.name AS instructor_name, c.checked_in_at, c.checked_out_at,
				  EXISTS (SELECT 1 FROM check_in_missing_alert a WHERE a.session_id = cs.id) AS alerted""" + Sessions.FROM
				+ """
						 JOIN school sc ON sc.id = cs.school_id
						JOIN offering_teacher t ON t.offering_id = cs.offering_id AND t.instructor_id IS NOT NULL
						JOIN instructor i ON i.id = t.instructor_id
						LEFT JOIN instructor_check_in c ON c.session_id = cs.id AND c.instructor_id = t.instructor_id
						WHERE cs.session_date = :d AND""" + " " + where + " ORDER BY cs.starts_at, o.name, cs.id, i.name, i.id")
			.param("d", date)
			.param("x", anchor)
			.query((rs, i) -> {
				SessionView session = Sessions.view(rs, i);
				SheetLine line = lines.computeIfAbsent(session.id(),
						id -> new SheetLine(session, string(rs, "school_name"), new ArrayList<>(), bool(rs, "alerted")));
				line.instructors().add(new Expected(rs.getLong("instructor_id"), rs.getString("instructor_name"),
						local(rs, "checked_in_at"), local(rs, "checked_out_at")));
				return null;
			})
			.list();
		return lines.values().stream()
			.map(l -> new SheetLine(l.session(), l.schoolName(), List.copyOf(l.instructors()), l.alerted()))
			.toList();
	}

	/** The sessions an instructor ({@code :i}) teaches, with their own check-in; callers add conditions. */
	private static final String MINE = Sessions.COLUMNS + ", sc.name AS school_name, c.checked_in_at, c.checked_out_at"
			+ Sessions.FROM + """
					 JOIN school sc ON sc.id = cs.school_id
					LEFT JOIN instructor_check_in c ON c.session_id = cs.id AND c.instructor_id = :i
					WHERE cs.offering_id IN (SELECT offering_id FROM offering_teacher WHERE instructor_id = :i)""";

	/** The signed-in instructor's sessions of a day with their own check-in; nothing for an unlinked account. */
	public List<Mine> mine(KehouUser user, LocalDate date) {
		if (user.role() != Role.INSTRUCTOR || user.instructorId() == null) {
			return List.of();
		}
		return jdbc.sql(MINE + " AND cs.session_date = :d ORDER BY cs.starts_at, o.name, cs.id")
			.param("i", user.instructorId())
			.param("d", date)
			.query(CheckIns::mine)
			.list();
	}

	/** One session as the signed-in instructor sees it on the check-in page (empty: not theirs or not found). */
	public Optional<Mine> mine(KehouUser user, long sessionId) {
		if (user.role() != Role.INSTRUCTOR || user.instructorId() == null) {
			return Optional.empty();
		}
		return jdbc.sql(MINE + " AND cs.id = :s")
			.param("i", user.instructorId())
			.param("s", sessionId)
			.query(CheckIns::mine)
			.optional();
	}

	private static Mine mine(ResultSet rs, int row) throws SQLException {
		return new Mine(Sessions.view(rs, row), rs.getString("school_name"), local(rs, "checked_in_at"),
				local(rs, "checked_out_at"));
	}

	static CheckIn checkIn(ResultSet rs, int row) throws SQLException {
		return new CheckIn(rs.getLong("session_id"), rs.getLong("instructor_id"), rs.getString("instructor_name"),
				rs.getLong("provider_id"), rs.getLong("school_id"), rs.getObject("session_date", LocalDate.class),
				Objects.requireNonNull(local(rs, "checked_in_at")), local(rs, "checked_out_at"));
	}

	private static @Nullable LocalDateTime local(ResultSet rs, String column) throws SQLException {
		OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
		return at == null ? null : at.atZoneSameInstant(Terms.CITY_ZONE).toLocalDateTime().withNano(0);
	}

	private static String string(ResultSet rs, String column) {
		try {
			return rs.getString(column);
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	private static boolean bool(ResultSet rs, String column) {
		try {
			return rs.getBoolean(column);
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}
}
