package org.kehou.reporting;

import org.jspecify.annotations.Nullable;

/**
 * What one delivery of the reporter did.
 *
 * @param claimed outbox rows claimed
 * @param sent records sent to the city
 * @param delivered records the city accepted or already had
 * @param parked records parked (refused by the city or by the schema)
 * @param skipped records of schools of other platforms, dropped
 * @param error why the delivery failed (nothing was marked); null when it went through
 */
public record Delivery(int claimed, int sent, int delivered, int parked, int skipped, @Nullable String error) {

	static final Delivery NOTHING = new Delivery(0, 0, 0, 0, 0, null);

	public boolean failed() {
		return error != null;
	}
}
