package org.kehou.selection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.providers.Instructors;
import org.kehou.providers.Whitelist;
import org.kehou.selection.Claim.Placed;
import org.kehou.selection.Claim.Refused;
import org.kehou.selection.SelectionRefused.Reason;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places (名额) in offerings: first-come selection, manual placement, drop, waitlist offers and promotion, and the
 * lists the pages show. Callers check scope with the {@code studentId} / {@code offeringId} / {@code placeId}
 * owners; this service trusts the ids it is given, except that a child must be of the offering's school.
 * <p>
 * The rules that race (registration, per-child maximum, overlap, capacity) are applied by {@link PlaceClaims} under
 * locks and constraints; those that do not (round open, grade and class, provider admitted, days) are checked here
 * first. Every seat freed (drop, decline, removal, lapse, capacity increase) goes to the next waitlisted child who
 * can take it, confirmed at once or offered for the round's hours.
 */
@Service
public class Places {

	/** Longest request key a client may send. */
	public static final int REQUEST_KEY_MAX = 64;

	/** Longest reason for a manual placement or a removal. */
	public static final int REASON_MAX = 200;

	/** What a selection did: the place, its status, its waitlist position (0 unless waitlisted), whether it is new. */
	public record Selection(long placeId, PlaceStatus status, int position, boolean created) {
	}

	/** An offering's fill: seats, held, offered, waiting. */
	public record Fill(long offeringId, String name, String categoryCode, int capacity, int taken, int offered,
			int waitlisted, OfferingStatus status) {

		public int remaining() {
			return Math.max(capacity - taken, 0);
		}
	}

	private static final String HELD = "('CONFIRMED', 'OFFERED')";

	private static final String LIVE = "('CONFIRMED', 'OFFERED', 'WAITLISTED')";

	private static final String VIEW = """
			SELECT p.id, p.offering_id, o.name AS offering_name, p.student_id, s.name AS student_name, p.term_id,
			  p.round_id, p.status, p.source, p.days, p.queued_at, p.offer_expires_at, p.confirmed_at, p.ended_at,
			  p.end_reason,
			  CASE WHEN p.status = 'WAITLISTED' THEN (SELECT count(*) FROM place w WHERE w.offering_id = p.offering_id
			    AND w.status = 'WAITLISTED' AND (w.queued_at < p.queued_at OR (w.queued_at = p.queued_at AND w.id <= p.id)))
			  ELSE 0 END AS position
			FROM place p JOIN offering o ON o.id = p.offering_id JOIN student s ON s.id = p.student_id""";

	/** What the rules need to know about an offering. */
	record OfferingFacts(long id, long termId, long schoolId, @Nullable Long townId, @Nullable Long providerId,
			OfferingStatus status, List<Integer> grades, List<Long> classIds, boolean daysChoosable, List<Slot> slots,
			List<Long> instructorIds) {
	}

	record StudentFacts(long id, long schoolId, long classId, int gradeLevel, boolean active) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final PlaceClaims claims;

	private final SelectionRounds rounds;

	private final Whitelist whitelist;

	private final Instructors instructors;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final Expiring<Long, CheckedOffering> checkedOfferings;

	private final Expiring<Long, List<FirstComeRound>> firstComeRounds;

	Places(JdbcClient jdbc, PlatformTransactionManager transactions, PlaceClaims claims, SelectionRounds rounds,
			Whitelist whitelist, Instructors instructors, AuditLog audit, ApplicationEventPublisher events,
			SelectionProperties properties) {
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.claims = claims;
		this.rounds = rounds;
		this.whitelist = whitelist;
		this.instructors = instructors;
		this.audit = audit;
		this.events = events;
		this.checkedOfferings = new Expiring<>(properties.factsCache());
		this.firstComeRounds = new Expiring<>(properties.factsCache());
	}

	// --- selecting -------------------------------------------------------------------------------------------------

