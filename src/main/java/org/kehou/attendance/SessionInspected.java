package org.kehou.attendance;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * An inspector recorded (or revised, {@code revised}) a visit to a session. Ids only; read the visit with
 * {@link Inspections#find(long)}.
 */
public record SessionInspected(long inspectionId, long sessionId, long offeringId, long schoolId,
		@Nullable Long providerId, LocalDate date, boolean revised) {
}
