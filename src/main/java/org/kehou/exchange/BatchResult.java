package org.kehou.exchange;

import java.util.List;

/**
 * The receiver's answer to a batch: its id, the counts per outcome and one result per record, in the order of the
 * request.
 */
public record BatchResult(long batchId, int accepted, int unchanged, int rejected, List<RecordResult> results) {

	public BatchResult {
		results = List.copyOf(results);
	}
}
