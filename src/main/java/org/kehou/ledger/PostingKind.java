package org.kehou.ledger;

/** What a posting records. A reversal is a {@link #CORRECTION}. */
public enum PostingKind {
	ORDER, PAYMENT, REFUND, EXEMPTION, SETTLEMENT, CORRECTION
}
