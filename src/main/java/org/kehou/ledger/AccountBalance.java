package org.kehou.ledger;

import org.kehou.shared.Money;

/**
 * An account's running totals. {@link #balance()} is signed to the kind's normal side: positive means the account
 * holds (debit-normal) or owes (credit-normal) that much.
 */
public record AccountBalance(AccountRef account, Money debits, Money credits) {

	public Money balance() {
		return account.kind().normalSide() == Side.DEBIT ? debits.minus(credits) : credits.minus(debits);
	}
}
