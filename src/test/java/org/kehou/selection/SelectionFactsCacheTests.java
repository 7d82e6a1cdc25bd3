package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.AuditLog;
import org.kehou.providers.Instructors;
import org.kehou.providers.Whitelist;
import org.kehou.selection.SelectionRefused.Reason;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * With the facts cache on (as in production): a selection reuses an offering's facts and a term's rounds for the
 * cache time, a revised or cancelled offering is read afresh at once, and what races — seats, a cancelled offering,
 * the per-child rules — is still decided by the database even while the copy is stale.
 */
@DemoCityTest
class SelectionFactsCacheTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	PlaceClaims claims;

	@Autowired
	SelectionRounds rounds;

	@Autowired
	Whitelist whitelist;

	@Autowired
	Instructors instructors;

	@Autowired
	AuditLog audit;

	@Autowired
	ApplicationEventPublisher events;

	SelectionWorld world;

	Places cached;

	@BeforeEach
	void world() {
		world = new SelectionWorld(jdbc);
		cached = new Places(jdbc, transactions, claims, rounds, whitelist, instructors, audit, events,
				new SelectionProperties(null, null, null, null, null, Duration.ofMinutes(10)));
	}

	@Test
	void aStaleCopyNeverSellsASeatTheDatabaseRefuses() {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("书法", 1, "2 16:00-17:00");
		assertThat(cached.select(world.child(), offering, null, null).status()).isEqualTo(PlaceStatus.CONFIRMED);

		// behind the copy's back (no event): the offering is cancelled; the claim's own check refuses it
		jdbc.sql("UPDATE offering SET status = 'CANCELLED' WHERE id = :o").param("o", offering).update();
		assertThatThrownBy(() -> cached.select(world.child(), offering, null, null))
			.isInstanceOfSatisfying(SelectionRefused.class,
					e -> assertThat(e.reason()).isEqualTo(Reason.OFFERING_NOT_OPEN));
		assertThat(world.taken(offering)).isEqualTo(1);
	}

	@Test
	void aRevisedOfferingIsReadAfreshAtOnce() {
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("围棋", 5, "3 16:00-17:00");
		long child = world.child();
		cached.select(world.child(), offering, null, null);
		int otherGrade = world.level + 1;
		jdbc.sql("UPDATE offering SET grades = ARRAY[:g] WHERE id = :o").param("g", otherGrade).param("o", offering).update();
		assertThat(cached.select(child, offering, null, null).status()).as("the copy still admits the grade")
			.isEqualTo(PlaceStatus.CONFIRMED);

		cached.forget(new OfferingRevised(offering, world.term, world.school));
		assertThatThrownBy(() -> cached.select(world.child(), offering, null, null))
			.isInstanceOfSatisfying(SelectionRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ELIGIBLE));
	}

	@Test
	void theCopyExpiresAndAZeroTimeKeepsNothing() {
		AtomicLong clock = new AtomicLong();
		AtomicInteger loads = new AtomicInteger();
		Expiring<String, Integer> copy = new Expiring<>(Duration.ofSeconds(1), clock::get);
		assertThat(copy.get("a", k -> loads.incrementAndGet())).isEqualTo(1);
		clock.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(copy.get("a", k -> loads.incrementAndGet())).as("within the time").isEqualTo(1);
		clock.addAndGet(1);
		assertThat(copy.get("a", k -> loads.incrementAndGet())).as("after it").isEqualTo(2);
		copy.forget("a");
		assertThat(copy.get("a", k -> loads.incrementAndGet())).isEqualTo(3);
		assertThatThrownBy(() -> copy.get("b", k -> {
			throw new IllegalStateException("no");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(copy.get("b", k -> 7)).as("a failed load is not kept").isEqualTo(7);

		Expiring<String, Integer> none = new Expiring<>(Duration.ZERO, clock::get);
		none.get("a", k -> loads.incrementAndGet());
		none.get("a", k -> loads.incrementAndGet());
		assertThat(loads.get()).isEqualTo(5);
	}
}
