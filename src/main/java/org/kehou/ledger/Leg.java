package org.kehou.ledger;

import org.kehou.shared.Money;

/** One leg of a posting: an amount (more than zero fen) on one side of one account. */
public record Leg(AccountRef account, Side side, Money amount) {

	public static Leg debit(AccountRef account, Money amount) {
		return new Leg(account, Side.DEBIT, amount);
	}

	public static Leg credit(AccountRef account, Money amount) {
		return new Leg(account, Side.CREDIT, amount);
	}

	/** The same amount on the other side (a reversal's leg). */
	public Leg mirrored() {
		return new Leg(account, side.opposite(), amount);
	}
}
