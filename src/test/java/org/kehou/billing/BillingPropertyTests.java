package org.kehou.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.LedgerReports;
import org.kehou.payment.GatewayOrder;
import org.kehou.payment.PaymentConfirmed;
import org.kehou.payment.internal.SandboxGateway;
import org.kehou.people.HardshipCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Random sequences of orders, payments confirmed twice, late and out of order, offline payments, cancelled sessions,
 * approved leave, withdrawals and refunds — some of them at the same time on the same orders — and afterwards the
 * invariants of the money: the ledger balances; no payment applied twice and none lost; no refund beyond its payment;
 * what the gateway refunded is what the platform decided; every order's totals are its lines' and the ledger's
 * receivable and refunds payable are what the orders say. The seed is logged, so a failure can be replayed.
 */
@DemoCityTest
class BillingPropertyTests {

	private static final Logger log = LoggerFactory.getLogger(BillingPropertyTests.class);

	@Autowired
	Orders orders;

	@Autowired
	Refunds refunds;

	@Autowired
	BillingSettings settings;

	@Autowired
	SandboxGateway sandbox;

	@Autowired
	Ledger ledger;

	@Autowired
	LedgerReports reports;

	@Autowired
	JdbcClient jdbc;

	@Test
	void randomSequencesKeepTheMoneyInvariants() throws Exception {
		long seed = Long.getLong("billing.seed", System.nanoTime());
		log.info("billing property seed {}", seed);
		for (int round = 0; round < 5; round++) {
			run(new Random(seed + round), seed + round);
		}
	}

	private void run(Random random, long seed) throws Exception {
		BillingWorld world = new BillingWorld(jdbc);
		List<Long> offerings = List.of(world.offering("乐高", 1000 + random.nextInt(4000), 4 + random.nextInt(4)),
				world.offering("国画", 1000 + random.nextInt(4000), 4 + random.nextInt(4)),
				world.offering("跆拳道", 1000 + random.nextInt(4000), 4 + random.nextInt(4), world.provider()));
		List<Long> children = world.children(4);
		long exempted = children.get(0);
		jdbc.sql("INSERT INTO student_hardship (student_id, category, evidence_status) VALUES (:s, 'MIGRANT', 'APPROVED')")
			.param("s", exempted).update();
		settings.setShare(null, world.school, HardshipCategory.MIGRANT, 30 + random.nextInt(71));
		Map<Long, Long> receivableBefore = new HashMap<>();
		Map<Long, Long> refundsPayableBefore = new HashMap<>();
		for (long child : children) {
			receivableBefore.put(child, ledger.balance(AccountRef.guardianReceivable(child)).balance().fen());
			refundsPayableBefore.put(child, ledger.balance(AccountRef.refundsPayable(child)).balance().fen());
		}
		Map<String, Long> places = new HashMap<>(); // child:offering -> place
		List<PaymentConfirmed> confirmations = new ArrayList<>();
		Set<String> paidAtGateway = new HashSet<>();
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			for (int step = 0; step < 45; step++) {
				int parallel = random.nextInt(5) == 0 ? 3 : 1;
				List<Runnable> ops = new ArrayList<>();
				for (int p = 0; p < parallel; p++) {
					ops.add(operation(random, world, offerings, children, places, confirmations, paidAtGateway));
				}
				List<Future<?>> running = new ArrayList<>();
				for (Runnable op : ops) {
					running.add(pool.submit(op));
				}
				for (Future<?> f : running) {
					f.get();
				}
			}
		}
		finally {
			pool.shutdown();
			settings.setShare(null, world.school, HardshipCategory.MIGRANT, null);
			jdbc.sql("DELETE FROM student_hardship WHERE student_id = :s AND category = 'MIGRANT'").param("s", exempted).update();
		}
		// everything the gateway took arrives at last, some of it twice
		List<PaymentConfirmed> all;
		synchronized (confirmations) {
			all = new ArrayList<>(confirmations);
		}
		for (PaymentConfirmed c : all) {
			orders.apply(c);
			orders.apply(c);
		}
		jdbc.sql("UPDATE billing_refund SET next_attempt_at = now() WHERE status = 'PENDING'").update();
		refunds.processDue();

