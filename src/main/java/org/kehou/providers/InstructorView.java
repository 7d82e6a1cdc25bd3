package org.kehou.providers;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** An instructor as pages and the API show it: masked personal data, documents and assignability today. */
public record InstructorView(long id, long providerId, String name, @Nullable String gender, String idNumberMasked,
		@Nullable String phoneMasked, CertificateType certificateType, String certificateNo,
		@Nullable LocalDate certificateValidUntil, @Nullable LocalDate noCriminalRecordIssuedOn, boolean labourContract,
		@Nullable LocalDate contractStart, @Nullable LocalDate contractEnd, boolean active, boolean assignable,
		java.util.List<Assignability.Reason> reasons) {
}
