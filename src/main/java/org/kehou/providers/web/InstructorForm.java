package org.kehou.providers.web;

import java.time.LocalDate;
import java.util.Objects;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.providers.CertificateType;
import org.kehou.providers.InstructorDetails;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * An instructor as the form and the JSON API send it. A teacher certificate may have no expiry; a professional
 * certificate needs one; a labour contract needs its start date and ends after it starts.
 */
record InstructorForm(
		@NotBlank(message = "{providers.validation.required}") @Size(max = 64,
				message = "{providers.validation.size}") @Nullable String name,
		@Pattern(regexp = "^$|^[MF]$", message = "{providers.validation.gender}") @Nullable String gender,
		@NotBlank(message = "{providers.validation.required}") @IdNumber @Nullable String idNumber,
		@Pattern(regexp = "^$|^(\\+?86)?1[3-9]\\d{9}$", message = "{providers.validation.phone}") @Nullable String phone,
		@NotNull(message = "{providers.validation.required}") @Nullable CertificateType certificateType,
		@NotBlank(message = "{providers.validation.required}") @Size(max = 64,
				message = "{providers.validation.size}") @Nullable String certificateNo,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate certificateValidUntil,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate noCriminalRecordIssuedOn,
		@Nullable Boolean labourContract,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate contractStart,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate contractEnd,
		@Nullable Boolean active) {

	@AssertTrue(message = "{providers.validation.certificateValidity}")
	public boolean isCertificateValidityGiven() {
		return certificateType != CertificateType.PROFESSIONAL || certificateValidUntil != null;
	}

	/** An issue date not after today in the city (not the server's zone). */
	@AssertTrue(message = "{providers.validation.notFuture}")
	public boolean isNoCriminalRecordNotFuture() {
		return noCriminalRecordIssuedOn == null
				|| !noCriminalRecordIssuedOn.isAfter(LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")));
	}

	@AssertTrue(message = "{providers.validation.contractDates}")
	public boolean isContractDatesConsistent() {
		if (!Boolean.TRUE.equals(labourContract)) {
			return true;
		}
		return contractStart != null && (contractEnd == null || !contractEnd.isBefore(contractStart));
	}

	InstructorDetails details() {
		return new InstructorDetails(Objects.requireNonNull(name), gender == null || gender.isBlank() ? null : gender,
				Objects.requireNonNull(idNumber), phone, Objects.requireNonNull(certificateType),
				Objects.requireNonNull(certificateNo), certificateValidUntil, noCriminalRecordIssuedOn,
				Boolean.TRUE.equals(labourContract), contractStart, contractEnd, !Boolean.FALSE.equals(active));
	}
}
