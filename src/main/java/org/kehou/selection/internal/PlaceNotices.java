package org.kehou.selection.internal;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.kehou.notification.SmsChannel;
import org.kehou.organisation.Terms;
import org.kehou.people.Guardians;
import org.kehou.people.StudentGuardian;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.selection.PlaceChanged;
import org.kehou.selection.PlaceSource;
import org.kehou.selection.PlaceStatus;
import org.kehou.selection.PlaceView;
import org.kehou.selection.Places;
import org.kehou.selection.SelectionRounds;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the child's guardians, by SMS, when a seat freed in an offering reached the child from the waitlist: offered
 * (accept before the deadline) or confirmed at once. Runs after the change committed; the phone numbers are
 * decrypted only to hand them to the channel.
 */
@Component
class PlaceNotices {

	static final String OFFERED_TEMPLATE = "place-offered";

	static final String CONFIRMED_TEMPLATE = "place-confirmed-from-waitlist";

	static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Terms.CITY_ZONE);

	private final Places places;

	private final SelectionRounds rounds;

	private final Students students;

	private final Guardians guardians;

	private final SmsChannel sms;

	PlaceNotices(Places places, SelectionRounds rounds, Students students, Guardians guardians, SmsChannel sms) {
		this.places = places;
		this.rounds = rounds;
		this.students = students;
		this.guardians = guardians;
		this.sms = sms;
	}

	/**
	 * In a round whose freed seats are offered (not confirmed at once), a waitlist place becomes CONFIRMED only when
	 * the guardian accepts the offer: the guardian did it, no message needed.
	 */
	private boolean acceptedAnOffer(PlaceView place) {
		return place.roundId() != null
				&& rounds.find(place.roundId()).map(r -> !r.autoConfirms()).orElse(false);
	}

	@ApplicationModuleListener
	void on(PlaceChanged event) {
		boolean offered = event.status() == PlaceStatus.OFFERED;
		boolean fromWaitlist = event.status() == PlaceStatus.CONFIRMED && event.source() == PlaceSource.WAITLIST;
		if (!offered && !fromWaitlist) {
			return;
		}
		PlaceView place = places.find(event.placeId()).orElse(null);
		if (place == null || (fromWaitlist && acceptedAnOffer(place))) {
			return;
		}
		String child = students.find(event.studentId()).map(StudentView::name).orElse(place.studentName());
		Map<String, String> params = offered
				? Map.of("child", child, "course", place.offeringName(), "deadline",
						place.offerExpiresAt() == null ? "" : DEADLINE.format(place.offerExpiresAt()))
				: Map.of("child", child, "course", place.offeringName());
		Set<String> phones = new LinkedHashSet<>();
		for (StudentGuardian g : guardians.ofStudent(event.studentId())) {
			guardians.phoneForDelivery(g.guardianId()).ifPresent(phones::add);
		}
		for (String phone : phones) {
			sms.send(phone, offered ? OFFERED_TEMPLATE : CONFIRMED_TEMPLATE, params);
		}
	}
}
