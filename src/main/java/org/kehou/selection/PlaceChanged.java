package org.kehou.selection;

/**
 * A place was created or changed status (published in the transaction that did it). Billing creates orders from
 * CONFIRMED places, notifications tell guardians about OFFERED and waitlist-confirmed ones.
 */
public record PlaceChanged(long placeId, long offeringId, long studentId, long termId, PlaceStatus status,
		PlaceSource source) {
}
