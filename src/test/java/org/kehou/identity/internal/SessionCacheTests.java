package org.kehou.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.identity.internal.SessionCache.CachedSession;
import org.kehou.identity.internal.SessionCache.CachingRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions read through the per-node copy: reads cost no query within the cache time, changes are written through at
 * once, the last-access time is written at most once per touch interval, and a session ended behind a node's back is
 * refused by it once the cache time has passed. Same context configuration as the other identity tests.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SessionCacheTests {

	private static final Duration TTL = Duration.ofSeconds(5);

	/** The nodes' clock, moved by the tests. */
	final AtomicLong nanos = new AtomicLong();

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	SessionRepository<?> applicationRepository;

	CachingRepository sessions;

	/** A second node's view of the same table. */
	CachingRepository otherNode;

	@BeforeEach
	void repositories() {
		sessions = new CachingRepository(jdbcRepository(), TTL, Duration.ofSeconds(60), nanos::get);
		otherNode = new CachingRepository(jdbcRepository(), TTL, Duration.ofSeconds(60), nanos::get);
	}

	JdbcIndexedSessionRepository jdbcRepository() {
		JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(jdbcTemplate, tx);
		repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
		return repository;
	}

	@Test
	void theApplicationUsesTheCache() {
		assertThat(applicationRepository).isInstanceOf(CachingRepository.class)
			.isInstanceOf(FindByIndexNameSessionRepository.class);
	}

	@Test
	void changesAreWrittenThroughAndSeenByEveryNode() {
		CachedSession created = sessions.createSession();
		created.setAttribute("greeting", "你好");
		sessions.save(created);
		assertThat(stored(created.getId())).isEqualTo(1);

		CachedSession read = otherNode.findById(created.getId());
		assertThat(read).isNotNull();
		assertThat(read.<String>getAttribute("greeting")).isEqualTo("你好");

		read.setAttribute("greeting", "再见");
		read.removeAttribute("nothing");
		otherNode.save(read);
		CachedSession again = sessions.findById(created.getId());
		assertThat(again).isNotNull();
		assertThat(again.<String>getAttribute("greeting")).isEqualTo("再见");
		// a fresh store (no copy at all) agrees
		Session fresh = jdbcRepository().findById(created.getId());
		assertThat(fresh.<String>getAttribute("greeting")).isEqualTo("再见");
	}

	@Test
	void readsWithinTheCacheTimeCostNoQueryAndAnEndedSessionIsRefusedAfterIt() {
		CachedSession created = sessions.createSession();
		created.setAttribute("n", 1);
		sessions.save(created);
		String id = created.getId();
		assertThat(otherNode.findById(id)).isNotNull();

		// another node signs the session out: gone at once there, and here after the cache time
		sessions.deleteById(id);
		assertThat(sessions.findById(id)).isNull();
		assertThat(stored(id)).isZero();
		assertThat(otherNode.findById(id)).as("served from this node's copy").isNotNull();
		nanos.addAndGet(TTL.toNanos() - 1);
		assertThat(otherNode.findById(id)).as("still within the cache time").isNotNull();
		nanos.addAndGet(2);
		assertThat(otherNode.findById(id)).isNull();
	}

	@Test
	void theLastAccessTimeIsWrittenOncePerTouchInterval() {
		CachedSession created = sessions.createSession();
		sessions.save(created);
		String id = created.getId();
		long storedAccess = lastAccess(id);

		CachedSession read = sessions.findById(id);
		read.setLastAccessedTime(Instant.ofEpochMilli(storedAccess).plusSeconds(30));
		sessions.save(read);
		assertThat(lastAccess(id)).as("within the touch interval: no write").isEqualTo(storedAccess);
		assertThat(sessions.findById(id).getLastAccessedTime())
			.as("but this node knows it").isEqualTo(Instant.ofEpochMilli(storedAccess).plusSeconds(30));

		read = sessions.findById(id);
		Instant later = Instant.ofEpochMilli(storedAccess).plusSeconds(61).truncatedTo(ChronoUnit.MILLIS);
		read.setLastAccessedTime(later);
		sessions.save(read);
		assertThat(lastAccess(id)).isEqualTo(later.toEpochMilli());
	}

	@Test
	void aNewSessionIdReplacesTheOldOne() {
		CachedSession created = sessions.createSession();
		created.setAttribute("who", "guardian");
		sessions.save(created);
		String old = created.getId();

		CachedSession read = sessions.findById(old);
		String renewed = read.changeSessionId();
		sessions.save(read);
		assertThat(renewed).isNotEqualTo(old);
		assertThat(sessions.findById(old)).isNull();
		assertThat(sessions.findById(renewed).<String>getAttribute("who")).isEqualTo("guardian");
	}

	@Test
	void anExpiredSessionIsNotServedFromTheCopy() {
		CachedSession created = sessions.createSession();
		created.setMaxInactiveInterval(Duration.ofMinutes(1));
		sessions.save(created);
		CachedSession read = sessions.findById(created.getId());
		read.setLastAccessedTime(Instant.now().minus(Duration.ofMinutes(2)));
		// only this node's copy knows the old access time; it must not serve an expired session from it
		sessions.save(read);
		assertThat(sessions.findById(created.getId())).isNotNull(); // the copy moved forward, never back
		jdbc.sql("UPDATE spring_session SET last_access_time = :t, expiry_time = :t + 60000 WHERE session_id = :id")
			.param("t", Instant.now().minus(Duration.ofMinutes(2)).toEpochMilli())
			.param("id", created.getId())
			.update();
		assertThat(otherNode.findById(created.getId())).isNull();
	}

	@Test
	void aChangeToASessionEndedMeanwhileGoesNowhere() {
		CachedSession created = sessions.createSession();
		sessions.save(created);
		CachedSession read = otherNode.findById(created.getId());
		sessions.deleteById(created.getId());
		read.setAttribute("late", "yes");
		otherNode.save(read);
		assertThat(stored(created.getId())).isZero();
		assertThat(otherNode.findById(created.getId())).isNull();
	}

	int stored(String id) {
		return jdbc.sql("SELECT count(*) FROM spring_session WHERE session_id = :id").param("id", id).query(Integer.class)
			.single();
	}

	long lastAccess(String id) {
		return jdbc.sql("SELECT last_access_time FROM spring_session WHERE session_id = :id").param("id", id)
			.query(Long.class)
			.single();
	}
}
