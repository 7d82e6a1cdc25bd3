package org.kehou.selection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.selection.SelectionRefused.Reason;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Selection rounds (选课轮次) of a school's term: schedule, change while upcoming, cancel, and which round is open.
 * Two rounds of a term never overlap in time (an exclusion constraint, see {@code V2_9_3__selection_rounds.sql}).
 * Callers check scope with the {@code termId} / {@code roundId} owners. Every change is audited.
 */
@Service
@Transactional(readOnly = true)
public class SelectionRounds {

	private static final String COLUMNS = """
			r.id, r.term_id, r.school_id, r.name, r.mode, r.opens_at, r.closes_at, r.drop_until, r.max_per_child,
			r.max_choices, r.keep_siblings, r.offer_hours, r.status, r.seed, r.draw_digest, r.drawn_at""";

	private final JdbcClient jdbc;

	private final Terms terms;

	private final Schools schools;

	private final AuditLog audit;

	SelectionRounds(JdbcClient jdbc, Terms terms, Schools schools, AuditLog audit) {
		this.jdbc = jdbc;
		this.terms = terms;
		this.schools = schools;
		this.audit = audit;
	}

	public Optional<SelectionRound> find(long roundId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM selection_round r WHERE r.id = :id")
			.param("id", roundId)
			.query(this::round)
			.optional();
	}

	/** The term's rounds in time order, cancelled ones included. */
	public List<SelectionRound> ofTerm(long termId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM selection_round r WHERE r.term_id = :t ORDER BY r.opens_at, r.id")
			.param("t", termId)
			.query(this::round)
			.list();
	}

