package org.kehou.exchange;

/** Which way a record type travels. */
public enum Direction {
	/** service platform → city ({@code POST /exchange/v1/batches}) */
	UP,
	/** city → service platform ({@code GET /exchange/v1/feed}) */
	DOWN
}
