package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kehou.KehouApplication;
import org.kehou.demo.DemoCityTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The invariants with two application nodes on one database: a second, complete Kehou application (its own
 * connection pools, claim lanes and web server) starts against the test's PostgreSQL, and the children race through
 * both nodes at once. Neither node knows of the other; only the database keeps the seats and the times straight.
 */
@DemoCityTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeSelectionTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Places places;

	@Autowired
	HikariDataSource dataSource;

	ConfigurableApplicationContext secondNode;

	Places placesOnSecondNode;

	@BeforeAll
	void startSecondNode() {
		secondNode = new SpringApplicationBuilder(KehouApplication.class).profiles("test")
			.run("--kehou.database.url=" + dataSource.getJdbcUrl(),
					"--kehou.database.username=" + dataSource.getUsername(), "--kehou.database.password=",
					"--server.port=0", "--kehou.demo.enabled=false", "--spring.flyway.enabled=false",
					"--kehou.selection.waitlist-sweep=PT1H");
		placesOnSecondNode = secondNode.getBean(Places.class);
	}

	@AfterAll
	void stopSecondNode() {
		if (secondNode != null) {
			secondNode.close();
		}
	}

	@Test
	void aThousandAttemptsThroughTwoNodesAtOnePlaceConfirmExactlyOne() throws Exception {
		SelectionWorld world = new SelectionWorld(jdbc);
		world.openRound(RoundMode.FIRST_COME);
		long offering = world.offering("双节点", 1, "3 16:00-17:00");
		List<Long> children = world.children(1000, true);
		List<Callable<Long>> attempts = new ArrayList<>();
		for (int i = 0; i < children.size(); i++) {
			long child = children.get(i);
			Places node = i % 2 == 0 ? places : placesOnSecondNode;
			attempts.add(() -> node.select(child, offering, UUID.randomUUID().toString(), null).placeId());
		}
		assertThat(PlaceTests.race(attempts)).doesNotHaveDuplicates().hasSize(1000);
		assertThat(world.count(offering, PlaceStatus.CONFIRMED)).isEqualTo(1);
		assertThat(world.count(offering, PlaceStatus.WAITLISTED)).isEqualTo(999);
		assertThat(world.taken(offering)).isEqualTo(1);
	}

	@Test
	void childrenRacingThroughTwoNodesForOverlappingOfferingsNeverHoldBoth() throws Exception {
		SelectionWorld world = new SelectionWorld(jdbc);
		world.openRound(RoundMode.FIRST_COME);
		long left = world.offering("甲", 200, "5 16:00-17:00");
		long right = world.offering("乙", 200, "5 16:30-17:30");
		List<Callable<Long>> attempts = new ArrayList<>();
		for (long child : world.children(200, true)) {
			attempts.add(() -> attempt(places, child, left));
			attempts.add(() -> attempt(placesOnSecondNode, child, right));
		}
		PlaceTests.race(attempts);
		assertThat(jdbc.sql("""
				SELECT count(*) FROM place a JOIN place b ON a.student_id = b.student_id AND a.offering_id = :l
				  AND b.offering_id = :r AND a.status = 'CONFIRMED' AND b.status = 'CONFIRMED'""")
			.param("l", left).param("r", right).query(Integer.class).single()).isZero();
		assertThat(world.count(left, PlaceStatus.CONFIRMED) + world.count(right, PlaceStatus.CONFIRMED)).isEqualTo(200);
		assertThat(world.taken(left)).isEqualTo(world.count(left, PlaceStatus.CONFIRMED));
		assertThat(world.taken(right)).isEqualTo(world.count(right, PlaceStatus.CONFIRMED));
	}

	private static long attempt(Places node, long child, long offering) {
		try {
			return node.select(child, offering, null, null).placeId();
		}
		catch (SelectionRefused e) {
			assertThat(e.reason()).isEqualTo(SelectionRefused.Reason.OVERLAP);
			return -1;
		}
	}
}
