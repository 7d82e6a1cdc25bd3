package org.kehou.providers;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a provider states in its application. Checked by the web layer's Bean Validation; {@link Providers} checks
 * again what the database relies on.
 *
 * @param contactPhone the contact's mobile number; {@code null} keeps the stored one
 * @param categories codes of the catalogue's course categories ({@link Providers#serviceCategories()})
 */
public record ProviderDetails(String legalName, String creditCode, @Nullable String licenceNo,
		@Nullable LocalDate licenceValidUntil, @Nullable String permitNo, @Nullable LocalDate permitValidUntil,
		boolean nationalRegistered, @Nullable String nationalRegistrationNo, @Nullable String fundAccount,
		@Nullable String contactName, @Nullable String contactPhone, @Nullable String address,
		List<String> categories) {

	public ProviderDetails {
		categories = List.copyOf(categories);
	}
}
