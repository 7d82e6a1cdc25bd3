package org.kehou.people;

/** Whether the school has checked the evidence of a hardship category. Only APPROVED categories give reductions. */
public enum EvidenceStatus {
	PENDING, APPROVED, REJECTED
}