		String why = "seed " + seed;
		assertThat(reports.proof().holds()).as(why).isTrue();
		List<OrderView> mine = new ArrayList<>();
		for (long child : children) {
			mine.addAll(orders.ofStudent(child).stream().filter(o -> o.termId() == world.term).toList());
		}
		assertThat(mine).as(why + ": orders were made").isNotEmpty();
		log.info("seed {}: {} orders, {} payments, {} credits, {} refunds", seed, mine.size(),
				mine.stream().mapToLong(o -> o.payments().size()).sum(),
				mine.stream().flatMap(o -> o.lines().stream()).mapToLong(l -> l.credits().size()).sum(),
				mine.stream().mapToLong(o -> o.refunds().size()).sum());
		for (OrderView o : mine) {
			long lines = o.lines().stream().mapToLong(l -> l.feePerLessonFen() * (l.lessons() - l.creditedLessons())).sum();
			long exempt = o.lines().stream().mapToLong(l -> l.exemptPerLessonFen() * (l.lessons() - l.creditedLessons())).sum();
			assertThat(o.chargedFen()).as(why + ": charged = lines").isEqualTo(lines);
			assertThat(o.exemptFen()).as(why + ": exempt = lines").isEqualTo(exempt);
			assertThat(o.paidFen() - o.refundedFen()).as(why + ": never holds more than the share")
				.isBetween(0L, o.guardianShareFen());
			assertThat(o.payments().stream().mapToLong(PaymentView::amountFen).sum()).isEqualTo(o.paidFen());
			assertThat(o.refunds().stream().mapToLong(RefundView::amountFen).sum()).isEqualTo(o.refundedFen());
			for (PaymentView p : o.payments()) {
				long refunded = o.refunds().stream().filter(r -> r.paymentId() == p.id()).mapToLong(RefundView::amountFen).sum();
				assertThat(refunded).as(why + ": refunds of a payment").isLessThanOrEqualTo(p.amountFen());
				if (p.online()) {
					GatewayOrder atGateway = sandbox.query(jdbc.sql("SELECT merchant_order_no FROM billing_payment WHERE id = :id")
						.param("id", p.id()).query(String.class).single());
					assertThat(atGateway.refundedFen()).as(why + ": the gateway refunded what was decided").isEqualTo(refunded);
					assertThat(o.refunds().stream().filter(r -> r.paymentId() == p.id()).allMatch(RefundView::done))
						.as(why + ": online refunds made").isTrue();
				}
			}
		}
		// every payment the gateway took is applied exactly once
		for (String merchantOrderNo : paidAtGateway) {
			assertThat(jdbc.sql("SELECT count(*) FROM billing_payment WHERE merchant_order_no = :no")
				.param("no", merchantOrderNo).query(Long.class).single()).as(why + ": " + merchantOrderNo).isEqualTo(1);
		}
		for (long child : children) {
			List<OrderView> ofChild = mine.stream().filter(o -> o.studentId() == child).toList();
			long owed = ofChild.stream().mapToLong(o -> o.guardianShareFen() - (o.paidFen() - o.refundedFen())).sum();
			long pending = ofChild.stream().flatMap(o -> o.refunds().stream()).filter(r -> !r.done()).mapToLong(RefundView::amountFen).sum();
			assertThat(ledger.balance(AccountRef.guardianReceivable(child)).balance().fen() - receivableBefore.get(child))
				.as(why + ": receivable of " + child).isEqualTo(owed);
			assertThat(ledger.balance(AccountRef.refundsPayable(child)).balance().fen() - refundsPayableBefore.get(child))
				.as(why + ": refunds payable of " + child).isEqualTo(pending);
		}
	}

	private Runnable operation(Random random, BillingWorld world, List<Long> offerings, List<Long> children,
			Map<String, Long> places, List<PaymentConfirmed> confirmations, Set<String> paidAtGateway) {
		long child = children.get(random.nextInt(children.size()));
		long offering = offerings.get(random.nextInt(offerings.size()));
		List<Long> sessions = world.sessions(offering);
		long session = sessions.get(random.nextInt(sessions.size()));
		int kind = random.nextInt(100);
		int pick = random.nextInt(1000);
		long amountSeed = random.nextLong();
		return () -> {
			try {
				if (kind < 25) {
					long place;
					synchronized (places) {
						if (places.containsKey(child + ":" + offering)) {
							return;
						}
						place = world.place(offering, child);
						places.put(child + ":" + offering, place);
					}
					orders.bill(place);
				}
				else if (kind < 45) {
					OrderView open = openOrder(child, world.term);
					if (open != null && open.payable()) {
						long guardian = world.guardian(child);
						URI cashier = orders.pay(open.id(), guardian);
						PaymentConfirmed paid = BillingWorld.payAtCashier(sandbox, cashier, guardian);
						synchronized (confirmations) {
							confirmations.add(paid);
							paidAtGateway.add(paid.merchantOrderNo());
						}
					}
				}
				else if (kind < 60) {
					PaymentConfirmed late;
					synchronized (confirmations) {
						late = confirmations.isEmpty() ? null : confirmations.get(pick % confirmations.size());
					}
					if (late != null) {
						orders.apply(late); // out of order, and again later
					}
				}
				else if (kind < 70) {
					orders.creditSession(session, CreditReason.CANCELLED, null);
				}
				else if (kind < 78) {
					orders.creditLeave(world.school, child, List.of(session));
				}
				else if (kind < 84) {
					Long place;
					synchronized (places) {
						place = places.get(child + ":" + offering);
					}
					if (place != null) {
						jdbc.sql("UPDATE place SET status = 'DROPPED' WHERE id = :p AND status = 'CONFIRMED'").param("p", place).update();
						orders.endPlace(place);
					}
				}
				else if (kind < 90) {
					OrderView open = openOrder(child, world.term);
					if (open != null && open.payable()) {
						long amount = 1 + Math.floorMod(amountSeed, open.owedFen());
						orders.recordOffline(open.id(), amount, OfflineKind.CASH, null, "prop-" + amountSeed);
					}
				}
				else {
					refunds.processDue();
				}
			}
			catch (BillingRefused e) {
				// a refusal (the order changed under a concurrent operation) changes nothing: fine
			}
		};
	}

	private OrderView openOrder(long child, long term) {
		return orders.ofStudent(child).stream()
			.filter(o -> o.termId() == term && o.status() == OrderStatus.UNPAID)
			.findFirst()
			.orElse(null);
	}
}
