package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Roll call: the roll (confirmed places minus approved leave), idempotent saving (re-send, two identical sends at
 * once), corrections audited, absence alerts, the overdue sweep raising each alert once.
 */
@DemoCityTest
@RecordApplicationEvents
class RollCallTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RollCalls rollCalls;

	@Autowired
	Leaves leaves;

	@Autowired
	ApplicationEvents events;

	@Autowired
	ApplicationContext context;

	AttendanceWorld world;

	long offering;

	long session;

	List<Long> children;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		offering = world.offering("合唱", "1 15:30-16:30");
		children = world.children(offering, 4);
		session = world.sessionToday(offering, "23:50", "23:59");
	}

	@Test
	void approvedLeaveTakesTheChildOffTheRollAndAnAbsenceWithoutLeaveIsAnnounced() {
		LeaveView leave = leaves.request(children.get(0), List.of(session), "发烧", null, Sessions.now().toLocalDate().atStartOfDay());
		assertThat(leave.status()).isEqualTo(LeaveStatus.APPROVED); // school1 approves at once by default
		assertThat(rollCalls.roster(session)).extracting(RollCalls.RosterEntry::studentId)
			.containsExactlyInAnyOrderElementsOf(children.subList(1, 4));
		RollCalls.RosterEntry first = rollCalls.roster(session).get(0);
		assertThat(first.initial()).isEqualTo(first.name().substring(0, 1));
		assertThat(first.guardianPhone()).contains("****");

		RollCalls.Saved saved = rollCalls.save(session, "k-1", true, Map.of(children.get(2), Mark.ABSENT));
		assertThat(saved).isEqualTo(new RollCalls.Saved(false, 2, 0, 1, 0));
		assertThat(events.stream(ChildMarkedAbsent.class).filter(e -> e.sessionId() == session))
			.extracting(ChildMarkedAbsent::studentId).containsExactly(children.get(2));
		assertThatThrownBy(() -> rollCalls.save(session, "k-x", false, Map.of(children.get(0), Mark.PRESENT)))
			.isInstanceOf(IllegalArgumentException.class); // on leave: not on the roll
	}

	@Test
	void aResendChangesNothingAndACorrectionIsAudited() {
		rollCalls.save(session, "k-1", true, Map.of(children.get(1), Mark.LATE));
		String before = state();
		int audits = audits();
		RollCalls.Saved again = rollCalls.save(session, "k-1", false, Map.of(children.get(1), Mark.ABSENT));
		assertThat(again.replay()).isTrue();
		assertThat(state()).isEqualTo(before);
		assertThat(audits()).isEqualTo(audits);
		assertThat(events.stream(ChildMarkedAbsent.class).filter(e -> e.sessionId() == session)).isEmpty();

		RollCalls.Saved corrected = rollCalls.save(session, "k-2", false, Map.of(children.get(1), Mark.ABSENT));
		assertThat(corrected.corrected()).isEqualTo(1);
		assertThat(jdbc.sql("""
				SELECT detail FROM audit_event WHERE action = 'rollcall.correct' AND target_id = :id""")
			.param("id", String.valueOf(session)).query(String.class).list())
			.containsExactly(children.get(1) + ":LATE→ABSENT");
		assertThat(events.stream(ChildMarkedAbsent.class).filter(e -> e.sessionId() == session)).hasSize(1);
	}

	@Test
	void twoIdenticalSendsAtOnceRecordOneRollCall() throws Exception {
		CyclicBarrier start = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<RollCalls.Saved>> sends = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				sends.add(pool.submit(() -> {
					start.await();
					return rollCalls.save(session, "same", true, Map.of(children.get(3), Mark.ABSENT));
				}));
			}
			List<RollCalls.Saved> results = new ArrayList<>();
			for (Future<RollCalls.Saved> f : sends) {
				results.add(f.get());
			}
			assertThat(results).extracting(RollCalls.Saved::replay).containsExactlyInAnyOrder(true, false);
		}
		finally {
			pool.shutdown();
		}
		assertThat(world.count("SELECT count(*) FROM roll_call_request WHERE session_id = :p", session)).isEqualTo(1);
		assertThat(world.count("SELECT count(*) FROM roll_call_mark WHERE session_id = :p", session)).isEqualTo(4);
		assertThat(events.stream(ChildMarkedAbsent.class).filter(e -> e.sessionId() == session)).hasSize(1);
	}

	@Test
	void theRollIsTakenOnTheSessionsDayOnly() {
		long tomorrow = jdbc.sql("""
				INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
				SELECT id, term_id, school_id, :d, '15:30', '16:30', 1 FROM offering WHERE id = :o RETURNING id""")
			.param("o", offering).param("d", Sessions.now().toLocalDate().plusDays(1)).query(Long.class).single();
		assertThatThrownBy(() -> rollCalls.save(tomorrow, "k", true, Map.of())).isInstanceOf(AttendanceRefused.class)
			.extracting("reason").isEqualTo(AttendanceRefused.Reason.NOT_TODAY);
		assertThat(world.count("SELECT count(*) FROM roll_call_request WHERE session_id = :p", tomorrow)).isZero();
		assertThatThrownBy(() -> rollCalls.save(session, " ", true, Map.of())).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void theOverdueSweepRaisesEachSessionOnceEvenOnTwoNodes() throws Exception {
		long early = world.sessionToday(offering, "23:40", "23:45");
		Object keeper = context.getBean("sessionKeeper");
		LocalDateTime lateEvening = Sessions.now().toLocalDate().atTime(23, 58);
		CompletableFuture<Object> a = CompletableFuture.supplyAsync(() -> ReflectionTestUtils.invokeMethod(keeper, "raiseOverdue", lateEvening));
		CompletableFuture<Object> b = CompletableFuture.supplyAsync(() -> ReflectionTestUtils.invokeMethod(keeper, "raiseOverdue", lateEvening));
		a.get();
		b.get();
		ReflectionTestUtils.invokeMethod(keeper, "raiseOverdue", lateEvening);
		assertThat(events.stream(RollCallOverdue.class).filter(e -> e.sessionId() == early)).hasSize(1);
		assertThat(events.stream(RollCallOverdue.class).filter(e -> e.sessionId() == session)).isEmpty(); // 23:50 + 15 min
	}

	String state() {
		return jdbc.sql("SELECT string_agg(student_id || mark || marked_at, ',' ORDER BY student_id) FROM roll_call_mark WHERE session_id = :s")
			.param("s", session).query(String.class).single();
	}

	int audits() {
		return world.count("SELECT count(*) FROM audit_event WHERE target_type = 'class_session' AND target_id = CAST(:p AS TEXT)", session);
	}
}
