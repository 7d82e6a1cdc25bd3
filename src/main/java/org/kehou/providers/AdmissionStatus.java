package org.kehou.providers;

/**
 * A provider's application to one town's pool. Only {@code APPROVED} (with its validity) admits the provider;
 * {@code TOWN_APPROVED} waits for the city's confirmation ({@link ReviewLevel#TOWN_THEN_CITY}).
 */
public enum AdmissionStatus {
	PENDING, APPROVED, REJECTED, RETURNED, TOWN_APPROVED
}
