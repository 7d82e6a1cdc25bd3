package org.kehou.selection.web;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.organisation.Terms;
import org.kehou.selection.OfferingStatus;
import org.kehou.selection.PlaceSource;
import org.kehou.selection.PlaceStatus;
import org.kehou.selection.PlaceView;
import org.kehou.selection.Places;
import org.kehou.selection.RegistrationView;
import org.kehou.selection.RoundDetails;
import org.kehou.selection.RoundMode;
import org.kehou.selection.RoundStatus;
import org.kehou.selection.SelectionRefused;
import org.kehou.selection.SelectionRound;
import org.kehou.selection.SelectionRounds;
import org.kehou.selection.TownRounds;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Selection rounds (选课轮次) of a school's term, the town's joint schedule, the fill of a term's offerings and an
 * offering's roster with manual placement and removal. The school's administrator changes; its town office reads
 * and schedules rounds for all its schools at once; the city reads. Times are ISO-8601 with an offset; answers give
 * them in the city's time (+08:00).
 */
@RestController
@Tag(name = "selection rounds", description = "Selection rounds (选课轮次), fill, rosters, manual placement")
class RoundApi {

	/**
	 * A round as sent by the school or the town. {@code offerHours} null: a freed place goes to the next waitlisted
	 * child at once; n: the guardian accepts it within n hours. {@code priorities}: lottery weight (0–100) per
	 * priority group code.
	 */
	record RoundRequest(@Nullable String name, @Nullable RoundMode mode, @Nullable OffsetDateTime opensAt,
			@Nullable OffsetDateTime closesAt, @Nullable OffsetDateTime dropUntil, @Nullable Integer maxPerChild,
			@Nullable Integer maxChoices, @Nullable Boolean keepSiblings, @Nullable Integer offerHours,
			@Nullable Map<String, Integer> priorities) {

		RoundDetails toDetails() {
			return new RoundDetails(name, mode, instant(opensAt), instant(closesAt), instant(dropUntil), maxPerChild,
					maxChoices, Boolean.TRUE.equals(keepSiblings), offerHours,
					priorities == null ? Map.of() : new HashMap<>(priorities));
		}

		private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
			return time == null ? null : time.toInstant();
		}
	}

	/** A round as read, with its phase now. */
	record RoundResponse(long id, long termId, long schoolId, String name, RoundMode mode, SelectionRound.Phase phase,
			RoundStatus status, OffsetDateTime opensAt, OffsetDateTime closesAt, @Nullable OffsetDateTime dropUntil,
			int maxPerChild, int maxChoices, boolean keepSiblings, @Nullable Integer offerHours,
			Map<String, Integer> priorities, @Nullable String seed, @Nullable String drawDigest,
			@Nullable OffsetDateTime drawnAt) {

		static RoundResponse of(SelectionRound r) {
			return new RoundResponse(r.id(), r.termId(), r.schoolId(), r.name(), r.mode(), r.phase(Instant.now()),
					r.status(), city(r.opensAt()), city(r.closesAt()), cityOrNull(r.dropUntil()), r.maxPerChild(),
					r.maxChoices(), r.keepSiblings(), r.offerHours(), r.priorities(), r.seed(), r.drawDigest(),
					cityOrNull(r.drawnAt()));
		}
	}

	record SchoolOutcome(long schoolId, String schoolName, @Nullable Long termId, @Nullable String termName,
			@Nullable Long roundId, TownRounds.@Nullable Problem problem, SelectionRefused.@Nullable Reason reason,
			@Nullable String message) {
	}

	record TownScheduleResponse(long townId, boolean scheduled, List<SchoolOutcome> schools) {
	}

	record FillRow(long offeringId, String name, String categoryCode, OfferingStatus status, int capacity, int taken,
			int offered, int waitlisted, int remaining) {

		static FillRow of(Places.Fill f) {
			return new FillRow(f.offeringId(), f.name(), f.categoryCode(), f.status(), f.capacity(), f.taken(),
					f.offered(), f.waitlisted(), f.remaining());
		}
	}

	record FillResponse(long termId, @Nullable Long openRoundId, List<FillRow> offerings) {
	}

	/** One live place of an offering's roster; {@code position} 1.. in the waitlist, 0 otherwise. */
	record RosterEntry(long placeId, long studentId, @Nullable String studentNo, String studentName,
			@Nullable String className, PlaceStatus status, PlaceSource source, int position, List<Integer> days,
			OffsetDateTime queuedAt, @Nullable OffsetDateTime confirmedAt, @Nullable OffsetDateTime offerExpiresAt) {

		static RosterEntry of(PlaceView p, @Nullable RegistrationView student) {
			return new RosterEntry(p.id(), p.studentId(), student == null ? null : student.studentNo(), p.studentName(),
					student == null ? null : student.gradeName() + " " + student.className(), p.status(), p.source(),
					p.position(), p.days(), city(p.queuedAt()), cityOrNull(p.confirmedAt()),
					cityOrNull(p.offerExpiresAt()));
		}
	}

	/** A manual placement: the child (of the offering's school), days for basic care with choosable days, why. */
	record PlacementRequest(@NotNull(message = "{rounds.validation.student}") @Nullable Long studentId,
			@Nullable List<Integer> days,
			@NotNull(message = "{rounds.validation.reason}") @Size(min = 1, max = Places.REASON_MAX, message = "{rounds.validation.reason}") @Nullable String reason) {
	}

	record RemovalRequest(
			@NotNull(message = "{rounds.validation.reason}") @Size(min = 1, max = Places.REASON_MAX, message = "{rounds.validation.reason}") @Nullable String reason) {
	}

	private final SelectionRounds rounds;

	private final TownRounds townRounds;

	private final Places places;

	private final Rosters rosters;

	private final MessageSource messages;

	RoundApi(SelectionRounds rounds, TownRounds townRounds, Places places, Rosters rosters, MessageSource messages) {
		this.rounds = rounds;
		this.townRounds = townRounds;
		this.places = places;
		this.rosters = rosters;
		this.messages = messages;
	}

	@GetMapping("/api/v1/terms/{termId}/rounds")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "The term's selection rounds in time order, cancelled ones included")
	List<RoundResponse> list(@PathVariable long termId) {
		return rounds.ofTerm(termId).stream().map(RoundResponse::of).toList();
	}

	@PostMapping("/api/v1/terms/{termId}/rounds")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Schedule a round (409 ROUND_OVERLAP when another round of the term overlaps its window)")
	ResponseEntity<RoundResponse> create(@PathVariable long termId, @Valid @RequestBody RoundRequest request) {
		SelectionRound created = rounds.create(termId, request.toDetails());
		return ResponseEntity.created(URI.create("/api/v1/rounds/" + created.id())).body(RoundResponse.of(created));
	}

	@GetMapping("/api/v1/rounds/{roundId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "One round with its phase now")
	RoundResponse get(@PathVariable long roundId) {
		return RoundResponse.of(rounds.find(roundId)
			.orElseThrow(() -> new SelectionRefused(SelectionRefused.Reason.NOT_FOUND, "no round " + roundId)));
	}

	@PutMapping("/api/v1/rounds/{roundId}")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Change a round: everything before it opens; once open only the name, close and drop times and the waitlist setting (else 409 ROUND_FIXED)")
	RoundResponse update(@PathVariable long roundId, @Valid @RequestBody RoundRequest request) {
		return RoundResponse.of(rounds.update(roundId, request.toDetails()));
	}

	@PostMapping("/api/v1/rounds/{roundId}/cancel")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Cancel a round that has not been drawn; places taken in it stay")
	RoundResponse cancel(@PathVariable long roundId) {
		return RoundResponse.of(rounds.cancel(roundId));
	}

	@PostMapping("/api/v1/towns/{townId}/rounds")
	@Access(Role.TOWN_ADMIN)
	@Operation(summary = "Schedule the same round for every school of the town, in each school's term containing the opening day: all or nothing (409 with the outcome per school)")
	ResponseEntity<?> schedule(@PathVariable long townId, @Valid @RequestBody RoundRequest request) {
		TownRounds.Result result = townRounds.schedule(townId, request.toDetails());
		TownScheduleResponse body = new TownScheduleResponse(townId, result.scheduled(),
				result.schools().stream().map(this::outcome).toList());
		if (result.scheduled()) {
			return ResponseEntity.status(HttpStatus.CREATED).body(body);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				text("rounds.town.notScheduled", result.failed()));
		problem.setProperty("reason", "TOWN_NOT_SCHEDULED");
		problem.setProperty("schools", body.schools());
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	@GetMapping("/api/v1/terms/{termId}/fill")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Per offering of the term (drafts left out): capacity, taken, offered, waitlisted, remaining")
	FillResponse fill(@PathVariable long termId) {
		return new FillResponse(termId, rounds.openAt(termId, Instant.now()).map(SelectionRound::id).orElse(null),
				places.fill(termId).stream().map(FillRow::of).toList());
	}

	@GetMapping("/api/v1/offerings/{offeringId}/places")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "The offering's roster: confirmed and offered places, then the waitlist in order")
	List<RosterEntry> roster(@PathVariable long offeringId) {
		return rosters.roster(offeringId).entries();
	}

	@PostMapping("/api/v1/offerings/{offeringId}/places")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Place a child of the school by hand (audited; never beyond capacity: 409 FULL)")
	ResponseEntity<Places.Selection> place(@PathVariable long offeringId,
			@Valid @RequestBody PlacementRequest request) {
		Places.Selection placed = places.place(offeringId, java.util.Objects.requireNonNull(request.studentId()),
				request.days(), request.reason());
		return ResponseEntity.status(placed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(placed);
	}

	@PostMapping("/api/v1/places/{placeId}/remove")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Remove a place (audited); a freed seat goes to the waitlist")
	PlaceView remove(@PathVariable long placeId, @Valid @RequestBody RemovalRequest request) {
		return places.remove(placeId, request.reason());
	}

	@ExceptionHandler(SelectionRefused.class)
	ProblemDetail refused(SelectionRefused e) {
		return SelectionProblems.problem(e, messages);
	}

	private SchoolOutcome outcome(TownRounds.Outcome o) {
		return new SchoolOutcome(o.schoolId(), o.schoolName(), o.termId(), o.termName(), o.roundId(), o.problem(),
				o.reason(), o.messageKey() == null ? null : text(o.messageKey()));
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}

	static OffsetDateTime city(Instant instant) {
		return instant.atZone(Terms.CITY_ZONE).toOffsetDateTime();
	}

	static @Nullable OffsetDateTime cityOrNull(@Nullable Instant instant) {
		return instant == null ? null : city(instant);
	}
}
