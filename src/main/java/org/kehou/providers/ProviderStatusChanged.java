package org.kehou.providers;

import org.jspecify.annotations.Nullable;

/**
 * A provider's application moved: submitted, decided by a town office or the city, annual review opened, suspended
 * (by the city or automatically on an expired licence, then without reviewer), reinstated or expelled. {@code from}
 * and {@code to} may be equal (annual review steps of an approved provider). The selection module (later) listens for
 * {@code SUSPENDED}/{@code EXPELLED} to stop the provider's offerings.
 *
 * @param townId the town whose office decided, {@code null} for submissions and the city's decisions
 */
public record ProviderStatusChanged(long providerId, ReviewAction action, ProviderStatus from, ProviderStatus to,
		@Nullable Long townId) {
}
