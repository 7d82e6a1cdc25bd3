package org.kehou.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Keeps the sessions stored in PostgreSQL (Spring Session JDBC) in memory for a few seconds, so that a signed-in
 * request costs no database round trip for its session.
 * <p>
 * Without it every request reads its session (a query and a commit) and writes it back (an update and a commit) only
 * to move the last-access time: on selection day that was half of the work of a request and most of the waiting for
 * connections. With it:
 * <ul>
 * <li>a session is read from the database at most once per {@code kehou.session.cache-ttl} (default 5 s) per node;
 * each request works on its own copy;</li>
 * <li>a change (sign-in, a new CSRF token, sign-out, a new session id) is written through at once, exactly as
 * before, and drops the copy, so the next request reads it back;</li>
 * <li>the last-access time is written at most once per {@code kehou.session.touch-interval} (default 60 s): the
 * stored expiry lags by at most that much behind a 30-minute timeout.</li>
 * </ul>
 * The price, on a cluster: a session ended on one node (sign-out, account disabled, password reset) is still accepted
 * by another node for at most the cache time, then never again. On the node that ended it, at once. A cache time of
 * zero switches this off.
 */
final class SessionCache implements BeanPostProcessor {

	private final Duration ttl;

	private final Duration touchInterval;

	SessionCache(Duration ttl, Duration touchInterval) {
		this.ttl = ttl;
		this.touchInterval = touchInterval;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof JdbcIndexedSessionRepository jdbc && !ttl.isZero() && !ttl.isNegative()) {
			return new CachingRepository(jdbc, ttl, touchInterval);
		}
		return bean;
	}

	/** The session repository everything uses: the JDBC one behind a short-lived copy per node. */
	static final class CachingRepository implements FindByIndexNameSessionRepository<CachedSession>, DisposableBean {

		private final JdbcIndexedSessionRepository jdbc;

		private final FindByIndexNameSessionRepository<Session> store;

		private final long ttlNanos;

		private final Duration touchInterval;

		private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

		private final AtomicInteger reads = new AtomicInteger();

		private final LongSupplier nanoTime;

		CachingRepository(JdbcIndexedSessionRepository jdbc, Duration ttl, Duration touchInterval) {
			this(jdbc, ttl, touchInterval, System::nanoTime);
		}

		@SuppressWarnings("unchecked")
		CachingRepository(JdbcIndexedSessionRepository jdbc, Duration ttl, Duration touchInterval, LongSupplier nanoTime) {
			this.nanoTime = nanoTime;
			this.jdbc = jdbc;
			this.store = (FindByIndexNameSessionRepository<Session>) (FindByIndexNameSessionRepository<?>) jdbc;
			this.ttlNanos = ttl.toNanos();
			this.touchInterval = touchInterval;
		}

		@Override
		public CachedSession createSession() {
			Session created = jdbc.createSession();
			return new CachedSession(this, new MapSession(created), created, null);
		}

		@Override
		public @Nullable CachedSession findById(String id) {
			long now = nanoTime.getAsLong();
			Snapshot snapshot = cache.get(id);
			if (snapshot == null || now - snapshot.loadedAt > ttlNanos) {
				Session loaded = store.findById(id); // null when unknown or expired (the store then deletes it)
				if (loaded == null) {
					cache.remove(id);
					return null;
				}
				snapshot = new Snapshot(new MapSession(loaded), now);
				cache.put(id, snapshot);
				if (reads.incrementAndGet() % 1024 == 0) {
					cache.values().removeIf(s -> now - s.loadedAt > ttlNanos);
				}
			}
			MapSession view = new MapSession(snapshot.session);
			view.setLastAccessedTime(snapshot.lastAccess);
			if (view.isExpired()) {
				deleteById(id);
				return null;
			}
			return new CachedSession(this, view, null, snapshot);
		}

		/** The stored session a change applies to; null when it was ended meanwhile. */
		private @Nullable Session load(CachedSession session) {
			Session stored = store.findById(session.originalId);
			if (stored == null) {
				cache.remove(session.originalId);
				return null;
			}
			stored.setLastAccessedTime(session.getLastAccessedTime());
			return stored;
		}

		@Override
		public void save(CachedSession session) {
			if (session.stored != null) {
				// a real change: written through, and read back by the next request
				if (!session.gone) {
					store.save(session.stored);
				}
				cache.remove(session.originalId);
				cache.remove(session.getId());
				return;
			}
			Snapshot snapshot = session.snapshot;
			if (snapshot == null || cache.get(session.getId()) != snapshot) {
				return; // changed or dropped meanwhile: the next read sees the database
			}
			Instant accessed = session.getLastAccessedTime();
			if (accessed.isAfter(snapshot.lastAccess)) {
				snapshot.lastAccess = accessed;
			}
			if (Duration.between(snapshot.touchedAt, accessed).compareTo(touchInterval) >= 0) {
				snapshot.touchedAt = accessed;
				Session stored = store.findById(session.getId());
				if (stored != null) {
					stored.setLastAccessedTime(accessed);
					store.save(stored);
				}
			}
		}

		@Override
		public void deleteById(String id) {
			cache.remove(id);
			store.deleteById(id);
		}

		@Override
		public Map<String, CachedSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
			return store.findByIndexNameAndIndexValue(indexName, indexValue)
				.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey,
						e -> new CachedSession(this, new MapSession(e.getValue()), null, null)));
		}

		@Override
		public void destroy() throws Exception {
			jdbc.destroy();
		}
	}

	/** A session as read from the database, shared by the requests of the next few seconds on this node. */
	private static final class Snapshot {

		final MapSession session;

		final long loadedAt;

		volatile Instant lastAccess;

		volatile Instant touchedAt;

		Snapshot(MapSession session, long loadedAt) {
			this.session = session;
			this.loadedAt = loadedAt;
			this.lastAccess = session.getLastAccessedTime();
			this.touchedAt = session.getLastAccessedTime();
		}
	}

	/**
	 * One request's session: reads from its own copy; the first change loads the stored session and applies every
	 * change to both, so that saving writes exactly what changed.
	 */
	static final class CachedSession implements Session {

		private final CachingRepository repository;

		private final MapSession view;

		private final String originalId;

		private final @Nullable Snapshot snapshot;

		private @Nullable Session stored;

		/** Ended (elsewhere) while this request changed it: the change goes nowhere. */
		private boolean gone;

		CachedSession(CachingRepository repository, MapSession view, @Nullable Session stored, @Nullable Snapshot snapshot) {
			this.repository = repository;
			this.view = view;
			this.originalId = view.getId();
			this.stored = stored;
			this.snapshot = snapshot;
		}

		@Override
		public String getId() {
			return view.getId();
		}

		@Override
		public String changeSessionId() {
			String id = writable().changeSessionId();
			view.setId(id);
			return id;
		}

		@Override
		public <T> @Nullable T getAttribute(String attributeName) {
			return view.getAttribute(attributeName);
		}

		@Override
		public Set<String> getAttributeNames() {
			return view.getAttributeNames();
		}

		@Override
		public void setAttribute(String attributeName, @Nullable Object attributeValue) {
			writable().setAttribute(attributeName, attributeValue);
			view.setAttribute(attributeName, attributeValue);
		}

		@Override
		public void removeAttribute(String attributeName) {
			writable().removeAttribute(attributeName);
			view.removeAttribute(attributeName);
		}

		@Override
		public Instant getCreationTime() {
			return view.getCreationTime();
		}

		@Override
		public void setLastAccessedTime(Instant lastAccessedTime) {
			view.setLastAccessedTime(lastAccessedTime);
			if (stored != null) {
				stored.setLastAccessedTime(lastAccessedTime);
			}
		}

		@Override
		public Instant getLastAccessedTime() {
			return view.getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			writable().setMaxInactiveInterval(interval);
			view.setMaxInactiveInterval(interval);
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return view.getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return view.isExpired();
		}

		private Session writable() {
			Session s = stored;
			if (s == null) {
				s = repository.load(this);
				if (s == null) {
					gone = true;
					s = new MapSession(view);
				}
				stored = s;
			}
			return s;
		}
	}
}
