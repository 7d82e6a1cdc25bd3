package org.kehou.attendance;

/**
 * Whose visits a query reads: a school's (every session of the school), a provider's (the sessions of its
 * offerings, at every school) or one offering's. Callers check scope on the id they pass.
 */
public record InspectionSubject(Kind kind, long id) {

	public enum Kind {
		SCHOOL, PROVIDER, OFFERING
	}

	public static InspectionSubject school(long schoolId) {
		return new InspectionSubject(Kind.SCHOOL, schoolId);
	}

	public static InspectionSubject provider(long providerId) {
		return new InspectionSubject(Kind.PROVIDER, providerId);
	}

	public static InspectionSubject offering(long offeringId) {
		return new InspectionSubject(Kind.OFFERING, offeringId);
	}

	/** SQL condition on the visit {@code v} joined with its offering {@code o}; the id is the parameter {@code :subject}. */
	String condition() {
		return switch (kind) {
			case SCHOOL -> "v.school_id = :subject";
			case PROVIDER -> "o.provider_id = :subject";
			case OFFERING -> "v.offering_id = :subject";
		};
	}
}
