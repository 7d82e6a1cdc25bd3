package org.kehou.selection.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.organisation.TermView;
import org.kehou.people.StudentView;
import org.kehou.selection.OfferingKind;
import org.kehou.selection.OfferingView;
import org.kehou.selection.PlaceStatus;
import org.kehou.selection.PlaceView;
import org.kehou.selection.Places;
import org.kehou.selection.RoundMode;
import org.kehou.selection.SelectionRefused;
import org.kehou.selection.SelectionRefused.Reason;
import org.kehou.selection.SelectionRound;
import org.kehou.selection.Slot;
import org.kehou.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Course selection (自主选课) for guardians: the offerings of the child's school the child may take, with their free
 * seats; selecting one in the term's open first-come round (confirmed while a seat is free, otherwise waitlisted);
 * the child's places; dropping, accepting and declining them. The term travels as {@code term}, never
 * {@code termId}: a guardian's scope covers the child, not the school's term; it is checked to be of the child's
 * school here. Refusals are Problem Details with a {@code reason} ({@link SelectionRefused.Reason}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "course selection", description = "Guardians select courses (自主选课) for their children — voluntary")
class PlaceApi {

	static final int MAX_PAGE_SIZE = 200;

	record SelectRequest(@NotNull(message = "{places.api.offeringRequired}") @Nullable Long offeringId,
			@Size(max = Places.REQUEST_KEY_MAX) @Nullable String requestKey, @Nullable List<Integer> days) {
	}

	record SelectionResponse(long placeId, PlaceStatus status, int position) {
	}

	record RoundInfo(long id, String name, RoundMode mode, Instant opensAt, Instant closesAt, Instant dropDeadline,
			int maxPerChild) {

		static @Nullable RoundInfo of(@Nullable SelectionRound r) {
			return r == null ? null
					: new RoundInfo(r.id(), r.name(), r.mode(), r.opensAt(), r.closesAt(), r.dropDeadline(),
							r.maxPerChild());
		}
	}

	record OfferingCard(long id, String name, @Nullable Long providerId, @Nullable String providerName,
			OfferingKind kind, String categoryCode, String venue, List<Slot> slots, List<String> teachers,
			Money feePerLesson, int lessonCount, Money termFee, int capacity, int remaining, boolean daysChoosable) {

		static OfferingCard of(OfferingView o, int remaining) {
			return new OfferingCard(o.id(), o.name(), o.providerId(), o.providerName(), o.kind(), o.categoryCode(),
					o.venue(), o.slots(), o.teachers().stream().map(OfferingView.Teacher::name).toList(),
					o.feePerLesson(), o.lessonCount(), o.termFee(), o.capacity(), remaining, o.daysChoosable());
		}
	}

	record OfferingsResponse(long studentId, @Nullable Long termId, @Nullable RoundInfo openRound,
			List<OfferingCard> content, int page, int size, long totalElements, int totalPages) {
	}

	private final ChildCourses courses;

	private final Places places;

	private final MessageSource messages;

	PlaceApi(ChildCourses courses, Places places, MessageSource messages) {
		this.courses = courses;
		this.places = places;
		this.messages = messages;
	}

	@GetMapping("/students/{studentId}/offerings")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.GUARDIAN })
	@Operation(summary = "The published offerings of the term (default: the one with an open round, else the current "
			+ "one) that the child's grade and class may take, with free seats; the open round, if any")
	OfferingsResponse offerings(@PathVariable long studentId, @RequestParam(required = false) @Nullable Long term,
			@RequestParam(required = false) @Nullable Integer weekday,
			@RequestParam(required = false) @Nullable String category, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		StudentView student = courses.student(studentId);
		int p = Math.max(page, 0);
		int s = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
		TermView t = courses.term(student, term).orElse(null);
		if (t == null) {
			return new OfferingsResponse(studentId, null, null, List.of(), p, s, 0, 0);
		}
		List<OfferingView> takeable = courses.takeable(student, courses.all(t.id()), weekday, category);
		List<OfferingView> slice = takeable.stream().skip((long) p * s).limit(s).toList();
		Map<Long, Integer> remaining = places.remaining(slice.stream().map(OfferingView::id).toList());
		List<OfferingCard> cards = slice.stream()
			.map(o -> OfferingCard.of(o, remaining.getOrDefault(o.id(), o.remaining())))
			.toList();
		return new OfferingsResponse(studentId, t.id(), RoundInfo.of(courses.openRound(t.id()).orElse(null)), cards, p,
				s, takeable.size(), (takeable.size() + s - 1) / s);
	}

	@PostMapping("/students/{studentId}/places")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Select an offering for the child in the open first-come round: 201 with CONFIRMED (a seat "
			+ "was free) or WAITLISTED (with its position); 200 with the existing place on a retry with the same "
			+ "requestKey or a second tap on the same offering. days: basic care with choosable days only")
	ResponseEntity<SelectionResponse> select(@PathVariable long studentId, @Valid @RequestBody SelectRequest request) {
		Places.Selection selection = places.select(studentId, Objects.requireNonNull(request.offeringId()),
				request.requestKey(), request.days());
		SelectionResponse body = new SelectionResponse(selection.placeId(), selection.status(), selection.position());
		if (selection.created()) {
			return ResponseEntity.created(URI.create("/api/v1/places/" + selection.placeId())).body(body);
		}
		return ResponseEntity.ok(body);
	}

	@GetMapping("/students/{studentId}/places")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.GUARDIAN })
	@Operation(summary = "The child's places in the term (default term as for the offerings), live ones first; "
			+ "position = place in the waitlist")
	List<PlaceView> ofStudent(@PathVariable long studentId, @RequestParam(required = false) @Nullable Long term) {
		StudentView student = courses.student(studentId);
		return courses.term(student, term).map(t -> places.ofStudent(studentId, t.id())).orElse(List.of());
	}

	@GetMapping("/places/{placeId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.GUARDIAN })
	@Operation(summary = "One place")
	PlaceView place(@PathVariable long placeId) {
		return places.find(placeId).orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "no place " + placeId));
	}

	@PostMapping("/places/{placeId}/drop")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Drop the place (held or waiting) before the round's drop deadline; a freed seat goes to the "
			+ "waitlist")
	PlaceView drop(@PathVariable long placeId) {
		return places.drop(placeId);
	}

	@PostMapping("/places/{placeId}/accept")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Accept a seat offered from the waitlist before the offer lapses (a second tap is harmless)")
	PlaceView accept(@PathVariable long placeId) {
		return places.accept(placeId);
	}

	@PostMapping("/places/{placeId}/decline")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Decline a seat offered from the waitlist; it goes to the next child")
	PlaceView decline(@PathVariable long placeId) {
		return places.decline(placeId);
	}

	@ExceptionHandler(SelectionRefused.class)
	ProblemDetail refused(SelectionRefused e) {
		return SelectionProblems.problem(e, messages);
	}
}
