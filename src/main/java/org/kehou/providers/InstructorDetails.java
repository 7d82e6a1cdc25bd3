package org.kehou.providers;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** What a provider registers about an instructor (already validated by the web layer). */
public record InstructorDetails(String name, @Nullable String gender, String idNumber, @Nullable String phone,
		CertificateType certificateType, String certificateNo, @Nullable LocalDate certificateValidUntil,
		@Nullable LocalDate noCriminalRecordIssuedOn, boolean labourContract, @Nullable LocalDate contractStart,
		@Nullable LocalDate contractEnd, boolean active) {

	Assignability.Documents documents() {
		return new Assignability.Documents(active, certificateValidUntil, noCriminalRecordIssuedOn, labourContract,
				contractStart, contractEnd);
	}
}
