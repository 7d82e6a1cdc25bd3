package org.kehou.selection;

/** An offering is prepared as a draft, published for the selection rounds, or cancelled (final). */
public enum OfferingStatus {
	DRAFT, PUBLISHED, CANCELLED
}
