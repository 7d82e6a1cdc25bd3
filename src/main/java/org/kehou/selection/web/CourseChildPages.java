package org.kehou.selection.web;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.FeeCaps;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.people.StudentView;
import org.kehou.selection.OfferingView;
import org.kehou.selection.PlaceStatus;
import org.kehou.selection.PlaceView;
import org.kehou.selection.Places;
import org.kehou.selection.Registration;
import org.kehou.selection.RegistrationStatus;
import org.kehou.selection.Registrations;
import org.kehou.selection.RoundMode;
import org.kehou.selection.SelectionRefused;
import org.kehou.selection.SelectionRefused.Reason;
import org.kehou.selection.SelectionRound;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The guardian's phone page for a child's course selection (选课): the term's open round (or none), the voluntary
 * note, the registration status, the offerings the child may take with their free seats (refreshed every 5 s and on
 * focus), selecting one (a request key made at render time makes a double tap or a resubmit harmless), and the
 * child's places with dropping (asks first), accepting and declining. The term travels as {@code term} and the
 * offering as {@code offering}: a guardian's scope covers the child, not the school's terms or offerings.
 */
@Controller
@Access(Role.GUARDIAN)
class CourseChildPages {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Terms.CITY_ZONE);

	/** An offering the child may take, with its free seats, the child's live place in it and a fresh request key. */
	record Card(OfferingView offering, int remaining, @Nullable PlaceView place, String requestKey, boolean paused) {

		public boolean full() {
			return remaining <= 0;
		}
	}

	/** One of the child's places with what the page needs to show and offer. */
	record Mine(PlaceView place, @Nullable OfferingView offering, boolean live, boolean canDrop,
			@Nullable String dropDeadline, @Nullable String offerExpires) {
	}

	/** The round as the page shows it. */
	record RoundCard(SelectionRound round, String opensAt, String closesAt, String dropDeadline, boolean lottery) {

		static RoundCard of(SelectionRound r) {
			return new RoundCard(r, TIME.format(r.opensAt()), TIME.format(r.closesAt()), TIME.format(r.dropDeadline()),
					r.mode() == RoundMode.LOTTERY);
		}
	}

	private final ChildCourses courses;

	private final Places places;

	private final Registrations registrations;

	private final FeeCaps feeCaps;

	private final MessageSource messages;

	CourseChildPages(ChildCourses courses, Places places, Registrations registrations, FeeCaps feeCaps,
			MessageSource messages) {
		this.courses = courses;
		this.places = places;
		this.registrations = registrations;
		this.feeCaps = feeCaps;
		this.messages = messages;
	}

	@GetMapping("/m/children/{studentId}/courses")
	String page(@PathVariable long studentId, @RequestParam(required = false) @Nullable Long term,
			@RequestParam(required = false) @Nullable Integer weekday,
			@RequestParam(required = false) @Nullable String category, Model model) {
		StudentView student = courses.student(studentId);
		TermView t = courses.term(student, term).orElse(null);
		model.addAttribute("student", student);
		model.addAttribute("term", t);
		model.addAttribute("terms", courses.openTerms(student));
		model.addAttribute("weekday", weekday);
		model.addAttribute("category", category == null || category.isBlank() ? null : category);
		if (t == null) {
			return "selection/courses-child";
		}
		SelectionRound open = courses.openRound(t.id()).orElse(null);
		model.addAttribute("round", open == null ? null : RoundCard.of(open));
		model.addAttribute("nextRound", open == null ? courses.nextRound(t.id()).map(RoundCard::of).orElse(null) : null);
		Registration registration = registrations.find(studentId, t.id()).orElse(null);
		model.addAttribute("registration", registration);
		model.addAttribute("registered", registration != null && registration.status() == RegistrationStatus.REGISTERED);
		model.addAttribute("canSelect", open != null && open.mode() == RoundMode.FIRST_COME);

		List<OfferingView> all = courses.all(t.id());
		Map<Long, OfferingView> byId = all.stream().collect(Collectors.toMap(OfferingView::id, Function.identity()));
		List<OfferingView> takeable = courses.takeable(student, all, null, null);
		List<OfferingView> shown = courses.takeable(student, all, weekday, category);
		List<PlaceView> mine = places.ofStudent(studentId, t.id());
		Map<Long, PlaceView> liveByOffering = new HashMap<>();
		for (PlaceView p : mine) {
			if (p.status().isLive()) {
				liveByOffering.putIfAbsent(p.offeringId(), p);
			}
		}
		Map<Long, Integer> remaining = places.remaining(shown.stream().map(OfferingView::id).toList());
		java.util.Set<Long> notAdmitted = courses.notAdmitted(student, shown);
		List<Card> cards = shown.stream()
			.map(o -> new Card(o, remaining.getOrDefault(o.id(), o.remaining()), liveByOffering.get(o.id()),
					UUID.randomUUID().toString(), o.providerId() != null && notAdmitted.contains(o.providerId())))
			.toList();
		model.addAttribute("cards", cards);
		model.addAttribute("anyOffering", !takeable.isEmpty());

		Instant now = Instant.now();
		Map<Long, SelectionRound> roundsById = new HashMap<>();
		List<Mine> rows = new ArrayList<>();
		for (PlaceView p : mine) {
			SelectionRound r = p.roundId() == null ? null
					: roundsById.computeIfAbsent(p.roundId(), id -> courses.round(id).orElse(null));
			boolean live = p.status().isLive();
			rows.add(new Mine(p, byId.get(p.offeringId()), live, live && r != null && r.dropOpenAt(now),
					r == null ? null : TIME.format(r.dropDeadline()),
					p.offerExpiresAt() == null ? null : TIME.format(p.offerExpiresAt())));
		}
		model.addAttribute("mine", rows);

		Set<String> codes = new LinkedHashSet<>();
		takeable.forEach(o -> codes.add(o.categoryCode()));
		Map<String, String> categoryNames = new LinkedHashMap<>();
		for (String code : codes) {
			categoryNames.put(code, feeCaps.category(code)
				.map(c -> c.name(LocaleContextHolder.getLocale()))
				.orElse(code));
		}
		model.addAttribute("categoryNames", categoryNames);
		return "selection/courses-child";
	}

	/** The free seats of the shown offerings, as out-of-band swaps for the page's poller. */
	@GetMapping("/m/children/{studentId}/courses/seats")
	String seats(@PathVariable long studentId, @RequestParam("term") long term, Model model) {
		StudentView student = courses.student(studentId);
		TermView t = courses.term(student, term).orElseThrow();
		List<OfferingView> takeable = courses.takeable(student, courses.all(t.id()), null, null);
		Map<Long, Integer> remaining = places.remaining(takeable.stream().map(OfferingView::id).toList());
		model.addAttribute("seats", remaining);
		return "selection/courses-child :: seats";
	}

	@PostMapping("/m/children/{studentId}/courses")
	String select(@PathVariable long studentId, @RequestParam("term") long term,
			@RequestParam("offering") long offeringId, @RequestParam(required = false) @Nullable String requestKey,
			@RequestParam(required = false) @Nullable List<Integer> days, RedirectAttributes redirect) {
		StudentView student = courses.student(studentId);
		courses.term(student, term);
		try {
			Places.Selection s = places.select(studentId, offeringId, requestKey, days);
			redirect.addFlashAttribute("flash", s.status() == PlaceStatus.WAITLISTED
					? text("places.child.waitlisted", s.position()) : text("places.child.selected"));
		}
		catch (SelectionRefused e) {
			redirect.addFlashAttribute("error", SelectionProblems.sentence(e, messages));
		}
		return back(studentId, term);
	}

	@PostMapping("/m/children/{studentId}/courses/places/{placeId}/drop")
	String drop(@PathVariable long studentId, @PathVariable long placeId, RedirectAttributes redirect) {
		return change(studentId, placeId, redirect, "places.child.dropped", places::drop);
	}

	@PostMapping("/m/children/{studentId}/courses/places/{placeId}/accept")
	String accept(@PathVariable long studentId, @PathVariable long placeId, RedirectAttributes redirect) {
		return change(studentId, placeId, redirect, "places.child.accepted", places::accept);
	}

	@PostMapping("/m/children/{studentId}/courses/places/{placeId}/decline")
	String decline(@PathVariable long studentId, @PathVariable long placeId, RedirectAttributes redirect) {
		return change(studentId, placeId, redirect, "places.child.declined", places::decline);
	}

	private String change(long studentId, long placeId, RedirectAttributes redirect, String done,
			Function<Long, PlaceView> action) {
		PlaceView place = places.find(placeId)
			.filter(p -> p.studentId() == studentId)
			.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "no place " + placeId + " of the child"));
		try {
			action.apply(placeId);
			redirect.addFlashAttribute("flash", text(done, place.offeringName()));
		}
		catch (SelectionRefused e) {
			redirect.addFlashAttribute("error", SelectionProblems.sentence(e, messages));
		}
		return back(studentId, place.termId());
	}

	/** Unknown child, term or place on a page: the error page with the reason's status (404 for NOT_FOUND). */
	@ExceptionHandler(SelectionRefused.class)
	void refused(SelectionRefused e, HttpServletResponse response) throws IOException {
		response.sendError(e.reason().status());
	}

	private static String back(long studentId, long termId) {
		return "redirect:" + UriComponentsBuilder.fromPath("/m/children/{id}/courses")
			.queryParam("term", termId)
			.buildAndExpand(studentId)
			.toUriString();
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
