package org.kehou.selection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.organisation.Schools;
import org.kehou.selection.SelectionRefused.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lottery draws (摇号) of selection rounds: draw a closed round once (a school administrator from its page, or the
 * scheduled job), keep what the draw ran on, and verify a past draw from its inputs. The rules of the draw itself are
 * in {@link LotteryDraw}; docs/lottery.md tells the whole story.
 * <p>
 * A draw is one transaction: the round's row is locked ({@code FOR UPDATE}) and must still be a closed, undrawn
 * lottery — so on any number of nodes a round is drawn exactly once, and a second draw is refused ROUND_FIXED. Then,
 * in the lock order of {@link PlaceClaims} (registration rows in student order, then offering rows in id order) the
 * inputs are read, the draw runs, seats are taken by the conditional {@code UPDATE offering SET taken = taken + k
 * WHERE taken + k <= capacity} and the places are inserted in bulk with {@code place_busy} — the same constraints
 * as every other place (capacity check, {@code place_no_overlap}, one live place per child and offering) hold.
 */
@Service
@Transactional(readOnly = true)
public class Lotteries {

	private static final Logger log = LoggerFactory.getLogger(Lotteries.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * A drawn round's record.
	 *
	 * @param drawnBy the account that ran it; null: the scheduled job
	 */
	public record Draw(long roundId, String seed, String inputsSha256, String resultSha256, int children, int won,
			int waitlisted, int drawMs, Instant drawnAt, @Nullable Long drawnBy) {
	}

	/** A round's lottery at a glance: the round, how many children chose, and the draw once made. */
	public record Summary(SelectionRound round, int children, int choices, @Nullable Draw draw) {
	}

	private final JdbcClient jdbc;

	private final SelectionRounds rounds;

	private final Schools schools;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	Lotteries(JdbcClient jdbc, SelectionRounds rounds, Schools schools, AuditLog audit,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.rounds = rounds;
		this.schools = schools;
		this.audit = audit;
		this.events = events;
	}

	public Summary summary(long roundId) {
		SelectionRound round = rounds.find(roundId)
			.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "unknown round " + roundId));
		record Counts(int children, int choices) {
		}
		Counts counts = jdbc.sql("SELECT count(DISTINCT student_id), count(*) FROM lottery_choice WHERE round_id = :r")
			.param("r", roundId)
			.query((rs, i) -> new Counts(rs.getInt(1), rs.getInt(2)))
			.single();
		return new Summary(round, counts.children(), counts.choices(), draw(roundId).orElse(null));
	}

	public Optional<Draw> draw(long roundId) {
		return jdbc.sql("""
				SELECT round_id, seed, inputs_sha256, result_sha256, children, won, waitlisted, draw_ms, drawn_at, drawn_by
				FROM lottery_draw WHERE round_id = :r""")
			.param("r", roundId)
			.query((rs, i) -> new Draw(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
					rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getTimestamp(9).toInstant(),
					rs.getObject(10, Long.class)))
			.optional();
	}

	/** The stored inputs of a drawn round as its export: canonical JSON with the result digest. */
	public Optional<String> export(long roundId) {
		return jdbc.sql("SELECT inputs_gz, result_sha256 FROM lottery_draw WHERE round_id = :r")
			.param("r", roundId)
			.query((rs, i) -> {
				try {
					String json = LotteryVerify.text(rs.getBytes(1));
					LotteryInputs inputs = LotteryInputs.fromJson(json).inputs();
					return inputs.toJson(rs.getString(2));
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			})
			.optional();
	}

	/** Re-runs a drawn round from its stored inputs and compares with the stored digest. */
	public LotteryVerify.Outcome verifyStored(long roundId) {
		String export = export(roundId)
			.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "round " + roundId + " is not drawn"));
		return LotteryVerify.verify(export, null);
	}

	/**
	 * Verifies an uploaded inputs file; a non-blank seed replaces the file's. Compares with the digest in the file,
	 * or — when the file names none — with this round's stored digest.
	 *
	 * @throws IllegalArgumentException when the file is not a lottery inputs file
	 */
	public LotteryVerify.Outcome verifyUpload(long roundId, byte[] file, @Nullable String seed) {
		String json;
		try {
			json = LotteryVerify.text(file);
		}
		catch (IOException e) {
			throw new IllegalArgumentException("unreadable file", e);
		}
		LotteryVerify.Outcome outcome = LotteryVerify.verify(json, seed);
		if (outcome.expected() == null) {
			String stored = draw(roundId).map(Draw::resultSha256).orElse(null);
			return new LotteryVerify.Outcome(outcome.inputsSha256(), outcome.digest(), stored, outcome.children(),
					outcome.won(), outcome.waitlisted());
		}
		return outcome;
	}

	/** Lottery rounds closed and not drawn yet (for the job). */
	public List<Long> due(Instant now) {
		return jdbc.sql("""
				SELECT id FROM selection_round WHERE mode = 'LOTTERY' AND status = 'SCHEDULED' AND closes_at <= :now
				ORDER BY closes_at, id""")
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.list();
	}

	/**
	 * Draws a closed lottery round (a school administrator). The seed is generated here, stored and published.
	 *
	 * @throws SelectionRefused ROUND_FIXED when the round is not a lottery, still open, drawn or cancelled
	 */
	@Transactional
	public Draw draw(long roundId, Instant now) {
		SelectionRound round = rounds.lock(roundId);
		if (round.mode() != RoundMode.LOTTERY || round.phase(now) != SelectionRound.Phase.CLOSED) {
			throw new SelectionRefused(Reason.ROUND_FIXED,
					"round " + roundId + " is " + round.mode() + " " + round.phase(now) + ": only a closed lottery draws");
		}
		return drawLocked(round, newSeed(), actorId());
	}

	/** The job: draws the round if it is still due (another node may have drawn it meanwhile); empty if not. */
	@Transactional
	public Optional<Draw> drawIfDue(long roundId, Instant now) {
		SelectionRound round = rounds.lock(roundId);
		if (round.mode() != RoundMode.LOTTERY || round.phase(now) != SelectionRound.Phase.CLOSED) {
			return Optional.empty();
		}
		return Optional.of(drawLocked(round, newSeed(), null));
	}

	static String newSeed() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	// --- the draw --------------------------------------------------------------------------------------------------

	private Draw drawLocked(SelectionRound round, String seed, @Nullable Long actor) {
		long started = System.nanoTime();
		LotteryInputs inputs = inputs(round, seed);
		LotteryDraw.Result result = LotteryDraw.run(inputs);
		writePlaces(round, inputs, result, actor);
		String json = inputs.toJson();
		int ms = (int) ((System.nanoTime() - started) / 1_000_000);
		jdbc.sql("""
				INSERT INTO lottery_draw (round_id, seed, inputs_gz, inputs_sha256, result_sha256, children, won, waitlisted,
				  draw_ms, drawn_by) VALUES (:r, :seed, :gz, :in, :out, :c, :w, :wl, :ms, :by)""")
			.param("r", round.id())
			.param("seed", seed)
			.param("gz", gzip(json))
			.param("in", LotteryInputs.sha256(json))
			.param("out", result.digest())
			.param("c", inputs.children().size())
			.param("w", result.won().size())
			.param("wl", result.waitlisted())
			.param("ms", ms)
			.param("by", actor)
			.update();
		jdbc.sql("""
				UPDATE selection_round SET status = 'DRAWN', seed = :seed, draw_digest = :d, drawn_at = now(),
				  updated_at = now() WHERE id = :r AND status = 'SCHEDULED'""")
			.param("seed", seed)
			.param("d", result.digest())
			.param("r", round.id())
			.update();
		audit.record(AuditLog.Entry.of("selection.lottery.draw", "selection_round", round.id())
			.in(schools.findSchool(round.schoolId()).map(s -> s.townId()).orElse(null), round.schoolId())
			.detail("seed " + seed + ", children " + inputs.children().size() + ", won " + result.won().size()
					+ ", waitlisted " + result.waitlisted() + ", digest " + result.digest()));
		log.info("lottery round {} drawn: {} children, {} won, {} waitlisted in {} ms", round.id(),
				inputs.children().size(), result.won().size(), result.waitlisted(), ms);
		return draw(round.id()).orElseThrow();
	}

	/** Reads the inputs under locks: registrations (student order), then offerings (id order). */
	LotteryInputs inputs(SelectionRound round, String seed) {
		record Choice(long student, long offering) {
		}
		// the choosing children whose registration is done, their registration rows locked
		List<Long> students = jdbc.sql("""
				SELECT r.student_id FROM registration r
				JOIN student s ON s.id = r.student_id AND s.status = 'ACTIVE'
				WHERE r.term_id = :t AND r.status = 'REGISTERED'
				  AND r.student_id IN (SELECT student_id FROM lottery_choice WHERE round_id = :r)
				ORDER BY r.student_id FOR UPDATE OF r""")
			.param("t", round.termId())
			.param("r", round.id())
			.query(Long.class)
			.list();
		Long[] ids = students.toArray(Long[]::new);
		// the chosen offerings still published, locked in id order; free = capacity − taken now
		Map<Long, Integer> free = new TreeMap<>();
		Map<Long, List<Integer>> grades = new HashMap<>();
		jdbc.sql("""
				SELECT o.id, o.capacity - o.taken, o.grades FROM offering o
				WHERE o.id IN (SELECT offering_id FROM lottery_choice WHERE round_id = :r) AND o.status = 'PUBLISHED'
				  AND o.term_id = :t
				ORDER BY o.id FOR UPDATE""")
			.param("r", round.id())
			.param("t", round.termId())
			.query((rs, i) -> {
				free.put(rs.getLong(1), rs.getInt(2));
				grades.put(rs.getLong(1), SqlArrays.ints(rs.getArray(3)));
				return null;
			})
			.list();
		Map<Long, List<String>> slots = new HashMap<>();
		jdbc.sql("""
				SELECT offering_id, weekday || ' ' || to_char(starts_at, 'HH24:MI') || '-' || to_char(ends_at, 'HH24:MI')
				FROM offering_slot WHERE active AND offering_id IN (SELECT offering_id FROM lottery_choice WHERE round_id = :r)
				ORDER BY offering_id, weekday, starts_at""")
			.param("r", round.id())
			.query((rs, i) -> slots.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>()).add(rs.getString(2)))
			.list();
		List<LotteryInputs.Offering> offerings = new ArrayList<>();
		free.forEach((id, f) -> offerings.add(new LotteryInputs.Offering(id, f, grades.get(id),
				slots.getOrDefault(id, List.of()))));

		// the children's grades, choices, priority groups, siblings and places already live in the term
		Map<Long, Integer> grade = new HashMap<>();
		jdbc.sql("""
				SELECT s.id, g.level FROM student s JOIN school_class c ON c.id = s.class_id JOIN grade g ON g.id = c.grade_id
				WHERE s.id = ANY(:ids)""")
			.param("ids", ids)
			.query((rs, i) -> grade.put(rs.getLong(1), rs.getInt(2)))
			.list();
		Map<Long, List<Long>> choices = new HashMap<>();
		jdbc.sql("""
				SELECT student_id, offering_id FROM lottery_choice WHERE round_id = :r AND student_id = ANY(:ids)
				ORDER BY student_id, rank""")
			.param("r", round.id())
			.param("ids", ids)
			.query((rs, i) -> choices.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>()).add(rs.getLong(2)))
			.list();
		Map<Long, Integer> weight = new HashMap<>();
		Map<String, Integer> priorities = round.priorities();
		jdbc.sql("""
				SELECT student_id, category FROM student_hardship WHERE evidence_status = 'APPROVED' AND student_id = ANY(:ids)
				UNION ALL SELECT student_id, 'STAFF_CHILD' FROM staff_child WHERE student_id = ANY(:ids)""")
			.param("ids", ids)
			.query((rs, i) -> weight.merge(rs.getLong(1), priorities.getOrDefault(rs.getString(2), 0), Math::max))
			.list();
		Map<Long, Long> siblings = round.keepSiblings() ? siblings(ids) : Map.of();
		Map<Long, List<String>> busy = new HashMap<>();
		Map<Long, Integer> live = new HashMap<>();
		Map<Long, List<Long>> liveOfferings = new HashMap<>();
		jdbc.sql("SELECT student_id, offering_id FROM place WHERE term_id = :t AND student_id = ANY(:ids) AND status IN "
				+ "('CONFIRMED', 'OFFERED', 'WAITLISTED') ORDER BY student_id, offering_id")
			.param("t", round.termId())
			.param("ids", ids)
			.query((rs, i) -> {
				live.merge(rs.getLong(1), 1, Integer::sum);
				return liveOfferings.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>()).add(rs.getLong(2));
			})
			.list();
		jdbc.sql("""
				SELECT p.student_id, sl.weekday || ' ' || to_char(sl.starts_at, 'HH24:MI') || '-' || to_char(sl.ends_at, 'HH24:MI')
				FROM place p JOIN offering_slot sl ON sl.offering_id = p.offering_id AND sl.active
				  AND (p.days IS NULL OR sl.weekday = ANY(p.days))
				WHERE p.term_id = :t AND p.student_id = ANY(:ids) AND p.status IN ('CONFIRMED', 'OFFERED')
				ORDER BY p.student_id, sl.weekday, sl.starts_at, sl.ends_at""")
			.param("t", round.termId())
			.param("ids", ids)
			.query((rs, i) -> busy.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>()).add(rs.getString(2)))
			.list();
		List<LotteryInputs.Child> children = new ArrayList<>(students.size());
		for (long id : students) {
			children.add(new LotteryInputs.Child(id, grade.getOrDefault(id, 0), weight.getOrDefault(id, 0),
					siblings.get(id), choices.getOrDefault(id, List.of()), busy.getOrDefault(id, List.of()),
					live.getOrDefault(id, 0), liveOfferings.getOrDefault(id, List.of())));
		}
		return new LotteryInputs(round.id(), seed, round.maxPerChild(), round.keepSiblings(), offerings, children);
	}

	/** Sibling groups among the children: those sharing a guardian, transitively; key = the lowest id. */
	private Map<Long, Long> siblings(Long[] ids) {
		Map<Long, Long> parent = new HashMap<>();
		jdbc.sql("""
				SELECT a.student_id, b.student_id FROM student_guardian a JOIN student_guardian b
				  ON b.guardian_id = a.guardian_id AND b.student_id > a.student_id
				WHERE a.student_id = ANY(:ids) AND b.student_id = ANY(:ids)""")
			.param("ids", ids)
			.query((rs, i) -> {
				long a = find(parent, rs.getLong(1)), b = find(parent, rs.getLong(2));
				if (a != b) {
					parent.put(Math.max(a, b), Math.min(a, b));
				}
				return null;
			})
			.list();
		Map<Long, Long> key = new HashMap<>();
		for (Long id : new ArrayList<>(parent.keySet())) {
			key.put(id, find(parent, id));
		}
		return key;
	}

	private static long find(Map<Long, Long> parent, long x) {
		long root = x;
		while (parent.containsKey(root) && parent.get(root).longValue() != root) {
			root = parent.get(root);
		}
		parent.put(x, root);
		return root;
	}

	private void writePlaces(SelectionRound round, LotteryInputs inputs, LotteryDraw.Result result,
			@Nullable Long actor) {
		// seats: one conditional update per offering, in id order (the rows are already locked)
		Map<Long, Integer> wins = new TreeMap<>();
		result.won().values().forEach(o -> wins.merge(o, 1, Integer::sum));
		for (Map.Entry<Long, Integer> e : wins.entrySet()) {
			int updated = jdbc.sql("""
					UPDATE offering SET taken = taken + :k, updated_at = now()
					WHERE id = :o AND status = 'PUBLISHED' AND taken + :k <= capacity""")
				.param("k", e.getValue())
				.param("o", e.getKey())
				.update();
			if (updated != 1) {
				throw new IllegalStateException("offering " + e.getKey() + " has no " + e.getValue() + " free seats");
			}
		}
		// places in draw order: winners CONFIRMED, then each waitlist in draw order (queued_at keeps that order)
		Map<Long, Integer> position = new HashMap<>();
		for (int i = 0; i < result.order().size(); i++) {
			position.put(result.order().get(i), i);
		}
		List<long[]> rows = new ArrayList<>(); // student, offering, confirmed?1:0, position
		for (long child : result.order()) {
			Long offering = result.won().get(child);
			if (offering != null) {
				rows.add(new long[] { child, offering, 1, position.get(child) });
			}
		}
		result.waitlists().forEach((offering, children) -> children
			.forEach(child -> rows.add(new long[] { child, offering, 0, position.get(child) })));
		if (rows.isEmpty()) {
			return;
		}
		int n = rows.size();
		Long[] s = new Long[n], o = new Long[n];
		String[] st = new String[n];
		Integer[] pos = new Integer[n];
		for (int i = 0; i < n; i++) {
			long[] r = rows.get(i);
			s[i] = r[0];
			o[i] = r[1];
			st[i] = r[2] == 1 ? PlaceStatus.CONFIRMED.name() : PlaceStatus.WAITLISTED.name();
			pos[i] = (int) r[3];
		}
		Map<String, Long> ids = new LinkedHashMap<>();
		jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, round_id, status, source, busy, queued_at, created_by,
				  confirmed_at)
				SELECT x.o, x.s, :t, :r, x.st, 'LOTTERY', place_busy(x.o, NULL),
				  now() + make_interval(secs => x.pos / 1000000.0), :by, CASE WHEN x.st = 'CONFIRMED' THEN now() END
				FROM unnest(CAST(:s AS BIGINT[]), CAST(:o AS BIGINT[]), CAST(:st AS VARCHAR[]), CAST(:pos AS INT[]))
				  WITH ORDINALITY AS x(s, o, st, pos, n)
				ORDER BY x.n
				RETURNING id, student_id, offering_id, status""")
			.param("t", round.termId())
			.param("r", round.id())
			.param("by", actor)
			.param("s", s)
			.param("o", o)
			.param("st", st)
			.param("pos", pos)
			.query((rs, i) -> {
				events.publishEvent(new PlaceChanged(rs.getLong(1), rs.getLong(3), rs.getLong(2), round.termId(),
						PlaceStatus.valueOf(rs.getString(4)), PlaceSource.LOTTERY));
				return ids.put(rs.getLong(2) + "@" + rs.getLong(3), rs.getLong(1));
			})
			.list();
		if (ids.size() != n) {
			throw new IllegalStateException("the draw wrote " + ids.size() + " of " + n + " places");
		}
	}

	private static byte[] gzip(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, text.length() / 6));
		try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
			gz.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	private static @Nullable Long actorId() {
		return CurrentUser.find().map(KehouUser::id).orElse(null);
	}
}
