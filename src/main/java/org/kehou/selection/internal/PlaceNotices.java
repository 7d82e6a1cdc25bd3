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
import org.kehou.selection.WaitlistReached;
import org.kehou.selection.PlaceStatus;
import org.kehou.selection.PlaceView;
import org.kehou.selection.Places;
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

	private final Students students;

	private final Guardians guardians;

	private final SmsChannel sms;

	PlaceNotices(Places places, Students students, Guardians guardians, SmsChannel sms) {
		this.places = places;
		this.students = students;
		this.guardians = guardians;
		this.sms = sms;
	}

	@ApplicationModuleListener
	void on(WaitlistReached event) {
		boolean offered = event.status() == PlaceStatus.OFFERED;
		PlaceView place = places.find(event.placeId()).orElse(null);
		if (place == null) {
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
