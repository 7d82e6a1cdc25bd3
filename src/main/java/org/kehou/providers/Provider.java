package org.kehou.providers;

import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.providers.ReviewLevel.Decider;

/**
 * The review workflow of one provider, guarding its rules: it is submitted only from draft or returned (or, while
 * its annual review is open, resubmitted for that review); the towns' pools are decided by the town office, the
 * city or both ({@link ReviewLevel}); the city suspends, reinstates or expels city-wide. The provider's status
 * follows from the admissions: any returned → {@code RETURNED} (the provider corrects and resubmits), else any
 * pending or awaiting the city's confirmation → {@code SUBMITTED}, else any approved → {@code APPROVED}, else
 * {@code REJECTED}.
 * <p>
 * An approved admission is valid until the end of the school year (31 August). The annual review (年度复核) leaves
 * it approved with its validity while the provider resubmits and the town re-approves (the validity moves to the
 * next 31 August) or rejects; an admission not re-approved in time simply lapses with its date.
 */
final class Provider {

	/** One transition, for the review history. */
	record Transition(ReviewAction action, ProviderStatus from, ProviderStatus to, @Nullable Long townId,
			@Nullable String reason) {
	}

	/** The state of the application to one town's pool. */
	record Admission(AdmissionStatus status, @Nullable LocalDate validUntil, @Nullable Renewal renewal) {

		static Admission pending() {
			return new Admission(AdmissionStatus.PENDING, null, null);
		}

		Admission with(AdmissionStatus newStatus) {
			return new Admission(newStatus, newStatus == AdmissionStatus.APPROVED ? validUntil : null, null);
		}

		Admission renewal(@Nullable Renewal newRenewal) {
			return new Admission(status, validUntil, newRenewal);
		}

		/** Awaiting a decision by this decider at this level (first application or annual review). */
		boolean awaits(Decider decider, ReviewLevel level) {
			boolean first = status == AdmissionStatus.PENDING || renewal == Renewal.SUBMITTED;
			boolean confirmation = status == AdmissionStatus.TOWN_APPROVED || renewal == Renewal.TOWN_APPROVED;
			return first && level.firstDecider() == decider || confirmation && decider == Decider.CITY;
		}
	}

	private final long id;

	private ProviderStatus status;

	private final Map<Long, Admission> admissions;

	Provider(long id, ProviderStatus status, Map<Long, Admission> admissions) {
		this.id = id;
		this.status = status;
		this.admissions = new LinkedHashMap<>(admissions);
	}

	/** A provider whose admissions have no validity or review yet (tests, and the first application). */
	static Provider of(long id, ProviderStatus status, Map<Long, AdmissionStatus> admissions) {
		Map<Long, Admission> states = new LinkedHashMap<>();
		admissions.forEach((town, s) -> states.put(town, new Admission(s, null, null)));
		return new Provider(id, status, states);
	}

	long id() {
		return id;
	}

	ProviderStatus status() {
		return status;
	}

	Map<Long, AdmissionStatus> admissions() {
		Map<Long, AdmissionStatus> result = new LinkedHashMap<>();
		admissions.forEach((town, a) -> result.put(town, a.status()));
		return result;
	}

	Map<Long, Admission> admissionStates() {
		return Map.copyOf(admissions);
	}

	/** Whether the annual review waits for the provider to confirm or correct its application. */
	boolean renewalOpen() {
		return status == ProviderStatus.APPROVED
				&& admissions.values().stream().anyMatch(a -> a.renewal() == Renewal.OPEN);
	}

	/** @throws IllegalStateException unless the application may be changed now */
	void requireEditable() {
		if (!status.editable() && !renewalOpen()) {
			throw new IllegalStateException("the application cannot be changed while " + status);
		}
	}