	/** The round of the term open at the instant, if any (at most one: rounds of a term never overlap). */
	public Optional<SelectionRound> openAt(long termId, Instant now) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM selection_round r WHERE r.term_id = :t AND r.status = 'SCHEDULED'
				AND r.opens_at <= :now AND r.closes_at > :now""")
			.param("t", termId)
			.param("now", Timestamp.from(now))
			.query(this::round)
			.optional();
	}

	/**
	 * Schedules a round.
	 *
	 * @throws SelectionRefused ROUND_INVALID (400), TERM_CLOSED or ROUND_OVERLAP (409), NOT_FOUND (404)
	 */
	@Transactional
	public SelectionRound create(long termId, RoundDetails details) {
		TermView term = terms.findTerm(termId)
			.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "unknown term " + termId));
		if (term.isClosed()) {
			throw new SelectionRefused(Reason.TERM_CLOSED, "term " + termId + " is closed");
		}
		Checked d = check(details);
		long id;
		try {
			id = jdbc.sql("""
					INSERT INTO selection_round (term_id, school_id, name, mode, opens_at, closes_at, drop_until,
					  max_per_child, max_choices, keep_siblings, offer_hours, created_by)
					VALUES (:term, :school, :name, :mode, :opens, :closes, :drop, :max, :choices, :siblings, :hours, :by)
					RETURNING id""")
				.param("term", termId)
				.param("school", term.schoolId())
				.params(d.params())
				.param("by", actorId())
				.query(Long.class)
				.single();
		}
		catch (DataIntegrityViolationException e) {
			throw overlapOr(e);
		}
		writePriorities(id, d.priorities());
		audit.record(AuditLog.Entry.of("round.create", "selection_round", id)
			.in(townOf(term.schoolId()), term.schoolId())
			.detail(d.mode() + " " + d.name() + " " + d.opensAt() + "–" + d.closesAt()));
		return find(id).orElseThrow();
	}

	/**
	 * Changes a round. Before it opens everything may change; once open only the close and drop times, the
	 * waitlist setting and the name (a lottery's choices and a first-come's places depend on the rest).
	 */
	@Transactional
	public SelectionRound update(long roundId, RoundDetails details) {
		SelectionRound current = lock(roundId);
		Instant now = Instant.now();
		SelectionRound.Phase phase = current.phase(now);
		if (phase != SelectionRound.Phase.UPCOMING && phase != SelectionRound.Phase.OPEN) {
			throw new SelectionRefused(Reason.ROUND_FIXED, "round " + roundId + " is " + phase);
		}
		Checked d = check(details);
		if (phase == SelectionRound.Phase.OPEN && (d.mode() != current.mode() || !d.opensAt().equals(current.opensAt())
				|| d.maxPerChild() != current.maxPerChild() || d.maxChoices() != current.maxChoices()
				|| d.keepSiblings() != current.keepSiblings() || !d.priorities().equals(current.priorities()))) {
			throw new SelectionRefused(Reason.ROUND_FIXED, "round " + roundId + " is open: only times and name change");
		}
		try {
			jdbc.sql("""
					UPDATE selection_round SET name = :name, mode = :mode, opens_at = :opens, closes_at = :closes,
					  drop_until = :drop, max_per_child = :max, max_choices = :choices, keep_siblings = :siblings,
					  offer_hours = :hours, updated_at = now() WHERE id = :id""")
				.params(d.params())
				.param("id", roundId)
				.update();
		}
		catch (DataIntegrityViolationException e) {
			throw overlapOr(e);
		}
		writePriorities(roundId, d.priorities());
		audit.record(AuditLog.Entry.of("round.update", "selection_round", roundId)
			.in(townOf(current.schoolId()), current.schoolId())
			.detail(d.mode() + " " + d.name() + " " + d.opensAt() + "–" + d.closesAt()));
		return find(roundId).orElseThrow();
	}

	/** Cancels a round that has not been drawn; places already taken in it stay (the school removes them). */
	@Transactional
	public SelectionRound cancel(long roundId) {
		SelectionRound current = lock(roundId);
		if (current.status() != RoundStatus.SCHEDULED) {
			throw new SelectionRefused(Reason.ROUND_FIXED, "round " + roundId + " is " + current.status());
		}
		jdbc.sql("UPDATE selection_round SET status = 'CANCELLED', updated_at = now() WHERE id = :id")
			.param("id", roundId)
			.update();
		audit.record(AuditLog.Entry.of("round.cancel", "selection_round", roundId)
			.in(townOf(current.schoolId()), current.schoolId()));
		return find(roundId).orElseThrow();
	}

	/** Locks the round's row for a change (lottery draw, update). */
	@Transactional
	public SelectionRound lock(long roundId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM selection_round r WHERE r.id = :id FOR UPDATE")
			.param("id", roundId)
			.query(this::round)
			.optional()
			.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "unknown round " + roundId));
	}

	/**
	 * Checks a round's details without storing anything (a town schedules one round for many schools and refuses
	 * bad details once, before it tries any school).
	 *
	 * @throws SelectionRefused ROUND_INVALID (400)
	 */
	public static void validate(RoundDetails details) {
		check(details);
	}

	// --- details ---------------------------------------------------------------------------------------------------

	private record Checked(String name, RoundMode mode, Instant opensAt, Instant closesAt, @Nullable Instant dropUntil,
			int maxPerChild, int maxChoices, boolean keepSiblings, @Nullable Integer offerHours,
			Map<String, Integer> priorities) {

		Map<String, ?> params() {
			Map<String, @Nullable Object> p = new LinkedHashMap<>();
			p.put("name", name);
			p.put("mode", mode.name());
			p.put("opens", Timestamp.from(opensAt));
			p.put("closes", Timestamp.from(closesAt));
			p.put("drop", dropUntil == null ? null : Timestamp.from(dropUntil));
			p.put("max", maxPerChild);
			p.put("choices", maxChoices);
			p.put("siblings", keepSiblings);
			p.put("hours", offerHours);
			return p;
		}
	}

	private static Checked check(RoundDetails d) {
		String name = d.name() == null ? "" : d.name().strip();
		if (name.isEmpty() || name.length() > RoundDetails.NAME_MAX) {
			throw new SelectionRefused(Reason.ROUND_INVALID, "a round needs a name of 1–100 characters");
		}
		if (d.mode() == null || d.opensAt() == null || d.closesAt() == null) {
			throw new SelectionRefused(Reason.ROUND_INVALID, "a round needs a mode, an opening and a closing time");
		}
		if (!d.closesAt().isAfter(d.opensAt())) {
			throw new SelectionRefused(Reason.ROUND_INVALID, "a round closes after it opens");
		}
		if (d.dropUntil() != null && d.dropUntil().isBefore(d.opensAt())) {
			throw new SelectionRefused(Reason.ROUND_INVALID, "the drop deadline is before the round opens");
		}
		int max = d.maxPerChild() == null ? 2 : d.maxPerChild();
		int choices = d.maxChoices() == null ? 3 : d.maxChoices();
		if (max < 1 || max > 20 || choices < 1 || choices > 10) {
			throw new SelectionRefused(Reason.ROUND_INVALID, "offerings per child 1–20, choices 1–10");
		}
		if (d.offerHours() != null && (d.offerHours() < 1 || d.offerHours() > 168)) {
			throw new SelectionRefused(Reason.ROUND_INVALID, "a waitlist offer lasts 1–168 hours");
		}
		Map<String, Integer> priorities = new LinkedHashMap<>();
		for (Map.Entry<String, Integer> e : d.priorities().entrySet()) {
			PriorityGroup group;
			try {
				group = PriorityGroup.valueOf(e.getKey());
			}
			catch (IllegalArgumentException ex) {
				throw new SelectionRefused(Reason.ROUND_INVALID, "unknown priority group " + e.getKey());
			}
			Integer weight = e.getValue();
			if (weight == null || weight < 0 || weight > 100) {
				throw new SelectionRefused(Reason.ROUND_INVALID, "a priority weight is 0–100");
			}
			if (weight > 0) {
				priorities.put(group.name(), weight);
			}
		}
		return new Checked(name, d.mode(), d.opensAt(), d.closesAt(), d.dropUntil(), max, choices,
				d.mode() == RoundMode.LOTTERY && d.keepSiblings(), d.offerHours(), priorities);
	}

	private void writePriorities(long roundId, Map<String, Integer> priorities) {
		jdbc.sql("DELETE FROM lottery_priority WHERE round_id = :r").param("r", roundId).update();
		priorities.forEach((group, weight) -> jdbc
			.sql("INSERT INTO lottery_priority (round_id, group_code, weight) VALUES (:r, :g, :w)")
			.param("r", roundId)
			.param("g", group)
			.param("w", weight)
			.update());
	}

	private static RuntimeException overlapOr(DataIntegrityViolationException e) {
		String message = String.valueOf(e.getMostSpecificCause().getMessage());
		if (message.contains("selection_round_apart")) {
			return new SelectionRefused(Reason.ROUND_OVERLAP, "another round of the term overlaps this window");
		}
		return e;
	}

	private SelectionRound round(ResultSet rs, int row) throws SQLException {
		long id = rs.getLong("id");
		Map<String, Integer> priorities = jdbc
			.sql("SELECT group_code, weight FROM lottery_priority WHERE round_id = :r ORDER BY weight DESC, group_code")
			.param("r", id)
			.query((p, i) -> Map.entry(p.getString(1), p.getInt(2)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
		Timestamp drop = rs.getTimestamp("drop_until");
		Timestamp drawn = rs.getTimestamp("drawn_at");
		return new SelectionRound(id, rs.getLong("term_id"), rs.getLong("school_id"), rs.getString("name"),
				RoundMode.valueOf(rs.getString("mode")), rs.getTimestamp("opens_at").toInstant(),
				rs.getTimestamp("closes_at").toInstant(), drop == null ? null : drop.toInstant(),
				rs.getInt("max_per_child"), rs.getInt("max_choices"), rs.getBoolean("keep_siblings"),
				rs.getObject("offer_hours", Integer.class), RoundStatus.valueOf(rs.getString("status")), priorities,
				rs.getString("seed"), rs.getString("draw_digest"), drawn == null ? null : drawn.toInstant());
	}

	private @Nullable Long townOf(long schoolId) {
		return schools.findSchool(schoolId).map(s -> s.townId()).orElse(null);
	}

	private static @Nullable Long actorId() {
		return CurrentUser.find().map(KehouUser::id).orElse(null);
	}
}
