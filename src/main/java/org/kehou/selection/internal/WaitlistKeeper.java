package org.kehou.selection.internal;

import java.time.Instant;

import org.kehou.selection.OfferingCancelled;
import org.kehou.selection.OfferingRevised;
import org.kehou.selection.Places;
import org.kehou.selection.RegistrationChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps places in step with what happens around them: a withdrawn or declined registration ends the child's
 * places of the term; a cancelled offering ends its places; a revised offering (more seats) and, every minute, every
 * offering with free seats give them to their waitlists; offers not accepted in time lapse. Each step locks what it
 * changes, so running on several nodes at once only repeats work that finds nothing left to do.
 */
@Component
class WaitlistKeeper {

	private static final Logger log = LoggerFactory.getLogger(WaitlistKeeper.class);

	private final Places places;

	WaitlistKeeper(Places places) {
		this.places = places;
	}

	@ApplicationModuleListener
	void on(RegistrationChanged event) {
		if (event.change() == RegistrationChanged.Change.WITHDRAWN
				|| event.change() == RegistrationChanged.Change.DECLINED) {
			places.endAllOf(event.studentId(), event.termId(), "registration " + event.change().name().toLowerCase());
		}
	}

	@ApplicationModuleListener
	void on(OfferingCancelled event) {
		places.endAllIn(event.offeringId(), "offering cancelled");
	}

	@ApplicationModuleListener
	void on(OfferingRevised event) {
		places.promote(event.offeringId());
	}

	@Scheduled(fixedDelayString = "${kehou.selection.waitlist-sweep:PT1M}", initialDelayString = "PT1M")
	void sweep() {
		int lapsed = places.expireOffers(Instant.now());
		int promoted = places.promoteEverywhere();
		if (lapsed + promoted > 0) {
			log.info("Waitlist sweep: {} offers lapsed, {} children promoted", lapsed, promoted);
		}
	}
}