	/**
	 * Submits the application to the pools of the given towns (those already admitted stay admitted). While the
	 * annual review is open, the submission resubmits the application for that review (the towns are not changed).
	 *
	 * @throws IllegalStateException unless drafting, correcting or under annual review
	 * @throws IllegalArgumentException without a town
	 */
	Transition submit(Collection<Long> towns) {
		if (mayApplyToMoreTowns()) {
			return applyToMoreTowns(towns);
		}
		requireEditable();
		if (renewalOpen()) {
			admissions.replaceAll((town, a) -> a.renewal() == Renewal.OPEN ? a.renewal(Renewal.SUBMITTED) : a);
			return move(ReviewAction.SUBMIT, status, null, null);
		}
		if (towns.isEmpty()) {
			throw new IllegalArgumentException("apply to at least one town");
		}
		for (Long town : towns) {
			Admission a = admissions.get(town);
			if (a == null || a.status() != AdmissionStatus.APPROVED) {
				admissions.put(town, Admission.pending());
			}
		}
		admissions.replaceAll((town, a) -> a.status() == AdmissionStatus.RETURNED ? Admission.pending() : a);
		return move(ReviewAction.SUBMIT, derivedStatus(), null, null);
	}

	/**
	 * An admitted provider may apply to the pools of further towns without reopening its application: the towns it
	 * has not applied to (or that rejected it) become pending, the towns that admitted it stay admitted.
	 */
	boolean mayApplyToMoreTowns() {
		return status == ProviderStatus.APPROVED && !renewalOpen();
	}

	private Transition applyToMoreTowns(Collection<Long> towns) {
		List<Long> added = towns.stream().filter(town -> {
			Admission a = admissions.get(town);
			return a == null || a.status() == AdmissionStatus.REJECTED;
		}).toList();
		if (added.isEmpty()) {
			throw new IllegalStateException("the provider is already admitted to (or applying to) every town named");
		}
		added.forEach(town -> admissions.put(town, Admission.pending()));
		return move(ReviewAction.SUBMIT, derivedStatus(), null, null);
	}

	/** A town office's decision at the default review level ({@link ReviewLevel#TOWN}). */
	Transition decide(ReviewAction action, long townId, @Nullable String reason) {
		return decide(action, townId, reason, Decider.TOWN, ReviewLevel.TOWN, LocalDate.now(Providers.CITY_ZONE))
			.get(0);
	}

	/**
	 * A decision on the applications to town pools (the first application or the annual review's resubmission).
	 * A town office decides on its own town; the city on the given town, or on every town awaiting its decision
	 * when {@code townId} is {@code null}.
	 *
	 * @param today the day of the decision: an approval is valid until the end of its school year
	 * @return one transition per town decided
	 * @throws IllegalStateException when nothing awaits this decider's decision
	 * @throws IllegalArgumentException for an action this decider does not take at this level, or a missing reason
	 */
	List<Transition> decide(ReviewAction action, @Nullable Long townId, @Nullable String reason, Decider decider,
			ReviewLevel level, LocalDate today) {
		if (!level.actionsOf(decider).contains(action)) {
			throw new IllegalArgumentException(action + " is not a decision of the " + decider + " at level " + level);
		}
		if (decider == Decider.TOWN && townId == null) {
			throw new IllegalArgumentException("a town office decides on its own town");
		}
		String why = requireReason(action, reason);
		List<Long> towns = new ArrayList<>();
		admissions.forEach((town, a) -> {
			if ((townId == null || townId.equals(town)) && a.awaits(decider, level) && awaitingStatus(a)) {
				towns.add(town);
			}
		});
		if (towns.isEmpty()) {
			throw new IllegalStateException("the application is not awaiting this review (" + status + ")");
		}
		List<Transition> transitions = new ArrayList<>();
		for (Long town : towns) {
			Admission a = admissions.get(town);
			admissions.put(town, a.renewal() != null ? decideRenewal(a, action, level, today)
					: decideApplication(a, action, level, today));
			transitions.add(move(action, derivedStatus(), town, why));
		}
		return transitions;
	}

