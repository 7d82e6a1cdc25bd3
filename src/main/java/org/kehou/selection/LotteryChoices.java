package org.kehou.selection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.selection.SelectionRefused.Reason;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A child's ranked choices (志愿) in a lottery round, submitted by a guardian while the round is open. A submission
 * replaces the previous one as a whole (delete and insert in one transaction); an empty list withdraws the child from
 * the draw. Callers have checked that the caller may act for the child ({@code studentId}); the round is checked
 * here to be a round of the child's school.
 * <p>
 * The round's row is share-locked while choices are written, so a draw (which locks it for update) waits for every
 * submission in flight and sees it, and a submission arriving after the draw finds the round drawn.
 */
@Service
@Transactional(readOnly = true)
public class LotteryChoices {

	/** An offering the child may choose in the round, with its weekly times ({@code "2 16:00-17:00"}). */
	public record Option(long offeringId, String name, String times, int capacity) {
	}

	/** One ranked choice. */
	public record Choice(int rank, long offeringId, String offeringName) {
	}

	/** What became of the child in a drawn round. */
	public enum Outcome {
		/** Not drawn yet. */
		PENDING, WON, WAITLISTED, NONE
	}

	/**
	 * A child's lottery in a round: the choices and, once drawn, the result.
	 *
	 * @param wonRank the rank of the choice that won (0: none)
	 * @param placeId the lottery place (won or waitlisted)
	 * @param position waitlist position now (0 unless waitlisted)
	 */
	public record ChildLottery(SelectionRound round, List<Choice> choices, Outcome outcome, int wonRank,
			@Nullable Long offeringId, @Nullable String offeringName, @Nullable Long placeId, int position) {
	}

	private final JdbcClient jdbc;

	private final SelectionRounds rounds;

	private final Places places;

	private final Registrations registrations;

	private final AuditLog audit;

	LotteryChoices(JdbcClient jdbc, SelectionRounds rounds, Places places, Registrations registrations,
			AuditLog audit) {
		this.jdbc = jdbc;
		this.rounds = rounds;
		this.places = places;
		this.registrations = registrations;
		this.audit = audit;
	}

	/**
	 * Replaces the child's choices in the round.
	 *
	 * @param offeringIds best first; 0..maxChoices distinct published offerings of the round's term the child may take
	 * @throws SelectionRefused NOT_FOUND (not a round of the child's school), ROUND_FIXED (not a lottery),
	 * ROUND_NOT_OPEN, CHOICES_INVALID, NOT_REGISTERED, NOT_ELIGIBLE, OFFERING_NOT_OPEN, PROVIDER_NOT_ADMITTED
	 */
	@Transactional
	public ChildLottery submit(long studentId, long roundId, List<Long> offeringIds) {
		Places.StudentFacts student = places.studentFacts(studentId);
		SelectionRound round = roundOf(student, roundId);
		if (round.mode() != RoundMode.LOTTERY) {
			throw new SelectionRefused(Reason.ROUND_FIXED, "round " + roundId + " is not a lottery");
		}
		if (offeringIds.size() > round.maxChoices() || new HashSet<>(offeringIds).size() != offeringIds.size()) {
			throw new SelectionRefused(Reason.CHOICES_INVALID,
					"1–" + round.maxChoices() + " different offerings, got " + offeringIds);
		}
		for (long offeringId : offeringIds) {
			Places.OfferingFacts offering = places.offeringFacts(offeringId);
			if (offering.termId() != round.termId()) {
				throw new SelectionRefused(Reason.CHOICES_INVALID, "offering " + offeringId + " is of another term");
			}
			places.checkEligible(offering, student, null);
		}
		if (!registrations.isRegistered(studentId, round.termId())) {
			throw new SelectionRefused(Reason.NOT_REGISTERED, "child " + studentId + " is not registered");
		}
		// share-lock the round: the draw waits for this submission, and this one sees a draw that came first
		boolean open = jdbc.sql("""
				SELECT status = 'SCHEDULED' AND opens_at <= :now AND closes_at > :now FROM selection_round
				WHERE id = :r FOR SHARE""")
			.param("r", roundId)
			.param("now", Timestamp.from(Instant.now()))
			.query(Boolean.class)
			.single();
		if (!open) {
			throw new SelectionRefused(Reason.ROUND_NOT_OPEN, "round " + roundId + " is not open");
		}
		jdbc.sql("DELETE FROM lottery_choice WHERE round_id = :r AND student_id = :s")
			.param("r", roundId)
			.param("s", studentId)
			.update();
		if (!offeringIds.isEmpty()) {
			Integer[] ranks = new Integer[offeringIds.size()];
			for (int i = 0; i < ranks.length; i++) {
				ranks[i] = i + 1;
			}
			jdbc.sql("""
					INSERT INTO lottery_choice (round_id, student_id, rank, offering_id, submitted_by)
					SELECT :r, :s, x.rank, x.o, :by FROM unnest(CAST(:ranks AS INT[]), CAST(:o AS BIGINT[])) AS x(rank, o)""")
				.param("r", roundId)
				.param("s", studentId)
				.param("ranks", ranks)
				.param("o", offeringIds.toArray(Long[]::new))
				.param("by", actorId())
				.update();
		}
		audit.record(AuditLog.Entry.of("selection.lottery.choices", "student", studentId)
			.in(null, student.schoolId())
			.detail("round " + roundId + ": " + offeringIds));
		return find(studentId, round);
	}

