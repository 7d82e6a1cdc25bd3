package org.kehou.ledger;

import java.util.List;

import org.kehou.shared.Money;

/**
 * The accounts a scope sees, totalled by kind. {@code wholeLedger} says whether the rows are the whole ledger (the
 * city, unfiltered): only then must the debits equal the credits — a school's own accounts are one side of postings
 * whose other side is the platform's or a provider's.
 */
public record TrialBalance(List<Row> rows, boolean wholeLedger) {

	/** One kind: how many accounts, their debits and credits, the balance signed to the kind's normal side. */
	public record Row(AccountKind kind, long accounts, Money debits, Money credits) {

		public Money balance() {
			return kind.normalSide() == Side.DEBIT ? debits.minus(credits) : credits.minus(debits);
		}
	}

	public TrialBalance {
		rows = List.copyOf(rows);
	}

	public Money debits() {
		return rows.stream().map(Row::debits).reduce(Money.ZERO, Money::plus);
	}

	public Money credits() {
		return rows.stream().map(Row::credits).reduce(Money.ZERO, Money::plus);
	}

	public boolean balances() {
		return debits().equals(credits());
	}
}
