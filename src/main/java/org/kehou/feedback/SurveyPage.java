package org.kehou.feedback;

import java.util.List;

/** One page of a campaign list. */
public record SurveyPage(List<SurveyView> surveys, int page, int size, long total) {

	public int pages() {
		return (int) ((total + size - 1) / size);
	}

	public boolean hasNext() {
		return (long) (page + 1) * size < total;
	}
}