	private boolean awaitingStatus(Admission a) {
		return a.renewal() != null ? status == ProviderStatus.APPROVED : status == ProviderStatus.SUBMITTED;
	}

	private static Admission decideApplication(Admission a, ReviewAction action, ReviewLevel level, LocalDate today) {
		return switch (action) {
			case APPROVE -> level == ReviewLevel.TOWN_THEN_CITY && a.status() == AdmissionStatus.PENDING
					? a.with(AdmissionStatus.TOWN_APPROVED)
					: new Admission(AdmissionStatus.APPROVED, schoolYearEnd(today), null);
			case CONFIRM -> new Admission(AdmissionStatus.APPROVED, schoolYearEnd(today), null);
			case REJECT -> a.with(AdmissionStatus.REJECTED);
			default -> a.with(AdmissionStatus.RETURNED);
		};
	}

	private static Admission decideRenewal(Admission a, ReviewAction action, ReviewLevel level, LocalDate today) {
		return switch (action) {
			case APPROVE -> level == ReviewLevel.TOWN_THEN_CITY && a.renewal() == Renewal.SUBMITTED
					? a.renewal(Renewal.TOWN_APPROVED)
					: new Admission(AdmissionStatus.APPROVED, renewedUntil(a.validUntil(), today), null);
			case CONFIRM -> new Admission(AdmissionStatus.APPROVED, renewedUntil(a.validUntil(), today), null);
			case REJECT -> a.with(AdmissionStatus.REJECTED);
			default -> a.renewal(Renewal.OPEN);
		};
	}

	/** The next school year's end after the current validity (or after today, when it has lapsed). */
	static LocalDate renewedUntil(@Nullable LocalDate validUntil, LocalDate today) {
		LocalDate from = validUntil == null || validUntil.isBefore(today) ? today : validUntil.plusDays(1);
		return schoolYearEnd(from);
	}

	/**
	 * Opens the annual review of the approved admissions in the given towns ({@code null}: every town).
	 *
	 * @return the transition, empty when the provider has nothing to review (not approved, or already under review)
	 */
	java.util.Optional<Transition> openAnnualReview(@Nullable Set<Long> towns) {
		if (status != ProviderStatus.APPROVED) {
			return java.util.Optional.empty();
		}
		boolean opened = false;
		for (var entry : admissions.entrySet()) {
			Admission a = entry.getValue();
			if ((towns == null || towns.contains(entry.getKey())) && a.status() == AdmissionStatus.APPROVED
					&& a.renewal() == null) {
				entry.setValue(a.renewal(Renewal.OPEN));
				opened = true;
			}
		}
		Long town = towns != null && towns.size() == 1 ? towns.iterator().next() : null;
		return opened ? java.util.Optional.of(move(ReviewAction.ANNUAL_REVIEW, status, town, null))
				: java.util.Optional.empty();
	}

