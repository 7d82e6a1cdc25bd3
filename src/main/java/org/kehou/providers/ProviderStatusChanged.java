package org.kehou.providers;

import org.jspecify.annotations.Nullable;

/**
 * A provider's application moved: submitted, decided by a town office, suspended or expelled by the city. The
 * selection module (later) listens for {@code SUSPENDED}/{@code EXPELLED} to stop the provider's offerings.
 *
 * @param townId the town whose office decided, {@code null} for submissions and the city's decisions
 */
public record ProviderStatusChanged(long providerId, ReviewAction action, ProviderStatus from, ProviderStatus to,
		@Nullable Long townId) {
}
