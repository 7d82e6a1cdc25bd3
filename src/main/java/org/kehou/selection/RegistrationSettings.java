package org.kehou.selection;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * A term's registration settings as they apply.
 *
 * @param needsApproval in force: registrations wait (PENDING) for the school's approval; off: REGISTERED at once
 * @param termNeedsApproval the term's own choice, null = follow the school's default
 * @param schoolNeedsApproval the school's default for its terms (off unless the school set it)
 * @param opensOn first day guardians may register or withdraw (null = from now)
 * @param closesOn last day guardians may register or withdraw (null = until the term is closed)
 */
public record RegistrationSettings(long termId, boolean needsApproval, @Nullable Boolean termNeedsApproval,
		boolean schoolNeedsApproval, @Nullable LocalDate opensOn, @Nullable LocalDate closesOn) {

	public RegistrationSettings {
		if (opensOn != null && closesOn != null && opensOn.isAfter(closesOn)) {
			throw new RegistrationRefused(RegistrationRefused.Reason.WINDOW_ORDER,
					"the registration window opens after it closes");
		}
	}

	/** The settings from the term's choice and the school's default. */
	public static RegistrationSettings of(long termId, @Nullable Boolean termNeedsApproval, boolean schoolNeedsApproval,
			@Nullable LocalDate opensOn, @Nullable LocalDate closesOn) {
		boolean inForce = termNeedsApproval == null ? schoolNeedsApproval : termNeedsApproval;
		return new RegistrationSettings(termId, inForce, termNeedsApproval, schoolNeedsApproval, opensOn, closesOn);
	}

	/** Whether guardians may register or withdraw on {@code day}. */
	public boolean isOpenOn(LocalDate day) {
		return (opensOn == null || !day.isBefore(opensOn)) && (closesOn == null || !day.isAfter(closesOn));
	}
}
