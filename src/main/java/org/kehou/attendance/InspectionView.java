package org.kehou.attendance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An inspector's visit (巡课记录) as pages, the API and other modules see it.
 *
 * @param id the visit's id ({@code inspectionId})
 * @param providerId the offering's provider; null for a school's own course
 * @param inspectorId the inspector's account
 * @param visitedAt when the inspector was in the room (city time, on the session's date)
 * @param presentCount children the inspector counted in the room
 * @param ratings a score of 1–5 for every {@link InspectionCriterion}, in the enum's order
 * @param revisions how many times the inspector revised the visit (0: as first recorded)
 */
public record InspectionView(long id, long sessionId, long offeringId, String offeringName, String venue,
		long schoolId, String schoolName, @Nullable Long providerId, LocalDate date, LocalTime starts, LocalTime ends,
		long inspectorId, String inspectorName, LocalDateTime visitedAt, int presentCount,
		Map<InspectionCriterion, Integer> ratings, @Nullable String notes, boolean hasPhoto, int revisions,
		Instant recordedAt, @Nullable Instant revisedAt) {

	public InspectionView {
		ratings = Inspections.ordered(ratings);
	}

	/** The mean of the visit's scores, two decimals. */
	public BigDecimal average() {
		if (ratings.isEmpty()) {
			return BigDecimal.ZERO;
		}
		int sum = ratings.values().stream().mapToInt(Integer::intValue).sum();
		return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(ratings.size()), 2, RoundingMode.HALF_UP);
	}

	/** The score of one criterion (0 if missing, which the schema does not allow for a stored visit). */
	public int score(InspectionCriterion criterion) {
		Integer score = ratings.get(criterion);
		return score == null ? 0 : score;
	}
}
