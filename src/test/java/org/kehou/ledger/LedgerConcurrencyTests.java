package org.kehou.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kehou.ledger.LedgerWorld.fen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger under concurrency and under random sequences: many threads post random balanced postings over a small
 * pool of accounts (several opened for the first time by the racing threads), with duplicates and conflicting
 * variants of the same keys; random sequences of valid, invalid, repeated, conflicting postings and reversals are
 * checked against a model. Each run prints its seed on failure; rerun one with {@code -Dledger.seed=…}.
 */
@DemoCityTest
class LedgerConcurrencyTests {

	@Autowired
	Ledger ledger;

	@Autowired
	LedgerReports reports;

	@Autowired
	JdbcClient jdbc;

	LedgerWorld world;

	@BeforeEach
	void world() {
		world = new LedgerWorld(jdbc);
	}

	/** Accounts the postings move: some students never used before (opened by racing threads), funds, providers… */
	List<AccountRef> pool(Random random) {
		long school = world.school("school2");
		List<Long> students = world.students(school, 40);
		List<AccountRef> pool = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			long student = students.get(random.nextInt(students.size()));
			pool.add(AccountRef.guardianReceivable(student));
			pool.add(AccountRef.refundsPayable(student));
		}
		pool.add(AccountRef.specialFund(school));
		pool.add(AccountRef.schoolAccount(school));
		pool.add(AccountRef.cash(school));
		world.providers(2).forEach(p -> pool.add(AccountRef.providerPayable(p)));
		pool.add(AccountRef.gatewayClearing());
		return List.copyOf(new HashSet<>(pool));
	}

	/** 2–5 legs over distinct-or-not accounts of the pool, at least one per side, debits = credits, all > 0. */
	static List<Leg> balancedLegs(Random random, List<AccountRef> pool) {
		int n = 2 + random.nextInt(4);
		int debits = 1 + random.nextInt(n - 1);
		int credits = n - debits;
		List<Leg> legs = new ArrayList<>();
		long total = 0;
		for (int i = 0; i < debits; i++) {
			long amount = credits + random.nextInt(50_000);
			total += amount;
			legs.add(Leg.debit(pool.get(random.nextInt(pool.size())), fen(amount)));
		}
		long left = total;
		for (int i = 0; i < credits; i++) {
			int rest = credits - 1 - i; // credits still to come, at least 1 fen each
			long amount = rest == 0 ? left : 1 + random.nextInt((int) (left - rest));
			left -= amount;
			legs.add(Leg.credit(pool.get(random.nextInt(pool.size())), fen(amount)));
		}
		Collections.shuffle(legs, random);
		return legs;
	}

	Map<AccountRef, AccountBalance> balances(List<AccountRef> pool) {
		Map<AccountRef, AccountBalance> all = new HashMap<>();
		pool.forEach(a -> all.put(a, ledger.balance(a)));
		return all;
	}

	static void apply(Map<AccountRef, long[]> moved, List<Leg> legs) {
		for (Leg leg : legs) {
			long[] sums = moved.computeIfAbsent(leg.account(), a -> new long[2]);
			sums[leg.side() == Side.DEBIT ? 0 : 1] += leg.amount().fen();
		}
	}

	void assertMoved(List<AccountRef> pool, Map<AccountRef, AccountBalance> before, Map<AccountRef, long[]> moved) {
		for (AccountRef account : pool) {
			long[] sums = moved.getOrDefault(account, new long[2]);
			AccountBalance now = ledger.balance(account);
			assertThat(now.debits()).as("debits of " + account).isEqualTo(before.get(account).debits().plus(fen(sums[0])));
			assertThat(now.credits()).as("credits of " + account).isEqualTo(before.get(account).credits().plus(fen(sums[1])));
		}
		LedgerProof proof = reports.proof();
		assertThat(proof.holds()).as(proof.toString()).isTrue();
	}

	static long seed() {
		return Long.getLong("ledger.seed", System.nanoTime());
	}

	static void withSeed(long seed, Runnable test) {
		try {
			test.run();
		}
		catch (AssertionError | RuntimeException e) {
			System.err.println("LEDGER TEST FAILED WITH SEED " + seed + " (rerun with -Dledger.seed=" + seed + ")");
			throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
		}
	}

	@Test
	void manyThreadsPostingRandomPostingsAndDuplicatesPostEachKeyOnceAndKeepTheLedgerBalanced() throws Exception {
		long seed = seed();
		withSeed(seed, () -> {
			try {
				race(new Random(seed));
			}
			catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
	}

	record Attempt(int key, int variant, Object outcome) {
	}

	void race(Random random) throws InterruptedException {
		List<AccountRef> pool = pool(random);
		int keys = 60;
		List<List<List<Leg>>> variants = new ArrayList<>();
		for (int k = 0; k < keys; k++) {
			List<List<Leg>> v = new ArrayList<>();
			v.add(balancedLegs(random, pool));
			if (k % 4 == 0) {
				v.add(balancedLegs(random, pool)); // a conflicting variant of the same key
			}
			variants.add(v);
		}
		Map<AccountRef, AccountBalance> before = balances(pool);
		int threads = 8;
		int perThread = 30;
		long[] threadSeeds = new long[threads];
		for (int t = 0; t < threads; t++) {
			threadSeeds[t] = random.nextLong();
		}
		ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool8 = Executors.newFixedThreadPool(threads);
		for (int t = 0; t < threads; t++) {
			Random mine = new Random(threadSeeds[t]);
			pool8.submit(() -> {
				start.await();
				for (int i = 0; i < perThread; i++) {
					int k = mine.nextInt(keys);
					int v = mine.nextInt(variants.get(k).size());
					Posting posting = new Posting(world.key("race-" + k), PostingKind.PAYMENT, "race:" + k, "并发测试",
							Instant.now(), variants.get(k).get(v));
					Object outcome;
					try {
						outcome = ledger.post(posting);
					}
					catch (RuntimeException e) {
						outcome = e;
					}
					attempts.add(new Attempt(k, v, outcome));
				}
				return null;
			});
		}
		start.countDown();
		pool8.shutdown();
		assertThat(pool8.awaitTermination(5, TimeUnit.MINUTES)).as("all threads finished").isTrue();
		assertThat(attempts).hasSize(threads * perThread);

		Map<AccountRef, long[]> moved = new HashMap<>();
		Set<Integer> tried = new HashSet<>();
		attempts.forEach(a -> tried.add(a.key()));
		for (int k : tried) {
			List<Long> stored = jdbc.sql("SELECT id FROM ledger_posting WHERE idempotency_key = :k")
				.param("k", world.key("race-" + k))
				.query(Long.class)
				.list();
			assertThat(stored).as("key " + k + " posted once").hasSize(1);
			Entry entry = ledger.entry(stored.get(0)).orElseThrow();
			List<Leg> legs = entry.legs();
			int winner = -1;
			for (int v = 0; v < variants.get(k).size(); v++) {
				if (sameLegs(legs, variants.get(k).get(v))) {
					winner = v;
				}
			}
			assertThat(winner).as("key " + k + " stored one of its variants").isNotNegative();
			apply(moved, legs);
			for (Attempt a : attempts) {
				if (a.key() != k) {
					continue;
				}
				if (a.variant() == winner) {
					assertThat(a.outcome()).as("attempt of the stored variant of key " + k).isInstanceOf(Entry.class);
					assertThat(((Entry) a.outcome()).id()).isEqualTo(entry.id());
				}
				else {
					assertThat(a.outcome()).as("attempt of the other variant of key " + k).isInstanceOf(LedgerRefused.class);
					assertThat(((LedgerRefused) a.outcome()).reason()).isEqualTo(LedgerRefused.Reason.KEY_CONFLICT);
				}
			}
			long fresh = attempts.stream()
				.filter(a -> a.key() == k && a.outcome() instanceof Entry e && !e.replayed())
				.count();
			assertThat(fresh).as("key " + k + " written by exactly one attempt").isEqualTo(1);
		}
		assertMoved(pool, before, moved);
		assertThat(jdbc.sql("SELECT count(*) FROM ledger_account WHERE kind = :k AND owner_id = :o")
			.param("k", AccountKind.GATEWAY_CLEARING.name()).param("o", 0L).query(Long.class).single())
			.as("one platform clearing account").isEqualTo(1);
	}

	@Test
	void manyThreadsReversingOnePostingReverseItOnce() throws Exception {
		List<AccountRef> pool = pool(new Random(7));
		Entry original = ledger.post(new Posting(world.key("to-reverse"), PostingKind.ORDER, "order:reverse", "将被冲正",
				Instant.now(), balancedLegs(new Random(8), pool)));
		Map<AccountRef, AccountBalance> before = balances(pool);
		int threads = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		List<java.util.concurrent.Future<Entry>> results = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int n = t;
			results.add(executor.submit(() -> {
				start.await();
				return ledger.reverse(original.id(), "并发冲正 " + n);
			}));
		}
		start.countDown();
		executor.shutdown();
		assertThat(executor.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
		Set<Long> ids = new HashSet<>();
		int fresh = 0;
		for (var r : results) {
			Entry e = r.get();
			ids.add(e.id());
			fresh += e.replayed() ? 0 : 1;
		}
		assertThat(ids).as("one reversal").hasSize(1);
		assertThat(fresh).as("written by one call").isEqualTo(1);
		Map<AccountRef, long[]> moved = new HashMap<>();
		apply(moved, original.legs().stream().map(Leg::mirrored).toList());
		assertMoved(pool, before, moved);
	}

	static boolean sameLegs(List<Leg> a, List<Leg> b) {
		List<String> x = new ArrayList<>(a.stream().map(Leg::toString).toList());
		List<String> y = new ArrayList<>(b.stream().map(Leg::toString).toList());
		Collections.sort(x);
		Collections.sort(y);
		return x.equals(y);
	}

	@Test
	void randomSequencesOfPostingsRepostsConflictsAndReversalsAgreeWithAModel() {
		for (long seed : new long[] { 20261129L, seed() }) {
			withSeed(seed, () -> sequence(new Random(seed), 160));
		}
	}

	void sequence(Random random, int steps) {
		List<AccountRef> pool = pool(random);
		Map<AccountRef, AccountBalance> before = balances(pool);
		Map<AccountRef, long[]> moved = new HashMap<>();
		Map<String, List<Leg>> posted = new HashMap<>();
		Map<String, Long> ids = new HashMap<>();
		Set<Long> reversed = new HashSet<>();
		List<String> keys = new ArrayList<>();
		String prefix = "seq-" + random.nextLong() + "-";
		for (int step = 0; step < steps; step++) {
			int op = random.nextInt(100);
			String fingerprint = world.fingerprint();
			if (op < 40 || keys.isEmpty()) {
				String key = world.key(prefix + step);
				List<Leg> legs = balancedLegs(random, pool);
				Entry e = ledger.post(new Posting(key, PostingKind.ORDER, "seq:" + step, "随机序列", Instant.now(), legs));
				assertThat(e.replayed()).isFalse();
				posted.put(key, legs);
				ids.put(key, e.id());
				keys.add(key);
				apply(moved, legs);
			}
			else if (op < 55) {
				List<Leg> legs = new ArrayList<>(balancedLegs(random, pool));
				int broken = random.nextInt(4);
				Leg first = legs.get(0);
				LedgerRefused.Reason expected = switch (broken) {
					case 0 -> {
						legs.set(0, new Leg(first.account(), first.side(), first.amount().plus(fen(1))));
						yield LedgerRefused.Reason.UNBALANCED;
					}
					case 1 -> {
						legs.set(0, new Leg(first.account(), first.side(), Money.ZERO));
						yield LedgerRefused.Reason.NOT_POSITIVE;
					}
					case 2 -> {
						legs.set(0, new Leg(first.account(), first.side(), fen(-first.amount().fen())));
						yield LedgerRefused.Reason.NOT_POSITIVE;
					}
					default -> {
						legs.subList(1, legs.size()).clear();
						yield LedgerRefused.Reason.TOO_FEW_LEGS;
					}
				};
				Posting bad = new Posting(world.key(prefix + step), PostingKind.ORDER, "seq:" + step, "坏分录",
						Instant.now(), legs);
				try {
					ledger.post(bad);
					throw new AssertionError("step " + step + ": a broken posting was accepted: " + legs);
				}
				catch (LedgerRefused e) {
					assertThat(e.reason()).as("step " + step).isEqualTo(expected);
				}
				assertThat(world.fingerprint()).as("step " + step + ": nothing written").isEqualTo(fingerprint);
			}
			else if (op < 70) {
				String key = keys.get(random.nextInt(keys.size()));
				List<Leg> legs = new ArrayList<>(posted.get(key));
				Collections.shuffle(legs, random);
				Entry first = ledger.entry(ids.get(key)).orElseThrow();
				Entry e = ledger.post(new Posting(key, first.kind(), first.reference(), "重放", Instant.now(), legs));
				assertThat(e.replayed()).as("step " + step).isTrue();
				assertThat(e.id()).isEqualTo(ids.get(key));
				assertThat(world.fingerprint()).as("step " + step + ": a replay writes nothing").isEqualTo(fingerprint);
			}
			else if (op < 80) {
				String key = keys.get(random.nextInt(keys.size()));
				Entry first = ledger.entry(ids.get(key)).orElseThrow();
				List<Leg> other = balancedLegs(random, pool);
				try {
					ledger.post(new Posting(key, first.kind(), first.reference(), "冲突", Instant.now(), other));
					assertThat(sameLegs(other, first.legs())).as("step " + step + ": a conflict was accepted").isTrue();
				}
				catch (LedgerRefused e) {
					assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.KEY_CONFLICT);
				}
				assertThat(world.fingerprint()).as("step " + step + ": a conflict writes nothing").isEqualTo(fingerprint);
			}
			else {
				String key = keys.get(random.nextInt(keys.size()));
				long id = ids.get(key);
				Entry reversal = ledger.reverse(id, "随机冲正 " + step);
				assertThat(reversal.replayed()).as("step " + step + ": reversed before").isEqualTo(reversed.contains(id));
				if (reversed.add(id)) {
					apply(moved, posted.get(key).stream().map(Leg::mirrored).toList());
				}
				else {
					assertThat(world.fingerprint()).as("step " + step).isEqualTo(fingerprint);
				}
			}
			if (step % 40 == 39) {
				assertMoved(pool, before, moved);
			}
		}
		assertMoved(pool, before, moved);
	}
}
