package org.kehou.selection;

/**
 * A freed seat reached a waitlisted child: OFFERED (the guardian accepts before the deadline) or CONFIRMED at once.
 * Published next to {@link PlaceChanged} so that the guardians' notice listens to these few events only, not to every
 * place of the rush.
 */
public record WaitlistReached(long placeId, long offeringId, long studentId, long termId, PlaceStatus status) {
}
