package org.kehou.selection.internal;

import java.util.Map;

import org.kehou.notification.SmsChannel;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.people.Guardians;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.selection.Registration;
import org.kehou.selection.RegistrationChanged;
import org.kehou.selection.Registrations;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the guardian who registered the child, by SMS, when the school approved or declined the registration
 * (after the decision committed). The phone number is decrypted only to hand it to the channel.
 */
@Component
class RegistrationNotices {

	static final String APPROVED_TEMPLATE = "registration-approved";

	static final String DECLINED_TEMPLATE = "registration-declined";

	private final Registrations registrations;

	private final Students students;

	private final Terms terms;

	private final Guardians guardians;

	private final SmsChannel sms;

	RegistrationNotices(Registrations registrations, Students students, Terms terms, Guardians guardians,
			SmsChannel sms) {
		this.registrations = registrations;
		this.students = students;
		this.terms = terms;
		this.guardians = guardians;
		this.sms = sms;
	}

	@ApplicationModuleListener
	void on(RegistrationChanged event) {
		if (event.change() != RegistrationChanged.Change.APPROVED && event.change() != RegistrationChanged.Change.DECLINED) {
			return;
		}
		Registration r = registrations.find(event.studentId(), event.termId()).orElse(null);
		if (r == null || r.registeredBy() == null) {
			return;
		}
		String phone = guardians.phoneForDelivery(r.registeredBy()).orElse(null);
		if (phone == null) {
			return;
		}
		String child = students.find(event.studentId()).map(StudentView::name).orElse("");
		String term = terms.findTerm(event.termId()).map(TermView::name).orElse("");
		if (event.change() == RegistrationChanged.Change.APPROVED) {
			sms.send(phone, APPROVED_TEMPLATE, Map.of("child", child, "term", term));
		}
		else {
			String reason = r.declineReason() == null ? "" : r.declineReason();
			sms.send(phone, DECLINED_TEMPLATE, Map.of("child", child, "term", term, "reason", reason));
		}
	}
}
