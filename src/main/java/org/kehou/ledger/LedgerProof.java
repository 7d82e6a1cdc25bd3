package org.kehou.ledger;

import org.kehou.shared.Money;

/**
 * The proof that the whole ledger balances, read in one snapshot: the sum of all debits and of all credits, how many
 * postings have fewer than two legs or do not balance, how many accounts' running totals differ from the sum of
 * their legs. {@link #holds()} when the sums are equal and both counts are zero.
 */
public record LedgerProof(long postings, Money debits, Money credits, long unbalancedPostings, long accountsOutOfStep) {

	public boolean holds() {
		return debits.equals(credits) && unbalancedPostings == 0 && accountsOutOfStep == 0;
	}
}
