package org.kehou.catalogue;

import org.kehou.shared.Money;

/** A price above the cap in force; {@code cap().level()} and {@code cap().source()} say whose cap it breaks. */
public record CapExceeded(CapInForce cap, Money price) implements FeeCheck {
}
