package org.kehou.billing;

/** Why lessons are no longer charged (据实收取). */
public enum CreditReason {
	/** the school cancelled the session */
	CANCELLED,
	/** the child's leave was approved (where the school refunds leave) */
	LEAVE,
	/** the place ended: dropped by the guardian or removed by the school; the lessons not yet given */
	WITHDRAWN,
	/** a pay-to-confirm order was not paid in time: its places were released */
	EXPIRED,
	/** the provider was expelled or suspended: its lessons not yet given */
	PROVIDER_EXIT
}