	/**
	 * A guardian selects an offering for the child in the term's open first-come round: confirmed when a seat is
	 * free, otherwise waitlisted. A retry with the same request key, or a second tap on the same offering, returns
	 * the place the first one made.
	 *
	 * @throws SelectionRefused why not
	 */
	public Selection select(long studentId, long offeringId, @Nullable String requestKey, @Nullable List<Integer> days) {
		checkKey(requestKey);
		Instant now = Instant.now();
		// in the rush every round trip counts: the facts that rarely change come from a short-lived copy, the child's
		// from one query; seats, places and the per-child rules are decided by the claim's transaction
		CheckedOffering checked = checkedOfferings.get(offeringId, this::checkedOffering);
		OfferingFacts offering = checked.facts();
		checkStudent(offering, studentFacts(studentId), days);
		if (checked.refusal() != null) {
			throw new SelectionRefused(checked.refusal().reason(), checked.refusal().getMessage());
		}
		FirstComeRound round = firstComeRounds.get(offering.termId(), this::firstComeRounds)
			.stream()
			.filter(r -> !r.opensAt().isAfter(now) && r.closesAt().isAfter(now))
			.findFirst()
			.orElseThrow(() -> new SelectionRefused(Reason.NO_OPEN_ROUND,
					"no first-come round is open for term " + offering.termId()));
		return outcome(claims.submit(new Claim(studentId, offeringId, offering.termId(), round.id(),
				PlaceSource.FIRST_COME, requestKey, days, offering.slots(), round.maxPerChild(), true, actorId())));
	}

	/** An offering's facts with the verdict on its provider and instructors (null: may be taught). */
	record CheckedOffering(OfferingFacts facts, @Nullable SelectionRefused refusal) {
	}

	record FirstComeRound(long id, int maxPerChild, Instant opensAt, Instant closesAt) {
	}

	private CheckedOffering checkedOffering(long offeringId) {
		OfferingFacts facts = offeringFacts(offeringId);
		try {
			checkTeaching(facts);
			return new CheckedOffering(facts, null);
		}
		catch (SelectionRefused refused) {
			return new CheckedOffering(facts, refused);
		}
	}

	private List<FirstComeRound> firstComeRounds(long termId) {
		return jdbc.sql("""
				SELECT id, max_per_child, opens_at, closes_at FROM selection_round
				WHERE term_id = :t AND mode = 'FIRST_COME' AND status = 'SCHEDULED' ORDER BY opens_at""")
			.param("t", termId)
			.query((rs, i) -> new FirstComeRound(rs.getLong(1), rs.getInt(2), rs.getTimestamp(3).toInstant(),
					rs.getTimestamp(4).toInstant()))
			.list();
	}

