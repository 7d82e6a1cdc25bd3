package org.kehou.selection.web;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kehou.selection.OfferingView;
import org.kehou.selection.Offerings;
import org.kehou.selection.PlaceStatus;
import org.kehou.selection.Places;
import org.kehou.selection.RegistrationFilter;
import org.kehou.selection.RegistrationView;
import org.kehou.selection.Registrations;
import org.kehou.selection.SelectionRefused;
import org.springframework.stereotype.Component;

/**
 * An offering's roster (名单) for the console and the API: its live places with each child's student number and
 * class (roster data of the term's registration list; no phone or ID numbers), and the search among the term's
 * registered children for a manual placement.
 */
@Component
class Rosters {

	/** Most children a search answers with. */
	static final int SEARCH_MAX = 20;

	record Roster(OfferingView offering, List<RoundApi.RosterEntry> entries) {

		List<RoundApi.RosterEntry> held() {
			return entries.stream().filter(e -> e.status() != PlaceStatus.WAITLISTED).toList();
		}

		List<RoundApi.RosterEntry> waitlist() {
			return entries.stream().filter(e -> e.status() == PlaceStatus.WAITLISTED).toList();
		}
	}

	private final Offerings offerings;

	private final Places places;

	private final Registrations registrations;

	Rosters(Offerings offerings, Places places, Registrations registrations) {
		this.offerings = offerings;
		this.places = places;
		this.registrations = registrations;
	}

	Roster roster(long offeringId) {
		OfferingView offering = offerings.find(offeringId)
			.orElseThrow(() -> new SelectionRefused(SelectionRefused.Reason.NOT_FOUND, "no offering " + offeringId));
		Map<Long, RegistrationView> students = new HashMap<>();
		registrations.listAll(offering.termId(), RegistrationFilter.ALL).forEach(r -> students.put(r.studentId(), r));
		return new Roster(offering, places.roster(offeringId)
			.stream()
			.map(p -> RoundApi.RosterEntry.of(p, students.get(p.studentId())))
			.toList());
	}

	/** Registered children of the term whose name or student number contains the text (at most {@link #SEARCH_MAX}). */
	List<RegistrationView> search(long termId, String text) {
		String q = text.strip().toLowerCase(Locale.ROOT);
		if (q.isEmpty()) {
			return List.of();
		}
		return registrations.listAll(termId, new RegistrationFilter("REGISTERED", null, null))
			.stream()
			.filter(r -> r.studentName().toLowerCase(Locale.ROOT).contains(q)
					|| r.studentNo().toLowerCase(Locale.ROOT).contains(q))
			.limit(SEARCH_MAX)
			.toList();
	}
}
