package org.kehou.providers;

/** Where a provider's application stands. */
public enum ProviderStatus {
	DRAFT, SUBMITTED, RETURNED, APPROVED, REJECTED, SUSPENDED, EXPELLED;

	/**
	 * The provider may change its application (and submit it) only while drafting or correcting it; a rejected
	 * application may be corrected and submitted again as a new application.
	 */
	public boolean editable() {
		return this == DRAFT || this == RETURNED || this == REJECTED;
	}
}
