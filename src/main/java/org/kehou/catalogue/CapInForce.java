package org.kehou.catalogue;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * The cap that applies to one lesson: the lower of the city's cap and the town's own, prorated to the lesson's
 * length, with where it comes from so that a refusal can name it.
 *
 * @param amount the cap for a lesson of {@code lessonMinutes}
 * @param level CITY or TOWN, whichever cap is lower (the city's when equal)
 * @param townId the town that set it, {@code null} for the city's
 * @param source the document it rests on, e.g. 香山市发改委 2026〔12〕号
 * @param cap the cap as set (its own amount and reference lesson length)
 */
public record CapInForce(String categoryCode, int lessonMinutes, Money amount, CapLevel level, @Nullable Long townId,
		String source, LocalDate validFrom, FeeCap cap) {
}
