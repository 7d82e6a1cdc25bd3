package org.kehou.billing.internal;

import java.time.Instant;

import org.kehou.attendance.LeaveGranted;
import org.kehou.attendance.SessionCancelled;
import org.kehou.billing.CreditReason;
import org.kehou.billing.Orders;
import org.kehou.billing.Refunds;
import org.kehou.payment.PaymentConfirmed;
import org.kehou.providers.ProviderStatus;
import org.kehou.providers.ProviderStatusChanged;
import org.kehou.selection.PlaceChanged;
import org.kehou.selection.PlaceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Billing's reactions to the other modules' events (each after the publishing transaction committed, in its own,
 * recorded in the event publication registry so that a failure is retried): a confirmed place is billed, an ended one
 * credited; a cancelled session and approved leave are credited; a provider's expulsion credits its lessons not yet
 * given; a confirmed payment is applied; a decided online refund is paid back. Sweeps catch up on what an event did
 * not finish: refunds due, pay-to-confirm orders past their time.
 */
@Component
class BillingListeners {

	private static final Logger log = LoggerFactory.getLogger(BillingListeners.class);

	private final Orders orders;

	private final Refunds refunds;

	BillingListeners(Orders orders, Refunds refunds) {
		this.orders = orders;
		this.refunds = refunds;
	}

	@ApplicationModuleListener
	void on(PlaceChanged event) {
		if (event.status() == PlaceStatus.CONFIRMED) {
			orders.bill(event.placeId());
		}
		else if (!event.status().isLive()) {
			orders.endPlace(event.placeId());
		}
	}

	@ApplicationModuleListener
	void on(SessionCancelled event) {
		orders.creditSession(event.sessionId(), CreditReason.CANCELLED, null);
	}

	@ApplicationModuleListener
	void on(LeaveGranted event) {
		orders.creditLeave(event.schoolId(), event.studentId(), event.sessionIds());
	}

	@ApplicationModuleListener
	void on(ProviderStatusChanged event) {
		if (event.to() == ProviderStatus.EXPELLED && event.from() != ProviderStatus.EXPELLED) {
			int lessons = orders.providerLeft(event.providerId());
			log.info("Provider {} expelled: {} lessons credited to its children", event.providerId(), lessons);
		}
	}

	@ApplicationModuleListener
	void on(PaymentConfirmed event) {
		orders.apply(event);
	}

	@ApplicationModuleListener
	void on(Orders.RefundDecided event) {
		refunds.process(event.refundId());
	}

	@Scheduled(fixedDelayString = "${kehou.billing.sweep-every:PT30S}", initialDelayString = "${kehou.billing.sweep-every:PT30S}")
	void sweep() {
		int made = refunds.processDue();
		int expired = orders.expireDue(Instant.now());
		if (made + expired > 0) {
			log.info("Billing sweep: {} refunds paid back, {} unpaid orders expired", made, expired);
		}
	}
}
