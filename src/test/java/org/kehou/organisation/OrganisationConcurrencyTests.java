package org.kehou.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/** Uniqueness holds under concurrency: constraints and row locks, not check-then-insert. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class OrganisationConcurrencyTests extends OrganisationFixtureTests {

	static final int THREADS = 8;

	@Test
	void aClassNameIsTakenOnceEvenWhenManyAddItAtOnce() throws Exception {
		List<Outcome> outcomes = race(i -> () -> schools.addClass(f.school1(), 6, "8班"));
		assertThat(outcomes).filteredOn(o -> o == Outcome.DONE).hasSize(1);
		assertThat(outcomes).filteredOn(o -> o == Outcome.CONFLICT).hasSize(THREADS - 1);
		assertThat(schools.classesOf(f.school1())).filteredOn(c -> c.name().equals("8班")).hasSize(1);
	}

	@Test
	void overlappingTermsCannotBothBeCreated() throws Exception {
		// different semesters (no unique-key clash), overlapping dates: only the row lock on the school stops them
		List<Outcome> outcomes = race(i -> () -> terms.create(f.school2(), new NewTerm("学期" + i,
				(2030 + i) + "-" + (2031 + i), 1, LocalDate.of(2031, 3, 1).plusDays(i), LocalDate.of(2031, 7, 1))));
		assertThat(outcomes).filteredOn(o -> o == Outcome.DONE).hasSize(1);
		assertThat(terms.termsOf(f.school2())).hasSize(1);
	}

	enum Outcome {
		DONE, CONFLICT
	}

	private static List<Outcome> race(IntFunction<Callable<?>> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Outcome>> futures = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				Callable<?> work = task.apply(i);
				futures.add(pool.submit(() -> {
					start.await();
					try {
						work.call();
						return Outcome.DONE;
					}
					catch (IllegalStateException e) {
						return Outcome.CONFLICT;
					}
				}));
			}
			start.countDown();
			List<Outcome> outcomes = new ArrayList<>();
			for (Future<Outcome> future : futures) {
				outcomes.add(future.get());
			}
			return outcomes;
		}
		finally {
			pool.shutdownNow();
		}
	}
}
