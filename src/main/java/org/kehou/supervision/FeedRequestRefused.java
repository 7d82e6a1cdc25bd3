package org.kehou.supervision;

/** A signed pull of the down feed with a bad {@code cursor} or {@code limit} (400 Problem Details). */
public class FeedRequestRefused extends RuntimeException {

	public FeedRequestRefused(String detail) {
		super(detail);
	}
}
