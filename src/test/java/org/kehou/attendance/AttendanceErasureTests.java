package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.people.StudentAnonymised;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A student's erasure reaches attendance: the guardian's leave reasons go, the leave and its sessions stay. */
@DemoCityTest
class AttendanceErasureTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Leaves leaves;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void anErasedStudentsLeaveReasonsAreErasedAndTheLeaveStays() {
		AttendanceWorld world = new AttendanceWorld(jdbc);
		long offering = world.offering("国画", "1 15:30-16:30");
		List<Long> children = world.children(offering, 2);
		long session = world.sessionToday(offering, "23:50", "23:59");
		LeaveView erased = leaves.request(children.get(0), List.of(session), "住院检查（肺炎）", null,
				Sessions.now().toLocalDate().atStartOfDay());
		LeaveView kept = leaves.request(children.get(1), List.of(session), "家中有事", null,
				Sessions.now().toLocalDate().atStartOfDay());

		new TransactionTemplate(transactions).executeWithoutResult(
				status -> events.publishEvent(new StudentAnonymised(children.get(0), world.school)));

		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
			.until(() -> "—".equals(leaves.find(erased.id()).orElseThrow().reason()));
		LeaveView after = leaves.find(erased.id()).orElseThrow();
		assertThat(after.reason()).isEqualTo("—");
		assertThat(after.status()).isEqualTo(LeaveStatus.APPROVED);
		assertThat(after.sessions()).hasSize(1);
		assertThat(leaves.find(kept.id()).orElseThrow().reason()).isEqualTo("家中有事");
	}
}
