package org.kehou.providers;

/** A provider's application to one town's pool. */
public enum AdmissionStatus {
	PENDING, APPROVED, REJECTED, RETURNED
}
