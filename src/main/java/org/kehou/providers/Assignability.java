package org.kehou.providers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Whether an instructor may be assigned to teach on a date (invariant 4): only while the teacher or professional
 * certificate is valid, the no-criminal-record certificate was issued within the last year, and a labour contract
 * covers the date. Otherwise the reasons, as codes with messages {@code providers.instructor.reason.<CODE>}.
 */
public record Assignability(List<Reason> reasons) {

	public enum Reason {
		INACTIVE, CERTIFICATE_EXPIRED, NO_CRIMINAL_RECORD_MISSING, NO_CRIMINAL_RECORD_EXPIRED, NO_LABOUR_CONTRACT,
		CONTRACT_NOT_STARTED, CONTRACT_ENDED;

		public String messageKey() {
			return "providers.instructor.reason." + name();
		}
	}

	public Assignability {
		reasons = List.copyOf(reasons);
	}

	public boolean assignable() {
		return reasons.isEmpty();
	}

	/** The documents the rule looks at. */
	public record Documents(boolean active, @Nullable LocalDate certificateValidUntil,
			@Nullable LocalDate noCriminalRecordIssuedOn, boolean labourContract, @Nullable LocalDate contractStart,
			@Nullable LocalDate contractEnd) {
	}

	/** The one place where the rule lives. */
	public static Assignability on(Documents d, LocalDate date) {
		List<Reason> reasons = new ArrayList<>();
		if (!d.active()) {
			reasons.add(Reason.INACTIVE);
		}
		if (d.certificateValidUntil() != null && d.certificateValidUntil().isBefore(date)) {
			reasons.add(Reason.CERTIFICATE_EXPIRED);
		}
		if (d.noCriminalRecordIssuedOn() == null || d.noCriminalRecordIssuedOn().isAfter(date)) {
			reasons.add(Reason.NO_CRIMINAL_RECORD_MISSING);
		}
		else if (!d.noCriminalRecordIssuedOn().plusYears(1).isAfter(date)) {
			reasons.add(Reason.NO_CRIMINAL_RECORD_EXPIRED);
		}
		if (!d.labourContract()) {
			reasons.add(Reason.NO_LABOUR_CONTRACT);
		}
		else if (d.contractStart() != null && d.contractStart().isAfter(date)) {
			reasons.add(Reason.CONTRACT_NOT_STARTED);
		}
		else if (d.contractEnd() != null && d.contractEnd().isBefore(date)) {
			reasons.add(Reason.CONTRACT_ENDED);
		}
		return new Assignability(reasons);
	}
}
