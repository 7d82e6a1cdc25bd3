package org.kehou.courses;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.providers.AdmissionStatus;

/**
 * The review workflow of one provider's course, guarding its rules like {@code providers.Provider}: it is submitted
 * only from draft or returned; each town office decides on the course in its own pool; the provider may withdraw
 * it. The status follows the towns' decisions: any returned → {@code RETURNED}, else any pending →
 * {@code SUBMITTED}, else any approved → {@code APPROVED}, else {@code REJECTED}.
 */
final class Course {

	/** One transition, for the review history. */
	record Transition(CourseAction action, CourseStatus from, CourseStatus to, @Nullable Long townId,
			@Nullable String reason) {
	}

	private final long id;

	private CourseStatus status;

	private final Map<Long, AdmissionStatus> admissions;

	Course(long id, CourseStatus status, Map<Long, AdmissionStatus> admissions) {
		this.id = id;
		this.status = status;
		this.admissions = new LinkedHashMap<>(admissions);
	}

	long id() {
		return id;
	}

	CourseStatus status() {
		return status;
	}

	Map<Long, AdmissionStatus> admissions() {
		return Map.copyOf(admissions);
	}

	/** @throws IllegalStateException unless the course may be changed now */
	void requireEditable() {
		if (!status.editable()) {
			throw new IllegalStateException(status == CourseStatus.APPROVED
					? "已通过审核的课程只能降低价格；如需其他修改，请撤回后重新申报新课程 / an approved course may only lower its price: withdraw it and list a new course"
					: "课程当前状态（" + status + "）不允许修改 / the course cannot be changed while " + status);
		}
	}

	/**
	 * Submits the course to the pools of the given towns (those already approved stay approved).
	 *
	 * @throws IllegalStateException unless drafting or correcting
	 * @throws IllegalArgumentException without a town
	 */
	Transition submit(Collection<Long> towns) {
		requireEditable();
		if (towns.isEmpty()) {
			throw new IllegalArgumentException("请至少选择一个镇街 / submit to at least one town");
		}
		for (Long town : towns) {
			if (admissions.get(town) != AdmissionStatus.APPROVED) {
				admissions.put(town, AdmissionStatus.PENDING);
			}
		}
		admissions.replaceAll((town, s) -> s == AdmissionStatus.RETURNED ? AdmissionStatus.PENDING : s);
		return move(CourseAction.SUBMIT, derivedStatus(), null, null);
	}

	/**
	 * A town office's decision on the course in its pool.
	 *
	 * @throws IllegalStateException when the course is not awaiting this town's decision
	 * @throws IllegalArgumentException for another action or a missing reason
	 */
	Transition decide(CourseAction action, long townId, @Nullable String reason) {
		if (!CourseAction.TOWN.contains(action)) {
			throw new IllegalArgumentException(action + " is not a town office's decision");
		}
		String why = requireReason(action, reason);
		if (status != CourseStatus.SUBMITTED || admissions.get(townId) != AdmissionStatus.PENDING) {
			throw new IllegalStateException("课程不在本镇街待审核状态（" + status + "） / the course is not awaiting this town's review ("
					+ status + ")");
		}
		admissions.put(townId, switch (action) {
			case APPROVE -> AdmissionStatus.APPROVED;
			case REJECT -> AdmissionStatus.REJECTED;
			default -> AdmissionStatus.RETURNED;
		});
		return move(action, derivedStatus(), townId, why);
	}

	/** The provider withdraws the course from every pool. @throws IllegalStateException when already withdrawn */
	Transition withdraw() {
		if (status == CourseStatus.WITHDRAWN) {
			throw new IllegalStateException("课程已撤回 / the course is already withdrawn");
		}
		return move(CourseAction.WITHDRAW, CourseStatus.WITHDRAWN, null, null);
	}

	/** The price of an approved course is lowered: recorded, the status stays. */
	Transition reprice() {
		if (status != CourseStatus.APPROVED) {
			throw new IllegalStateException("only an approved course is repriced directly");
		}
		return move(CourseAction.REPRICE, status, null, null);
	}

	/** The towns whose pools the course is in or waiting for. */
	java.util.Set<Long> activeTowns() {
		var towns = new java.util.LinkedHashSet<Long>();
		admissions.forEach((town, s) -> {
			if (s == AdmissionStatus.APPROVED || s == AdmissionStatus.PENDING) {
				towns.add(town);
			}
		});
		return towns;
	}

	private Transition move(CourseAction action, CourseStatus to, @Nullable Long townId, @Nullable String reason) {
		CourseStatus from = status;
		status = to;
		return new Transition(action, from, to, townId, reason);
	}

	private CourseStatus derivedStatus() {
		var values = admissions.values();
		if (values.contains(AdmissionStatus.RETURNED)) {
			return CourseStatus.RETURNED;
		}
		if (values.contains(AdmissionStatus.PENDING)) {
			return CourseStatus.SUBMITTED;
		}
		return values.contains(AdmissionStatus.APPROVED) ? CourseStatus.APPROVED : CourseStatus.REJECTED;
	}

	private static @Nullable String requireReason(CourseAction action, @Nullable String reason) {
		String text = reason == null ? "" : reason.strip();
		if (action.needsReason() && text.isEmpty()) {
			throw new IllegalArgumentException("驳回或退回须填写理由 / a reason is required to " + action);
		}
		if (text.length() > 1000) {
			throw new IllegalArgumentException("理由最多 1000 字 / the reason may have at most 1000 characters");
		}
		return text.isEmpty() ? null : text;
	}
}
