package org.kehou.providers;

/**
 * A provider's application to one town's pool. Only {@code APPROVED} (with its validity) admits the provider;
 * {@code TOWN_APPROVED} waits for the city's confirmation ({@link ReviewLevel#TOWN_THEN_CITY}). {@code SUSPENDED}: the
 * town office suspended an approved admission to its pool (it keeps its validity and admits nothing until lifted).
 */
public enum AdmissionStatus {
	PENDING, APPROVED, REJECTED, RETURNED, TOWN_APPROVED, SUSPENDED
}
