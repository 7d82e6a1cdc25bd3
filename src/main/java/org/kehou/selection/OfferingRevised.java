package org.kehou.selection;

/** An offering's details changed (capacity, times, grades…): a larger capacity may let waitlisted children in. */
public record OfferingRevised(long offeringId, long termId, long schoolId) {
}