	/** A revised or cancelled offering is checked afresh by the next selection on this node. */
	@TransactionalEventListener(fallbackExecution = true)
	void forget(OfferingRevised revised) {
		checkedOfferings.forget(revised.offeringId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void forget(OfferingCancelled cancelled) {
		checkedOfferings.forget(cancelled.offeringId());
	}

	/**
	 * The school places a child by hand (audited): the same rules as a selection except the round and the per-child
	 * maximum; never beyond capacity and never onto the waitlist.
	 */
	public Selection place(long offeringId, long studentId, @Nullable List<Integer> days, @Nullable String reason) {
		String why = requireReason(reason);
		OfferingFacts offering = offeringFacts(offeringId);
		StudentFacts student = studentFacts(studentId);
		checkEligible(offering, student, days);
		Selection selection = outcome(claims.submit(new Claim(studentId, offeringId, offering.termId(), null,
				PlaceSource.MANUAL, null, days, offering.slots(), Integer.MAX_VALUE, false, actorId())));
		if (selection.created()) {
			audit.record(AuditLog.Entry.of("place.manual", "place", selection.placeId())
				.in(offering.townId(), offering.schoolId())
				.detail("offering " + offeringId + ", student " + studentId + ": " + why));
		}
		return selection;
	}

	/**
	 * The checks that do not race: same school, active child, published offering, grade and class, days, provider
	 * still admitted, instructors still allowed to teach.
	 */
	void checkEligible(OfferingFacts offering, StudentFacts student, @Nullable List<Integer> days) {
		checkStudent(offering, student, days);
		checkTeaching(offering);
	}

	/** Same school, active child, published offering, grade and class, days. */
	private static void checkStudent(OfferingFacts offering, StudentFacts student, @Nullable List<Integer> days) {
		if (student.schoolId() != offering.schoolId()) {
			throw new SelectionRefused(Reason.OTHER_SCHOOL, "the child is not of the offering's school");
		}
		if (!student.active()) {
			throw new SelectionRefused(Reason.NOT_ELIGIBLE, "the child has left the school");
		}
		if (offering.status() != OfferingStatus.PUBLISHED) {
			throw new SelectionRefused(Reason.OFFERING_NOT_OPEN, "offering " + offering.id() + " is " + offering.status());
		}
		if (!offering.grades().contains(student.gradeLevel())
				|| (!offering.classIds().isEmpty() && !offering.classIds().contains(student.classId()))) {
			throw new SelectionRefused(Reason.NOT_ELIGIBLE, "grade " + student.gradeLevel() + " may not take it");
		}
		if (days != null) {
			Set<Integer> offered = offering.slots().stream().map(Slot::weekday).collect(java.util.stream.Collectors.toSet());
			if (!offering.daysChoosable() || days.isEmpty() || !offered.containsAll(days)
					|| days.stream().distinct().count() != days.size()) {
				throw new SelectionRefused(Reason.DAYS_INVALID, "days " + days + " are not among " + offered);
			}
		}
	}

	/** The provider still admitted, the instructors still allowed to teach. */
	private void checkTeaching(OfferingFacts offering) {
		if (offering.providerId() != null && (offering.townId() == null
				? !whitelist.isAdmittedAnywhere(offering.providerId(), Offerings.today())
				: !whitelist.isAdmitted(offering.providerId(), offering.townId(), Offerings.today()))) {
			throw new SelectionRefused(Reason.PROVIDER_NOT_ADMITTED,
					"provider " + offering.providerId() + " is not admitted any more");
		}
		for (long instructor : offering.instructorIds()) {
			if (!instructors.assignable(instructor, Offerings.today()).assignable()) {
				throw new SelectionRefused(Reason.INSTRUCTOR_NOT_ADMITTED, "instructor " + instructor + " may not teach");
			}
		}
	}

	private Selection outcome(Claim.Result result) {
		if (result instanceof Refused r) {
			throw new SelectionRefused(r.reason(), "refused: " + r.reason());
		}
		Placed p = (Placed) result;
		int position = p.status() != PlaceStatus.WAITLISTED ? 0 : p.position() > 0 ? p.position() : position(p.placeId());
		return new Selection(p.placeId(), p.status(), position, p.created());
	}

	// --- changes ---------------------------------------------------------------------------------------------------

	/** A guardian drops a place (held or waiting) before the round's drop deadline; a freed seat goes on. */
	public PlaceView drop(long placeId) {
		return end(placeId, PlaceStatus.DROPPED, null, p -> {
			if (!p.status().isLive()) {
				throw new SelectionRefused(Reason.PLACE_STATE, "place " + placeId + " is " + p.status());
			}
			SelectionRound round = p.roundId() == null ? null : rounds.find(p.roundId()).orElse(null);
			if (round == null || !round.dropOpenAt(Instant.now())) {
				throw new SelectionRefused(Reason.DROP_CLOSED, "the drop deadline has passed");
			}
		});
	}

	/** A guardian declines an offered seat; it goes to the next child. */
	public PlaceView decline(long placeId) {
		return end(placeId, PlaceStatus.DECLINED, null, p -> {
			if (p.status() != PlaceStatus.OFFERED) {
				throw new SelectionRefused(Reason.PLACE_STATE, "place " + placeId + " is " + p.status());
			}
		});
	}

	/** The school removes a place (audited), whatever the deadlines. */
	public PlaceView remove(long placeId, @Nullable String reason) {
		String why = requireReason(reason);
		PlaceView removed = end(placeId, PlaceStatus.REMOVED, why, p -> {
			if (!p.status().isLive()) {
				throw new SelectionRefused(Reason.PLACE_STATE, "place " + placeId + " is " + p.status());
			}
		});
		OfferingFacts offering = offeringFacts(removed.offeringId());
		audit.record(AuditLog.Entry.of("place.remove", "place", placeId)
			.in(offering.townId(), offering.schoolId())
			.detail("offering " + removed.offeringId() + ", student " + removed.studentId() + ": " + why));
		return removed;
	}

	/** A guardian accepts an offered seat before it lapses. */
	public PlaceView accept(long placeId) {
		PlaceView before = find(placeId).orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "no place " + placeId));
		if (before.status() == PlaceStatus.CONFIRMED) {
			return before; // a second tap
		}
		if (before.status() != PlaceStatus.OFFERED) {
			throw new SelectionRefused(Reason.PLACE_STATE, "place " + placeId + " is " + before.status());
		}
		if (before.offerExpiresAt() != null && !Instant.now().isBefore(before.offerExpiresAt())) {
			lapse(placeId);
			throw new SelectionRefused(Reason.PLACE_STATE, "the offer has lapsed");
		}
		int changed = tx.execute(s -> {
			lockRegistration(before.studentId(), before.termId());
			int n = jdbc.sql("""
					UPDATE place SET status = 'CONFIRMED', confirmed_at = now(), offer_expires_at = NULL
					WHERE id = :id AND status = 'OFFERED' AND offer_expires_at > now()""")
				.param("id", placeId)
				.update();
			if (n == 1) {
				events.publishEvent(new PlaceChanged(placeId, before.offeringId(), before.studentId(), before.termId(),
						PlaceStatus.CONFIRMED, before.source()));
			}
			return n;
		});
		if (changed == 0) {
			throw new SelectionRefused(Reason.PLACE_STATE, "the offer has lapsed");
		}
		return find(placeId).orElseThrow();
	}

