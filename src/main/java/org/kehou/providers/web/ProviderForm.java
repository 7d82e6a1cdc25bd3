package org.kehou.providers.web;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.providers.ProviderDetails;
import org.kehou.providers.ProviderView;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * A provider's application as the form and the JSON API send it. A blank contact phone keeps the stored one. The
 * categories are checked against the catalogue by {@code Providers.update}.
 */
record ProviderForm(
		@NotBlank(message = "{providers.validation.required}") @Size(max = 100,
				message = "{providers.validation.size}") @Nullable String legalName,
		@NotBlank(message = "{providers.validation.required}") @CreditCode @Nullable String creditCode,
		@Size(max = 64, message = "{providers.validation.size}") @Nullable String licenceNo,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate licenceValidUntil,
		@Size(max = 64, message = "{providers.validation.size}") @Nullable String permitNo,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate permitValidUntil,
		@Nullable Boolean nationalRegistered,
		@Size(max = 64, message = "{providers.validation.size}") @Nullable String nationalRegistrationNo,
		@Size(max = 64, message = "{providers.validation.size}") @Nullable String fundAccount,
		@Size(max = 64, message = "{providers.validation.size}") @Nullable String contactName,
		@Pattern(regexp = "^$|^(\\+?86)?1[3-9]\\d{9}$", message = "{providers.validation.phone}") @Nullable String contactPhone,
		@Size(max = 200, message = "{providers.validation.size}") @Nullable String address,
		@Nullable List<@Pattern(regexp = "[A-Z][A-Z_]{0,31}",
				message = "{providers.validation.category}") String> categories) {

	static ProviderForm of(ProviderView p) {
		return new ProviderForm(p.legalName(), p.creditCode(), p.licenceNo(), p.licenceValidUntil(), p.permitNo(),
				p.permitValidUntil(), p.nationalRegistered(), p.nationalRegistrationNo(), p.fundAccount(),
				p.contactName(), null, p.address(), p.categories());
	}

	ProviderDetails details() {
		return new ProviderDetails(java.util.Objects.requireNonNull(legalName),
				java.util.Objects.requireNonNull(creditCode), licenceNo, licenceValidUntil, permitNo, permitValidUntil,
				Boolean.TRUE.equals(nationalRegistered), nationalRegistrationNo, fundAccount, contactName,
				contactPhone, address, categories == null ? List.of() : categories);
	}
}
