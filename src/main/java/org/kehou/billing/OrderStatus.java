package org.kehou.billing;

/** Where an order stands. */
public enum OrderStatus {
	/** The guardian's share is not (fully) paid; places confirmed meanwhile join the order. */
	UNPAID,
	/** Paid in full (or nothing to pay: fully exempted); later credits are refunded. */
	PAID,
	/** Expired unpaid (its places released) or nothing left to pay before any payment. */
	CLOSED
}
