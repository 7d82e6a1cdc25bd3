package org.kehou.providers;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * An instructor as pages and the API show it: masked personal data, documents, assignability today and whether a
 * photo was uploaded ({@link InstructorPhotos}).
 */
public record InstructorView(long id, long providerId, String name, @Nullable String gender, String idNumberMasked,
		@Nullable String phoneMasked, CertificateType certificateType, String certificateNo,
		@Nullable LocalDate certificateValidUntil, @Nullable LocalDate noCriminalRecordIssuedOn, boolean labourContract,
		@Nullable LocalDate contractStart, @Nullable LocalDate contractEnd, boolean active, boolean assignable,
		java.util.List<Assignability.Reason> reasons, boolean hasPhoto) {

	/** What a list shows instead of a missing photo: the first character of the name (the surname). */
	public String initials() {
		String name = this.name.strip();
		return name.isEmpty() ? "?" : new String(Character.toChars(name.codePointAt(0))).toUpperCase(java.util.Locale.ROOT);
	}
}