	/**
	 * The city suspends an approved provider, or expels (退出) a provider that has been reviewed.
	 *
	 * @throws IllegalStateException when the provider is not in a state to suspend or expel
	 * @throws IllegalArgumentException for another action or a missing reason
	 */
	Transition sanction(ReviewAction action, @Nullable String reason) {
		if (action != ReviewAction.SUSPEND && action != ReviewAction.EXPEL) {
			throw new IllegalArgumentException(action + " is not a sanction");
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

	/**
	 * The city lifts a suspension: the provider returns to {@code APPROVED} with its admissions, but only while its
	 * business licence (and permit, if it has one) are valid. An expulsion is final.
	 *
	 * @throws IllegalStateException unless suspended with valid documents
	 * @throws IllegalArgumentException without a reason
	 */
	Transition reinstate(@Nullable String reason, @Nullable LocalDate licenceValidUntil,
			@Nullable LocalDate permitValidUntil, LocalDate today) {
		String why = requireReason(ReviewAction.REINSTATE, reason);
		if (status != ProviderStatus.SUSPENDED) {
			throw new IllegalStateException("cannot REINSTATE a provider that is " + status);
		}
		if (expiredDocument(licenceValidUntil, permitValidUntil, today) != null
				|| licenceValidUntil == null) {
			throw new IllegalStateException("the business licence or permit is not valid");
		}
		return move(ReviewAction.REINSTATE, ProviderStatus.APPROVED, null, why);
	}

	/**
	 * Suspends an approved provider whose licence or permit has expired (the daily expiry job).
	 *
	 * @return the transition, empty when nothing has expired or the provider is not approved
	 */
	java.util.Optional<Transition> suspendIfExpired(@Nullable LocalDate licenceValidUntil,
			@Nullable LocalDate permitValidUntil, LocalDate today) {
		String expired = expiredDocument(licenceValidUntil, permitValidUntil, today);
		if (status != ProviderStatus.APPROVED || expired == null) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(move(ReviewAction.SUSPEND, ProviderStatus.SUSPENDED, null, expired));
	}

	/** The system's reason when the licence or the permit has expired before {@code today}, else {@code null}. */
	static @Nullable String expiredDocument(@Nullable LocalDate licenceValidUntil, @Nullable LocalDate permitValidUntil,
			LocalDate today) {
		if (licenceValidUntil != null && licenceValidUntil.isBefore(today)) {
			return "营业执照已于 " + licenceValidUntil + " 过期（系统自动暂停）";
		}
		if (permitValidUntil != null && permitValidUntil.isBefore(today)) {
			return "办学许可证已于 " + permitValidUntil + " 过期（系统自动暂停）";
		}
		return null;
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
		if (status == ProviderStatus.APPROVED && admissions.values().stream().anyMatch(a -> a.renewal() != null)) {
			// during an annual review the provider stays approved while any admission is
			return admissions.values().stream().anyMatch(a -> a.status() == AdmissionStatus.APPROVED)
					? ProviderStatus.APPROVED : ProviderStatus.REJECTED;
		}
		var values = admissions.values().stream().map(Admission::status).toList();
		if (values.contains(AdmissionStatus.RETURNED)) {
			return ProviderStatus.RETURNED;
		}
		if (values.contains(AdmissionStatus.PENDING) || values.contains(AdmissionStatus.TOWN_APPROVED)) {
			return ProviderStatus.SUBMITTED;
		}
		return values.contains(AdmissionStatus.APPROVED) || values.contains(AdmissionStatus.SUSPENDED)
				? ProviderStatus.APPROVED : ProviderStatus.REJECTED;
	}

	/**
	 * A town office suspends the provider's approved admission to its pool ({@code suspend}) or lifts its own
	 * suspension: the admission keeps its validity date; the provider's city-wide status does not change.
	 *
	 * @throws IllegalStateException unless the admission is approved (to suspend) or suspended (to lift)
	 * @throws IllegalArgumentException without a reason
	 */
	Transition suspendInTown(long townId, boolean suspend, @Nullable String reason) {
		ReviewAction action = suspend ? ReviewAction.TOWN_SUSPEND : ReviewAction.TOWN_LIFT;
		String why = requireReason(action, reason);
		Admission a = admissions.get(townId);
		AdmissionStatus expected = suspend ? AdmissionStatus.APPROVED : AdmissionStatus.SUSPENDED;
		if (a == null || a.status() != expected) {
			throw new IllegalStateException("cannot " + action + " an admission that is "
					+ (a == null ? "missing" : a.status()));
		}
		// a suspended admission leaves any annual review it was in (the schema keeps renewals for approved ones)
		admissions.put(townId, new Admission(suspend ? AdmissionStatus.SUSPENDED : AdmissionStatus.APPROVED,
				a.validUntil(), null));
		return new Transition(action, status, status, townId, why);
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
