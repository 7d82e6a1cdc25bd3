package org.kehou.billing;

/**
 * Where a provider's settlement statement stands: {@link #DRAFT} (computed on demand, recomputable, the provider's),
 * {@link #SUBMITTED} (awaiting the school), {@link #APPROVED} (frozen, posted to the ledger) or {@link #RETURNED}
 * (sent back with a reason; history — a new draft may be made for the period).
 */
public enum SettlementStatus {
	DRAFT, SUBMITTED, APPROVED, RETURNED;

	/** A live statement holds its period: no other statement of the provider and school may overlap it. */
	public boolean live() {
		return this != RETURNED;
	}
}
