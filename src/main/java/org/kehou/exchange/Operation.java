package org.kehou.exchange;

/** What a record asks of the receiver (wire names {@code upsert} and {@code delete}). */
public enum Operation {
	UPSERT, DELETE
}
