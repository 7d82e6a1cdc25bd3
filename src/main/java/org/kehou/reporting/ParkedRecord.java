package org.kehou.reporting;

import java.time.Instant;

/** A record parked with the reasons it was refused (by the city, or by the standard's schema before sending). */
public record ParkedRecord(String type, String id, long version, String reasons, Instant parkedAt) {
}
