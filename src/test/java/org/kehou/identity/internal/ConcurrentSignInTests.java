package org.kehou.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.kehou.identity.AuditLog;
import org.kehou.identity.IdentityProperties;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.OneTimeCodeSender;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Failed passwords are counted without lost updates, and concurrent code requests for one number create one code;
 * demo mode shows the code. Same context configuration as the other identity tests.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ConcurrentSignInTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SignInAttempts attempts;

	@Autowired
	OneTimeCodes codes;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	PasswordEncoder encoder;

	@Autowired
	Accounts accounts;

	@Autowired
	SessionSignIn sessions;

	@Autowired
	AuditLog audit;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	IdentityProperties properties;

	@Test
	void concurrentFailuresAreAllCounted() throws Exception {
		long id = jdbc.sql("""
				INSERT INTO app_user (username, display_name, password_hash, role) VALUES (:u, 'x', '{noop}x', 'CITY_ADMIN')
				RETURNING id""").param("u", "race" + System.nanoTime()).query(Long.class).single();
		runConcurrently(20, () -> attempts.failedForAccount(id));
		assertThat(jdbc.sql("SELECT failed_attempts FROM app_user WHERE id = :id").param("id", id)
			.query(Integer.class).single()).isEqualTo(20);
		assertThat(jdbc.sql("SELECT locked_until > now() FROM app_user WHERE id = :id").param("id", id)
			.query(Boolean.class).single()).isTrue();
	}

	@Test
	void concurrentCodeRequestsCreateOneCode() throws Exception {
		String phone = "137" + String.format("%08d", System.nanoTime() % 100_000_000L);
		List<OneTimeCodes.SendResult> results = runConcurrently(8, () -> codes.send(phone));
		assertThat(results).filteredOn(r -> r.status() == OneTimeCodes.SendStatus.SENT).hasSize(1);
		assertThat(jdbc.sql("SELECT count(*) FROM one_time_code WHERE phone_hash = :h")
			.param("h", cipher.phoneHash(phone))
			.query(Long.class)
			.single()).isOne();
	}

	@Test
	void demoModeShowsTheCodeOfAKnownNumberOnly() {
		List<String> sent = new ArrayList<>();
		OneTimeCodeSender recording = (phone, template, code, minutes) -> sent.add(code);
		OneTimeCodes demo = new OneTimeCodes(jdbc, cipher, encoder, recording, accounts, attempts, sessions, audit, tx,
				properties, java.util.List.of(() -> true));
		String known = "136" + String.format("%08d", System.nanoTime() % 100_000_000L);
		jdbc.sql("""
				INSERT INTO app_user (username, phone_hash, display_name, role) VALUES (:u, :h, 'x', 'CITY_ADMIN')""")
			.param("u", "demo" + System.nanoTime())
			.param("h", cipher.phoneHash(known))
			.update();
		OneTimeCodes.SendResult result = demo.send(known);
		assertThat(result.demoCode()).isNotNull().isEqualTo(sent.get(0));

		String unknown = "135" + String.format("%08d", System.nanoTime() % 100_000_000L);
		assertThat(demo.send(unknown).demoCode()).isNull();
		assertThat(sent).hasSize(1);
		// not in demo mode (the default), the page never gets the code
		assertThat(codes.send("134" + String.format("%08d", System.nanoTime() % 100_000_000L)).demoCode()).isNull();
	}

	@Autowired
	SignInHousekeeping housekeeping;

	@Test
	void housekeepingRemovesLongExpiredCodesOnly() {
		byte[] old = cipher.phoneHash("13300000001");
		byte[] fresh = cipher.phoneHash("13300000002");
		jdbc.sql("INSERT INTO one_time_code (phone_hash, code_hash, created_at, expires_at) "
				+ "VALUES (:h, 'x', now() - INTERVAL '3 days', now() - INTERVAL '2 days')").param("h", old).update();
		jdbc.sql("INSERT INTO one_time_code (phone_hash, code_hash, expires_at) VALUES (:h, 'x', now() + INTERVAL '5 minutes')")
			.param("h", fresh)
			.update();
		housekeeping.removeStaleRecords();
		assertThat(jdbc.sql("SELECT count(*) FROM one_time_code WHERE phone_hash = :h").param("h", old)
			.query(Long.class).single()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM one_time_code WHERE phone_hash = :h").param("h", fresh)
			.query(Long.class).single()).isOne();
	}

	private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> f : futures) {
				results.add(f.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}
}
