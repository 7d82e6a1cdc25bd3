package org.kehou.providers;

import java.time.LocalDate;
import java.time.Month;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The review workflow of one provider, guarding its rules: it is submitted only from draft or returned; each town
 * office decides on the application to its own pool; the city suspends or expels city-wide. The provider's status
 * follows from the towns' decisions: any returned → {@code RETURNED} (the provider corrects and resubmits), else
 * any pending → {@code SUBMITTED}, else any approved → {@code APPROVED}, else {@code REJECTED}.
 */
final class Provider {

	/** One transition, for the review history. */
	record Transition(ReviewAction action, ProviderStatus from, ProviderStatus to, @Nullable Long townId,
			@Nullable String reason) {
	}

	private final long id;

	private ProviderStatus status;

	private final Map<Long, AdmissionStatus> admissions;

	Provider(long id, ProviderStatus status, Map<Long, AdmissionStatus> admissions) {
		this.id = id;
		this.status = status;
		this.admissions = new LinkedHashMap<>(admissions);
	}

	long id() {
		return id;
	}

	ProviderStatus status() {
		return status;
	}

	Map<Long, AdmissionStatus> admissions() {
		return Map.copyOf(admissions);
	}

	/** @throws IllegalStateException unless the application may be changed now */
	void requireEditable() {
		if (!status.editable()) {
			throw new IllegalStateException("the application cannot be changed while " + status);
		}
	}

	/**
	 * Submits the application to the pools of the given towns (those already admitted stay admitted).
	 *
	 * @throws IllegalStateException unless drafting or correcting
	 * @throws IllegalArgumentException without a town
	 */
	Transition submit(Collection<Long> towns) {
		requireEditable();
		if (towns.isEmpty()) {
			throw new IllegalArgumentException("apply to at least one town");
		}
		for (Long town : towns) {
			if (admissions.get(town) != AdmissionStatus.APPROVED) {
				admissions.put(town, AdmissionStatus.PENDING);
			}
		}
		admissions.replaceAll((town, s) -> s == AdmissionStatus.RETURNED ? AdmissionStatus.PENDING : s);
		return move(ReviewAction.SUBMIT, derivedStatus(), null, null);
	}

	/**
	 * A town office's decision on the application to its pool.
	 *
	 * @throws IllegalStateException when the application is not awaiting this town's decision
	 * @throws IllegalArgumentException for a city action or a missing reason
	 */
	Transition decide(ReviewAction action, long townId, @Nullable String reason) {
		if (!ReviewAction.TOWN.contains(action)) {
			throw new IllegalArgumentException(action + " is not a town office's decision");
		}
		String why = requireReason(action, reason);
		if (status != ProviderStatus.SUBMITTED || admissions.get(townId) != AdmissionStatus.PENDING) {
			throw new IllegalStateException("the application is not awaiting this town's review (" + status + ")");
		}
		admissions.put(townId, switch (action) {
			case APPROVE -> AdmissionStatus.APPROVED;
			case REJECT -> AdmissionStatus.REJECTED;
			default -> AdmissionStatus.RETURNED;
		});
		return move(action, derivedStatus(), townId, why);
	}

	/**
	 * The city suspends an approved provider, or expels (退出) a provider that has been reviewed.
	 *
	 * @throws IllegalStateException when the provider is not in a state to suspend or expel
	 * @throws IllegalArgumentException for a town action or a missing reason
	 */
	Transition sanction(ReviewAction action, @Nullable String reason) {
		if (!ReviewAction.CITY.contains(action)) {
			throw new IllegalArgumentException(action + " is not a city decision");
		}
		String why = requireReason(action, reason);
		boolean allowed = action == ReviewAction.SUSPEND ? status == ProviderStatus.APPROVED
				: status != ProviderStatus.DRAFT && status != ProviderStatus.EXPELLED;
		if (!allowed) {
			throw new IllegalStateException("cannot " + action + " a provider that is " + status);
		}
		return move(action, action == ReviewAction.SUSPEND ? ProviderStatus.SUSPENDED : ProviderStatus.EXPELLED, null,
				why);
	}

	/** The last day of the school year that contains {@code day}: admissions are valid until then. */
	static LocalDate schoolYearEnd(LocalDate day) {
		int year = day.getMonthValue() >= Month.SEPTEMBER.getValue() ? day.getYear() + 1 : day.getYear();
		return LocalDate.of(year, Month.AUGUST, 31);
	}

	private Transition move(ReviewAction action, ProviderStatus to, @Nullable Long townId, @Nullable String reason) {
		ProviderStatus from = status;
		status = to;
		return new Transition(action, from, to, townId, reason);
	}

	private ProviderStatus derivedStatus() {
		var values = admissions.values();
		if (values.contains(AdmissionStatus.RETURNED)) {
			return ProviderStatus.RETURNED;
		}
		if (values.contains(AdmissionStatus.PENDING)) {
			return ProviderStatus.SUBMITTED;
		}
		return values.contains(AdmissionStatus.APPROVED) ? ProviderStatus.APPROVED : ProviderStatus.REJECTED;
	}

	private static @Nullable String requireReason(ReviewAction action, @Nullable String reason) {
		String text = reason == null ? "" : reason.strip();
		if (action.needsReason() && text.isEmpty()) {
			throw new IllegalArgumentException("a reason is required to " + action);
		}
		if (text.length() > 1000) {
			throw new IllegalArgumentException("the reason may have at most 1000 characters");
		}
		return text.isEmpty() ? null : text;
	}
}