	/** The child's choices and result in a round of its school. */
	public ChildLottery of(long studentId, long roundId) {
		Places.StudentFacts student = places.studentFacts(studentId);
		return find(studentId, roundOf(student, roundId));
	}

	/** The published offerings of the round's term the child's grade (and class) may take, by name. */
	public List<Option> options(long studentId, long roundId) {
		Places.StudentFacts student = places.studentFacts(studentId);
		SelectionRound round = roundOf(student, roundId);
		return jdbc.sql("""
				SELECT o.id, o.name, o.capacity, coalesce((SELECT string_agg(sl.weekday || ' ' || to_char(sl.starts_at, 'HH24:MI')
				  || '-' || to_char(sl.ends_at, 'HH24:MI'), ', ' ORDER BY sl.weekday, sl.starts_at)
				  FROM offering_slot sl WHERE sl.offering_id = o.id AND sl.active), '') AS times
				FROM offering o WHERE o.term_id = :t AND o.status = 'PUBLISHED' AND :grade = ANY(o.grades)
				  AND (cardinality(o.class_ids) = 0 OR :class = ANY(o.class_ids))
				ORDER BY o.name, o.id""")
			.param("t", round.termId())
			.param("grade", student.gradeLevel())
			.param("class", student.classId())
			.query((rs, i) -> new Option(rs.getLong(1), rs.getString(2), rs.getString(4), rs.getInt(3)))
			.list();
	}

	/** The child's lotteries in the term (lottery rounds not cancelled, in time order). */
	public List<ChildLottery> ofTerm(long studentId, long termId) {
		List<ChildLottery> out = new ArrayList<>();
		for (SelectionRound round : rounds.ofTerm(termId)) {
			if (round.mode() == RoundMode.LOTTERY && round.status() != RoundStatus.CANCELLED) {
				out.add(find(studentId, round));
			}
		}
		return out;
	}

	private SelectionRound roundOf(Places.StudentFacts student, long roundId) {
		return rounds.find(roundId)
			.filter(r -> r.schoolId() == student.schoolId())
			.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "no round " + roundId + " of the child's school"));
	}

	private ChildLottery find(long studentId, SelectionRound round) {
		List<Choice> choices = jdbc.sql("""
				SELECT c.rank, c.offering_id, o.name FROM lottery_choice c JOIN offering o ON o.id = c.offering_id
				WHERE c.round_id = :r AND c.student_id = :s ORDER BY c.rank""")
			.param("r", round.id())
			.param("s", studentId)
			.query((rs, i) -> new Choice(rs.getInt(1), rs.getLong(2), rs.getString(3)))
			.list();
		if (round.status() != RoundStatus.DRAWN) {
			return new ChildLottery(round, choices, Outcome.PENDING, 0, null, null, null, 0);
		}
		Optional<PlaceView> place = places.ofStudent(studentId, round.termId())
			.stream()
			.filter(p -> p.roundId() != null && p.roundId() == round.id() && p.source() == PlaceSource.LOTTERY)
			.findFirst();
		if (place.isEmpty()) {
			return new ChildLottery(round, choices, Outcome.NONE, 0, null, null, null, 0);
		}
		PlaceView p = place.get();
		int rank = choices.stream().filter(c -> c.offeringId() == p.offeringId()).mapToInt(Choice::rank).findFirst()
			.orElse(0);
		Outcome outcome = p.status() == PlaceStatus.WAITLISTED ? Outcome.WAITLISTED
				: p.status().holdsSeat() ? Outcome.WON : Outcome.NONE;
		return new ChildLottery(round, choices, outcome, outcome == Outcome.WON ? rank : 0, p.offeringId(),
				p.offeringName(), p.id(), p.position());
	}

	private static @Nullable Long actorId() {
		return CurrentUser.find().map(KehouUser::id).orElse(null);
	}
}
