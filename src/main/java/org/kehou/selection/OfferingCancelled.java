package org.kehou.selection;

/** An offering was cancelled (final); its venue and teachers' times are free again. */
public record OfferingCancelled(long offeringId, long termId, long schoolId) {
}
