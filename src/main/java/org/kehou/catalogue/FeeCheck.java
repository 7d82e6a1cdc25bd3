package org.kehou.catalogue;

import org.kehou.shared.Money;

/** The answer of {@link FeeCaps#check}: the price is within the cap in force, or it exceeds it. */
public sealed interface FeeCheck permits FeeCheck.WithinCap, CapExceeded {

	CapInForce cap();

	Money price();

	default boolean ok() {
		return this instanceof WithinCap;
	}

	record WithinCap(CapInForce cap, Money price) implements FeeCheck {
	}
}
