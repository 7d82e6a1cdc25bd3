package org.kehou.selection;

/** An offering was published: it can be chosen in the term's selection rounds. */
public record OfferingPublished(long offeringId, long termId, long schoolId) {
}
