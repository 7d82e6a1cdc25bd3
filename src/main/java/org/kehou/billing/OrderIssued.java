package org.kehou.billing;

import java.time.Instant;

/** A new order with something to pay was made for a child (published in the transaction that made it). */
public record OrderIssued(long orderId, long studentId, long owedFen, Instant dueAt, boolean releasesPlaces) {
}