	/** Ends every live place of the child in the term (the registration was withdrawn or declined). */
	public int endAllOf(long studentId, long termId, String reason) {
		return endEach(jdbc.sql("SELECT id FROM place WHERE student_id = :s AND term_id = :t AND status IN " + LIVE)
			.param("s", studentId)
			.param("t", termId)
			.query(Long.class)
			.list(), reason);
	}

	/** Ends every live place of the offering (it was cancelled). */
	public int endAllIn(long offeringId, String reason) {
		return endEach(jdbc.sql("SELECT id FROM place WHERE offering_id = :o AND status IN " + LIVE)
			.param("o", offeringId)
			.query(Long.class)
			.list(), reason);
	}

	private int endEach(List<Long> ids, String reason) {
		int ended = 0;
		for (long id : ids) {
			try {
				end(id, PlaceStatus.REMOVED, reason, p -> {
					if (!p.status().isLive()) {
						throw new SelectionRefused(Reason.PLACE_STATE, "gone meanwhile");
					}
				});
				ended++;
			}
			catch (SelectionRefused e) {
				// already ended by someone else
			}
		}
		return ended;
	}

	private record Locked(long id, long offeringId, long studentId, long termId, @Nullable Long roundId,
			PlaceStatus status, PlaceSource source) {
	}

