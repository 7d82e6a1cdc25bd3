package org.kehou.selection;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * A term's registration settings.
 *
 * @param needsApproval registrations wait (PENDING) for the school's approval; off: REGISTERED at once
 * @param opensOn first day guardians may register or withdraw (null = from now)
 * @param closesOn last day guardians may register or withdraw (null = until the term is closed)
 */
public record RegistrationSettings(long termId, boolean needsApproval, @Nullable LocalDate opensOn,
		@Nullable LocalDate closesOn) {

	public RegistrationSettings {
		if (opensOn != null && closesOn != null && opensOn.isAfter(closesOn)) {
			throw new RegistrationRefused(RegistrationRefused.Reason.WINDOW_ORDER,
					"the registration window opens after it closes");
		}
	}

	public static RegistrationSettings defaults(long termId) {
		return new RegistrationSettings(termId, false, null, null);
	}

	/** Whether guardians may register or withdraw on {@code day}. */
	public boolean isOpenOn(LocalDate day) {
		return (opensOn == null || !day.isBefore(opensOn)) && (closesOn == null || !day.isAfter(closesOn));
	}
}
