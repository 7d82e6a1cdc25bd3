package org.kehou.selection;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Values kept for a short time on this node (facts that rarely change, read by every selection in a rush). A time of
 * zero keeps nothing. A loader that throws caches nothing.
 */
final class Expiring<K, V> {

	private record Entry<V>(V value, long loadedAt) {
	}

	private final long ttlNanos;

	private final LongSupplier nanoTime;

	private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

	Expiring(Duration ttl) {
		this(ttl, System::nanoTime);
	}

	Expiring(Duration ttl, LongSupplier nanoTime) {
		this.ttlNanos = ttl.toNanos();
		this.nanoTime = nanoTime;
	}

	V get(K key, Function<K, V> loader) {
		if (ttlNanos <= 0) {
			return loader.apply(key);
		}
		long now = nanoTime.getAsLong();
		Entry<V> entry = entries.get(key);
		if (entry == null || now - entry.loadedAt() > ttlNanos) {
			if (entries.size() > 10_000) {
				entries.values().removeIf(e -> now - e.loadedAt() > ttlNanos);
			}
			entry = new Entry<>(loader.apply(key), now);
			entries.put(key, entry);
		}
		return entry.value();
	}

	void forget(K key) {
		entries.remove(key);
	}
}
