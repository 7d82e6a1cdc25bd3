package org.kehou.supervision;

import java.util.List;

import org.kehou.exchange.RecordResult;

/** The answer to an accepted batch: its id, the counts and one result per record in the order of the request. */
public record BatchReceipt(long batchId, int accepted, int unchanged, int rejected, List<RecordResult> results) {
}
