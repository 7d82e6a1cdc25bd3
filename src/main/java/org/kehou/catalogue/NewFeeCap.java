package org.kehou.catalogue;

import java.time.LocalDate;

import org.kehou.shared.Money;

/** A cap to set: {@code amount} per lesson of {@code lessonMinutes}, from {@code validFrom}, resting on {@code source}. */
public record NewFeeCap(String categoryCode, Money amount, int lessonMinutes, LocalDate validFrom, String source) {
}
