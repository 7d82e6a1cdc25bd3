package org.kehou.catalogue;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/** One cap as it was set: {@code amount} per lesson of {@code lessonMinutes}, in force from {@code validFrom}. */
public record FeeCap(long id, String categoryCode, @Nullable Long townId, Money amount, int lessonMinutes,
		LocalDate validFrom, String source, String setBy, Instant setAt) {

	public CapLevel level() {
		return townId == null ? CapLevel.CITY : CapLevel.TOWN;
	}

	/** The cap for a lesson of {@code minutes}, prorated and rounded half up to the fen. */
	public Money forLesson(int minutes) {
		return amount.prorate(minutes, lessonMinutes);
	}

	/** Whether this cap charges more per minute than {@code other}. */
	boolean isAbove(FeeCap other) {
		return Math.multiplyExact(amount.fen(), other.lessonMinutes) > Math.multiplyExact(other.amount.fen(),
				lessonMinutes);
	}
}
