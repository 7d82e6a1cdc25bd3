package org.kehou.ledger;

import java.util.List;

/** A page of postings, newest first ({@code page} from 0). */
public record PostingPage(List<PostingView> items, int page, int size, long total) {

	public PostingPage {
		items = List.copyOf(items);
	}

	public int totalPages() {
		return (int) ((total + size - 1) / size);
	}
}
