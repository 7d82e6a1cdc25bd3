package org.kehou.providers.internal;

import java.io.IOException;
import java.io.InputStream;

/** Where document bytes live, by key; the database holds the metadata. */
public interface DocumentStorage {

	/** Stores the bytes under the key, completely or not at all. */
	void put(String key, InputStream content) throws IOException;

	InputStream get(String key) throws IOException;

	/** Removes the key; nothing happens when it does not exist. */
	void delete(String key) throws IOException;
}
