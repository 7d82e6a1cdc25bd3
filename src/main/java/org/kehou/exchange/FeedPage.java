package org.kehou.exchange;

import java.util.List;

/**
 * One page of the down feed: the records after the cursor that was asked for, the cursor to ask with next, and whether
 * more records are waiting.
 */
public record FeedPage(List<ExchangeRecord> records, String cursor, boolean more) {

	public FeedPage {
		records = List.copyOf(records);
	}
}