	private PlaceView end(long placeId, PlaceStatus to, @Nullable String reason, Consumer<Locked> check) {
		Locked ended = tx.execute(s -> {
			record Key(long student, long term) {
			}
			Key key = jdbc.sql("SELECT student_id, term_id FROM place WHERE id = :id")
				.param("id", placeId)
				.query((rs, i) -> new Key(rs.getLong(1), rs.getLong(2)))
				.optional()
				.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "no place " + placeId));
			lockRegistration(key.student(), key.term());
			Locked p = jdbc.sql("""
					SELECT id, offering_id, student_id, term_id, round_id, status, source FROM place WHERE id = :id
					FOR UPDATE""")
				.param("id", placeId)
				.query((rs, i) -> new Locked(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
						rs.getObject(5, Long.class), PlaceStatus.valueOf(rs.getString(6)),
						PlaceSource.valueOf(rs.getString(7))))
				.single();
			check.accept(p);
			jdbc.sql("""
					UPDATE place SET status = :to, ended_at = now(), ended_by = :by, end_reason = :reason,
					  offer_expires_at = NULL WHERE id = :id""")
				.param("to", to.name())
				.param("by", actorId())
				.param("reason", reason)
				.param("id", placeId)
				.update();
			if (p.status().holdsSeat()) {
				jdbc.sql("UPDATE offering SET taken = taken - 1, updated_at = now() WHERE id = :o")
					.param("o", p.offeringId())
					.update();
			}
			events.publishEvent(new PlaceChanged(placeId, p.offeringId(), p.studentId(), p.termId(), to, p.source()));
			return p;
		});
		Objects.requireNonNull(ended);
		if (ended.status().holdsSeat()) {
			promote(ended.offeringId());
		}
		return find(placeId).orElseThrow();
	}

	// --- the waitlist ----------------------------------------------------------------------------------------------

	/**
	 * Gives the offering's free seats to its waitlist in order, skipping children who now hold an overlapping place
	 * or are no longer registered: confirmed at once, or offered for the round's hours.
	 *
	 * @return how many children got a seat
	 */
	public int promote(long offeringId) {
		int promoted = 0;
		while (promoted < 10_000 && Boolean.TRUE.equals(tx.execute(s -> promoteOne(offeringId)))) {
			promoted++;
		}
		return promoted;
	}

	private boolean promoteOne(long offeringId) {
		boolean free = jdbc.sql("SELECT taken < capacity AND status = 'PUBLISHED' FROM offering WHERE id = :o")
			.param("o", offeringId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
		if (!free) {
			return false;
		}
		String candidate = """
				SELECT p.id, p.student_id, p.term_id, p.round_id, p.source FROM place p
				WHERE p.offering_id = :o AND p.status = 'WAITLISTED'
				  AND EXISTS (SELECT 1 FROM registration r WHERE r.student_id = p.student_id AND r.term_id = p.term_id
				              AND r.status = 'REGISTERED')
				  AND NOT EXISTS (SELECT 1 FROM place q WHERE q.student_id = p.student_id AND q.term_id = p.term_id
				                  AND q.status IN """ + HELD + " AND q.busy && p.busy)";
		for (int attempt = 0; attempt < 3; attempt++) {
			record Candidate(long id, long student, long term, @Nullable Long round) {
			}
			Candidate c = jdbc.sql(candidate + " ORDER BY p.queued_at, p.id LIMIT 1")
				.param("o", offeringId)
				.query((rs, i) -> new Candidate(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, Long.class)))
				.optional()
				.orElse(null);
			if (c == null) {
				return false;
			}
			lockRegistration(c.student(), c.term());
			boolean still = jdbc.sql(candidate + " AND p.id = :id FOR UPDATE OF p")
				.param("o", offeringId)
				.param("id", c.id())
				.query((rs, i) -> rs.getLong(1))
				.optional()
				.isPresent();
			if (!still) {
				continue; // changed while we locked: look again
			}
			int seat = jdbc.sql("""
					UPDATE offering SET taken = taken + 1, updated_at = now()
					WHERE id = :o AND taken < capacity AND status = 'PUBLISHED'""")
				.param("o", offeringId)
				.update();
			if (seat == 0) {
				return false;
			}
			Integer hours = c.round() == null ? null
					: jdbc.sql("SELECT offer_hours FROM selection_round WHERE id = :r")
						.param("r", c.round())
						.query(Integer.class)
						.optional()
						.orElse(null);
			PlaceStatus to = hours == null ? PlaceStatus.CONFIRMED : PlaceStatus.OFFERED;
			jdbc.sql("""
					UPDATE place SET status = :st, source = 'WAITLIST',
					  offer_expires_at = CASE WHEN :st = 'OFFERED' THEN now() + make_interval(hours => :h) END,
					  confirmed_at = CASE WHEN :st = 'CONFIRMED' THEN now() END
					WHERE id = :id""")
				.param("st", to.name())
				.param("h", hours == null ? 0 : hours)
				.param("id", c.id())
				.update();
			events.publishEvent(new PlaceChanged(c.id(), offeringId, c.student(), c.term(), to, PlaceSource.WAITLIST));
			events.publishEvent(new WaitlistReached(c.id(), offeringId, c.student(), c.term(), to));
			return true;
		}
		return false;
	}

	/** Offers not accepted in time lapse and their seats go on. */
	public int expireOffers(Instant now) {
		List<Long> lapsed = jdbc.sql("SELECT id FROM place WHERE status = 'OFFERED' AND offer_expires_at <= :now")
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.list();
		int n = 0;
		for (long id : lapsed) {
			n += lapse(id) ? 1 : 0;
		}
		return n;
	}

	/** An offer past its deadline lapses and its seat goes on; false if it was accepted or ended meanwhile. */
	private boolean lapse(long placeId) {
		try {
			end(placeId, PlaceStatus.LAPSED, null, p -> {
				if (p.status() != PlaceStatus.OFFERED) {
					throw new SelectionRefused(Reason.PLACE_STATE, "gone meanwhile");
				}
			});
			return true;
		}
		catch (SelectionRefused e) {
			return false;
		}
	}

	/** Offerings of published terms with free seats and a waitlist (after a capacity increase, say). */
	public int promoteEverywhere() {
		List<Long> offerings = jdbc.sql("""
				SELECT o.id FROM offering o WHERE o.status = 'PUBLISHED' AND o.taken < o.capacity
				AND EXISTS (SELECT 1 FROM place p WHERE p.offering_id = o.id AND p.status = 'WAITLISTED')""")
			.query(Long.class)
			.list();
		int n = 0;
		for (long o : offerings) {
			n += promote(o);
		}
		return n;
	}

	// --- reading ---------------------------------------------------------------------------------------------------

	public Optional<PlaceView> find(long placeId) {
		return jdbc.sql(VIEW + " WHERE p.id = :id").param("id", placeId).query(Places::view).optional();
	}

	/** The child's places in the term, live ones first. */
	public List<PlaceView> ofStudent(long studentId, long termId) {
		return jdbc.sql(VIEW + """
				 WHERE p.student_id = :s AND p.term_id = :t
				ORDER BY p.status NOT IN """ + LIVE + ", p.created_at DESC, p.id DESC")
			.param("s", studentId)
			.param("t", termId)
			.query(Places::view)
			.list();
	}

	/** The offering's live places: confirmed and offered by name, then the waitlist in order. */
	public List<PlaceView> roster(long offeringId) {
		return jdbc.sql(VIEW + " WHERE p.offering_id = :o AND p.status IN " + LIVE
				+ " ORDER BY p.status = 'WAITLISTED', p.queued_at, p.id")
			.param("o", offeringId)
			.query(Places::view)
			.list();
	}

	/** Fill of every offering of the term that is not a draft. */
	public List<Fill> fill(long termId) {
		return jdbc.sql("""
				SELECT o.id, o.name, o.category_code, o.capacity, o.taken, o.status,
				  count(p.id) FILTER (WHERE p.status = 'OFFERED') AS offered,
				  count(p.id) FILTER (WHERE p.status = 'WAITLISTED') AS waitlisted
				FROM offering o LEFT JOIN place p ON p.offering_id = o.id AND p.status IN ('OFFERED', 'WAITLISTED')
				WHERE o.term_id = :t AND o.status <> 'DRAFT'
				GROUP BY o.id ORDER BY o.status = 'CANCELLED', o.name, o.id""")
			.param("t", termId)
			.query((rs, i) -> new Fill(rs.getLong("id"), rs.getString("name"), rs.getString("category_code"),
					rs.getInt("capacity"), rs.getInt("taken"), rs.getInt("offered"), rs.getInt("waitlisted"),
					OfferingStatus.valueOf(rs.getString("status"))))
			.list();
	}

	/** Remaining seats of the given offerings (the guardian page's live counts). */
	public Map<Long, Integer> remaining(Collection<Long> offeringIds) {
		Map<Long, Integer> result = new HashMap<>();
		if (offeringIds.isEmpty()) {
			return result;
		}
		jdbc.sql("SELECT id, greatest(capacity - taken, 0) FROM offering WHERE id = ANY(CAST(:ids AS BIGINT[]))")
			.param("ids", offeringIds.toArray(Long[]::new))
			.query((rs, i) -> Map.entry(rs.getLong(1), rs.getInt(2)))
			.list()
			.forEach(e -> result.put(e.getKey(), e.getValue()));
		return result;
	}

	int position(long placeId) {
		record Queued(long offering, Timestamp at) {
		}
		Queued q = jdbc.sql("SELECT offering_id, queued_at FROM place WHERE id = :id AND status = 'WAITLISTED'")
			.param("id", placeId)
			.query((rs, i) -> new Queued(rs.getLong(1), rs.getTimestamp(2)))
			.optional()
			.orElse(null);
		if (q == null) {
			return 0;
		}
		// a range scan of the partial index place_waitlist_idx (offering_id, queued_at, id)
		return jdbc.sql("""
				SELECT count(*) FROM place WHERE offering_id = :o AND status = 'WAITLISTED'
				AND (queued_at < :at OR (queued_at = :at AND id <= :id))""")
			.param("o", q.offering())
			.param("at", q.at())
			.param("id", placeId)
			.query(Integer.class)
			.single();
	}

	// --- facts -----------------------------------------------------------------------------------------------------

	OfferingFacts offeringFacts(long offeringId) {
		OfferingFacts facts = jdbc.sql("""
				SELECT o.id, o.term_id, o.school_id, sc.town_id, o.provider_id, o.status, o.grades, o.class_ids,
				  o.days_choosable,
				  ARRAY(SELECT t.instructor_id FROM offering_teacher t WHERE t.offering_id = o.id AND t.instructor_id IS NOT NULL)
				FROM offering o JOIN school sc ON sc.id = o.school_id WHERE o.id = :id""")
			.param("id", offeringId)
			.query((rs, i) -> new OfferingFacts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, Long.class),
					rs.getObject(5, Long.class), OfferingStatus.valueOf(rs.getString(6)), SqlArrays.ints(rs.getArray(7)),
					SqlArrays.longs(rs.getArray(8)), rs.getBoolean(9), List.of(), SqlArrays.longs(rs.getArray(10))))
			.optional()
			.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "no offering " + offeringId));
		List<Slot> slots = jdbc.sql("SELECT weekday, starts_at, ends_at FROM offering_slot WHERE offering_id = :id AND active")
			.param("id", offeringId)
			.query((rs, i) -> new Slot(rs.getInt(1), rs.getObject(2, LocalTime.class), rs.getObject(3, LocalTime.class)))
			.list();
		return new OfferingFacts(facts.id(), facts.termId(), facts.schoolId(), facts.townId(), facts.providerId(),
				facts.status(), facts.grades(), facts.classIds(), facts.daysChoosable(), slots, facts.instructorIds());
	}

	StudentFacts studentFacts(long studentId) {
		return jdbc.sql("""
				SELECT s.id, s.school_id, s.class_id, g.level, s.status = 'ACTIVE' FROM student s
				JOIN school_class c ON c.id = s.class_id JOIN grade g ON g.id = c.grade_id WHERE s.id = :id""")
			.param("id", studentId)
			.query((rs, i) -> new StudentFacts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getBoolean(5)))
			.optional()
			.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "no student " + studentId));
	}

	private void lockRegistration(long studentId, long termId) {
		jdbc.sql("SELECT id FROM registration WHERE student_id = :s AND term_id = :t FOR UPDATE")
			.param("s", studentId)
			.param("t", termId)
			.query(Long.class)
			.optional();
	}

	private static String requireReason(@Nullable String reason) {
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty() || why.length() > REASON_MAX) {
			throw new SelectionRefused(Reason.REASON_REQUIRED, "a reason of 1–200 characters is required");
		}
		return why;
	}

	private static void checkKey(@Nullable String requestKey) {
		if (requestKey != null && (requestKey.isBlank() || requestKey.length() > REQUEST_KEY_MAX)) {
			throw new SelectionRefused(Reason.CHOICES_INVALID, "a request key has 1–64 characters");
		}
	}

	private static @Nullable Long actorId() {
		return CurrentUser.find().map(KehouUser::id).orElse(null);
	}

	private static PlaceView view(ResultSet rs, int row) throws SQLException {
		Timestamp expires = rs.getTimestamp("offer_expires_at");
		Timestamp confirmed = rs.getTimestamp("confirmed_at");
		Timestamp ended = rs.getTimestamp("ended_at");
		return new PlaceView(rs.getLong("id"), rs.getLong("offering_id"), rs.getString("offering_name"),
				rs.getLong("student_id"), rs.getString("student_name"), rs.getLong("term_id"),
				rs.getObject("round_id", Long.class), PlaceStatus.valueOf(rs.getString("status")),
				PlaceSource.valueOf(rs.getString("source")), SqlArrays.ints(rs.getArray("days")),
				rs.getTimestamp("queued_at").toInstant(), expires == null ? null : expires.toInstant(),
				confirmed == null ? null : confirmed.toInstant(), ended == null ? null : ended.toInstant(),
				rs.getString("end_reason"), rs.getInt("position"));
	}

}
