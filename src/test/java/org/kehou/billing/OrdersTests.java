package org.kehou.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.LedgerReports;
import org.kehou.payment.GatewayOrder;
import org.kehou.payment.PaymentConfirmed;
import org.kehou.payment.internal.SandboxGateway;
import org.kehou.people.HardshipCategory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The order engine on the real database and the sandbox gateway: lines from confirmed places, exemptions charged to
 * the special fund, online payments applied once, credits on actual use refunded through the gateway, offline
 * payments and cash refunds, expiry of pay-to-confirm orders, a provider's exit — each checked against the ledger.
 */
@DemoCityTest
class OrdersTests {

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

	BillingWorld world;

	@BeforeEach
	void world() {
		world = new BillingWorld(jdbc);
	}

	@Test
	void aConfirmedPlaceBecomesALineOfTheChildsOpenOrderWithItsPostings() {
		long art = world.offering("书法", 3000, 6);
		long chess = world.offering("围棋", 2500, 4);
		long child = world.child();
		long place = world.place(art, child);

		long orderId = orders.bill(place).orElseThrow();
		assertThat(orders.bill(place)).as("a place is billed once").isEmpty();
		long second = orders.bill(world.place(chess, child)).orElseThrow();
		assertThat(second).as("the child's open order of the term takes the new place").isEqualTo(orderId);

		OrderView order = orders.find(orderId).orElseThrow();
		assertThat(order.status()).isEqualTo(OrderStatus.UNPAID);
		assertThat(order.orderNo()).matches("KH\\d{10}");
		assertThat(order.lines()).extracting(OrderView.Line::lessons).containsExactly(6, 4);
		assertThat(order.chargedFen()).isEqualTo(6 * 3000 + 4 * 2500);
		assertThat(order.owedFen()).isEqualTo(order.chargedFen());
		assertThat(order.lines().get(0).fromDate()).isEqualTo(world.monday);
		assertThat(ledger.balance(AccountRef.guardianReceivable(child)).balance().fen()).isGreaterThanOrEqualTo(order.chargedFen());
		assertThat(ledger.entryByKey("order-line:" + order.lines().get(0).id())).hasValueSatisfying(e -> {
			assertThat(e.reference()).isEqualTo("order:" + orderId);
			assertThat(e.debits().fen()).isEqualTo(18_000);
		});
		assertThat(reports.proof().holds()).isTrue();
	}

	@Test
	void anOnlinePaymentIsAppliedOnceHoweverOftenItIsConfirmed() throws Exception {
		long child = world.child();
		long orderId = orders.bill(world.place(world.offering("舞蹈", 2000, 5), child)).orElseThrow();
		long guardian = world.guardian(child);
		URI cashier = orders.pay(orderId, guardian);
		assertThat(orders.pay(orderId, guardian)).as("the open prepay is reused").isEqualTo(cashier);
		PaymentConfirmed paid = BillingWorld.payAtCashier(sandbox, cashier, guardian);

		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<Boolean>> applied = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				applied.add(pool.submit(() -> orders.apply(paid)));
			}
			int times = 0;
			for (Future<Boolean> f : applied) {
				times += f.get() ? 1 : 0;
			}
			assertThat(times).isLessThanOrEqualTo(1);
		}
		finally {
			pool.shutdown();
		}
		OrderView order = orders.find(orderId).orElseThrow();
		assertThat(order.status()).isEqualTo(OrderStatus.PAID);
		assertThat(order.payments()).singleElement().satisfies(p -> {
			assertThat(p.amountFen()).isEqualTo(10_000);
			assertThat(p.transactionId()).isEqualTo(paid.transactionId());
			assertThat(p.receiptNo()).startsWith("SJ");
		});
		assertThat(order.owedFen()).isZero();
		assertThatThrownBy(() -> orders.pay(orderId, guardian)).isInstanceOfSatisfying(BillingRefused.class,
				e -> assertThat(e.reason()).isEqualTo(BillingRefused.Reason.NOTHING_TO_PAY));
		assertThat(reports.proof().holds()).isTrue();
	}

	@Test
	void aCancelledSessionOfAPaidOrderIsRefundedThroughTheGatewayOnce() {
		long offering = world.offering("美术", 3000, 4);
		long child = world.child();
		long orderId = orders.bill(world.place(offering, child)).orElseThrow();
		long guardian = world.guardian(child);
		PaymentConfirmed paid = BillingWorld.payAtCashier(sandbox, orders.pay(orderId, guardian), guardian);
		orders.apply(paid);
		long session = world.sessions(offering).get(1);

		assertThat(orders.creditSession(session, CreditReason.CANCELLED, null)).isEqualTo(1);
		assertThat(orders.creditSession(session, CreditReason.CANCELLED, null)).as("once per session").isZero();
		assertThat(orders.creditSession(session, CreditReason.LEAVE, child)).as("whatever the reason").isZero();
		refunds.processDue();

		OrderView order = orders.find(orderId).orElseThrow();
		assertThat(order.chargedFen()).isEqualTo(9_000);
		assertThat(order.refundedFen()).isEqualTo(3_000);
		assertThat(order.refunds()).singleElement().satisfies(r -> {
			assertThat(r.done()).isTrue();
			assertThat(r.amountFen()).isEqualTo(3_000);
			assertThat(r.online()).isTrue();
		});
		assertThat(order.lines().get(0).credits()).singleElement()
			.satisfies(c -> assertThat(c.reason()).isEqualTo(CreditReason.CANCELLED));
		GatewayOrder atGateway = sandbox.query(paid.merchantOrderNo());
		assertThat(atGateway.refundedFen()).isEqualTo(3_000);
		assertThat(atGateway.status()).isEqualTo(GatewayOrder.Status.PARTIALLY_REFUNDED);
		assertThat(ledger.balance(AccountRef.refundsPayable(child)).balance().fen()).isZero();
		assertThat(reports.proof().holds()).isTrue();
	}

	@Test
	void aCreditOnAnUnpaidOrderLowersWhatIsOwedAndRefundsNothing() {
		long offering = world.offering("科学", 2000, 4);
		long child = world.child();
		long orderId = orders.bill(world.place(offering, child)).orElseThrow();
		orders.creditSession(world.sessions(offering).get(0), CreditReason.CANCELLED, null);
		OrderView order = orders.find(orderId).orElseThrow();
		assertThat(order.owedFen()).isEqualTo(6_000);
		assertThat(order.refunds()).isEmpty();
		assertThat(order.status()).isEqualTo(OrderStatus.UNPAID);
	}

	@Test
	void aStalePrepayPaidAfterACreditIsRefundedTheDifference() {
		long offering = world.offering("音乐", 2000, 4);
		long child = world.child();
		long orderId = orders.bill(world.place(offering, child)).orElseThrow();
		long guardian = world.guardian(child);
		URI cashier = orders.pay(orderId, guardian); // 80.00 asked
		orders.creditSession(world.sessions(offering).get(3), CreditReason.CANCELLED, null); // now 60.00 owed
		PaymentConfirmed paid = BillingWorld.payAtCashier(sandbox, cashier, guardian);
		assertThat(paid.amountFen()).isEqualTo(8_000);
		orders.apply(paid);
		refunds.processDue();

		OrderView order = orders.find(orderId).orElseThrow();
		assertThat(order.status()).isEqualTo(OrderStatus.PAID);
		assertThat(order.paidFen()).isEqualTo(8_000);
		assertThat(order.refundedFen()).isEqualTo(2_000);
		assertThat(order.refunds()).singleElement().satisfies(r -> assertThat(r.done()).isTrue());
		assertThat(sandbox.query(paid.merchantOrderNo()).refundedFen()).isEqualTo(2_000);
	}

	@Test
	void anExemptedChildPaysOnlyItsShareAndTheSpecialFundCarriesTheRest() {
		long child = world.child();
		jdbc.sql("INSERT INTO student_hardship (student_id, category, evidence_status) VALUES (:s, 'ORPHAN', 'APPROVED')")
			.param("s", child).update();
		try {
			settings.setShare(null, world.school, HardshipCategory.ORPHAN, 100);
			long fundBefore = ledger.balance(AccountRef.specialFund(world.school)).balance().fen();
			long full = orders.bill(world.place(world.offering("足球", 2500, 4), child)).orElseThrow();
			OrderView order = orders.find(full).orElseThrow();
			assertThat(order.exempted()).isTrue();
			assertThat(order.owedFen()).isZero();
			assertThat(order.status()).as("nothing to pay").isEqualTo(OrderStatus.PAID);
			assertThat(order.lines().get(0).exemptionCategory()).isEqualTo("ORPHAN");
			assertThat(ledger.balance(AccountRef.specialFund(world.school)).balance().fen() - fundBefore).isEqualTo(10_000);

			settings.setShare(null, world.school, HardshipCategory.ORPHAN, 40);
			long partial = orders.bill(world.place(world.offering("篮球", 2500, 4), child)).orElseThrow();
			OrderView half = orders.find(partial).orElseThrow();
			assertThat(half.exemptFen()).isEqualTo(4_000);
			assertThat(half.owedFen()).isEqualTo(6_000);
		}
		finally {
			settings.setShare(null, world.school, HardshipCategory.ORPHAN, null);
			jdbc.sql("DELETE FROM student_hardship WHERE student_id = :s AND category = 'ORPHAN'").param("s", child).update();
		}
	}

	@Test
	void withdrawalCreditsTheLessonsNotYetGivenAndEndsTheLine() {
		long offering = world.offering("编程", 4000, 5);
		long child = world.child();
		long place = world.place(offering, child);
		long orderId = orders.bill(place).orElseThrow();
		orders.creditSession(world.sessions(offering).get(0), CreditReason.CANCELLED, null);
		jdbc.sql("UPDATE place SET status = 'DROPPED' WHERE id = :p").param("p", place).update();

		assertThat(orders.endPlace(place)).isEqualTo(4);
		assertThat(orders.endPlace(place)).isZero();
		OrderView order = orders.find(orderId).orElseThrow();
		assertThat(order.chargedFen()).isZero();
		assertThat(order.lines().get(0).endedAt()).isNotNull();
		assertThat(order.status()).as("nothing left to pay").isEqualTo(OrderStatus.CLOSED);
	}

	@Test
	void approvedLeaveIsCreditedOnlyWhereTheSchoolRefundsLeave() {
		long offering = world.offering("合唱", 1500, 4);
		long child = world.child();
		long orderId = orders.bill(world.place(offering, child)).orElseThrow();
		List<Long> sessions = world.sessions(offering);
		SchoolBilling before = settings.of(world.school);
		try {
			settings.save(new SchoolBilling(world.school, before.paymentMode(), before.payWithinMinutes(), false));
			assertThat(orders.creditLeave(world.school, child, List.of(sessions.get(0)))).isZero();
			settings.save(new SchoolBilling(world.school, before.paymentMode(), before.payWithinMinutes(), true));
			assertThat(orders.creditLeave(world.school, child, List.of(sessions.get(1), sessions.get(2)))).isEqualTo(2);
		}
		finally {
			settings.save(before);
		}
		assertThat(orders.find(orderId).orElseThrow().owedFen()).isEqualTo(3_000);
	}

	@Test
	void anOfflinePaymentIsRecordedOnceAndItsRefundIsHandedBackInCash() {
		long offering = world.offering("手工", 2000, 3);
		long child = world.child();
		long orderId = orders.bill(world.place(offering, child)).orElseThrow();
		assertThatThrownBy(() -> orders.recordOffline(orderId, 6_001, OfflineKind.CASH, null, "k-" + world.tag))
			.isInstanceOfSatisfying(BillingRefused.class, e -> assertThat(e.reason()).isEqualTo(BillingRefused.Reason.BAD_AMOUNT));
		PaymentView cash = orders.recordOffline(orderId, 6_000, OfflineKind.CASH, "家长现场缴纳", "k-" + world.tag);
		assertThat(orders.recordOffline(orderId, 6_000, OfflineKind.CASH, "家长现场缴纳", "k-" + world.tag).id())
			.as("a resubmitted form records once").isEqualTo(cash.id());
		assertThat(orders.find(orderId).orElseThrow().status()).isEqualTo(OrderStatus.PAID);

		orders.creditSession(world.sessions(offering).get(2), CreditReason.CANCELLED, null);
		RefundView pending = orders.find(orderId).orElseThrow().refunds().get(0);
		assertThat(pending.done()).isFalse();
		assertThat(pending.online()).isFalse();
		assertThat(refunds.processDue()).as("cash is not refunded through a gateway").isGreaterThanOrEqualTo(0);
		assertThat(orders.find(orderId).orElseThrow().refunds().get(0).done()).isFalse();
		assertThat(refunds.recordCashRefund(pending.id()).done()).isTrue();
		assertThatThrownBy(() -> refunds.recordCashRefund(pending.id())).isInstanceOf(BillingRefused.class);
		assertThat(ledger.balance(AccountRef.refundsPayable(child)).balance().fen()).isZero();
		assertThat(reports.proof().holds()).isTrue();
	}

	@Test
	void aPayToConfirmOrderUnpaidInTimeExpiresAndReleasesItsPlaces() {
		SchoolBilling before = settings.of(world.school);
		long child = world.child();
		long place;
		long orderId;
		try {
			settings.save(new SchoolBilling(world.school, PaymentMode.PAY_TO_CONFIRM, 60, true));
			place = world.place(world.offering("陶艺", 2000, 4), child);
			orderId = orders.bill(place).orElseThrow();
		}
		finally {
			settings.save(before);
		}
		orders.pay(orderId, world.guardian(child)); // a prepay exists and will be closed first
		assertThat(orders.expireDue(Instant.now())).as("not due yet").isZero();
		assertThat(orders.expireDue(Instant.now().plusSeconds(2 * 3600))).isGreaterThanOrEqualTo(1);

		OrderView order = orders.find(orderId).orElseThrow();
		assertThat(order.status()).isEqualTo(OrderStatus.CLOSED);
		assertThat(order.chargedFen()).isZero();
		assertThat(jdbc.sql("SELECT status FROM place WHERE id = :p").param("p", place).query(String.class).single())
			.isEqualTo("REMOVED");
		assertThatThrownBy(() -> orders.pay(orderId, world.guardian(child))).isInstanceOf(BillingRefused.class);
		assertThat(reports.proof().holds()).isTrue();
	}

	@Test
	void aProviderExpelledMidTermCreditsItsRemainingLessonsToEveryChild() {
		long provider = world.provider();
		long offering = world.offering("机器人", 5000, 4, provider);
		List<Long> children = world.children(2);
		List<Long> orderIds = new ArrayList<>();
		for (long child : children) {
			orderIds.add(orders.bill(world.place(offering, child)).orElseThrow());
		}
		long payableBefore = ledger.balance(AccountRef.providerPayable(provider)).balance().fen();
		assertThat(payableBefore).isEqualTo(2 * 4 * 5000);
		assertThat(orders.providerLeft(provider)).isEqualTo(8);
		assertThat(ledger.balance(AccountRef.providerPayable(provider)).balance().fen()).isZero();
		for (long id : orderIds) {
			assertThat(orders.find(id).orElseThrow().lines().get(0).credits()).singleElement()
				.satisfies(c -> assertThat(c.reason()).isEqualTo(CreditReason.PROVIDER_EXIT));
		}
	}

	@Test
	void aMissingOrderIsRefused() {
		assertThatThrownBy(() -> orders.pay(Long.MAX_VALUE, 1)).isInstanceOfSatisfying(BillingRefused.class,
				e -> assertThat(e.reason()).isEqualTo(BillingRefused.Reason.NOT_FOUND));
		assertThat(orders.find(Long.MAX_VALUE)).isEmpty();
		Callable<Boolean> none = () -> orders.apply(new PaymentConfirmed("sandbox", "NOPE000", "tx", 1, Instant.now()));
		assertThat(org.assertj.core.api.Assertions.catchThrowable(none::call)).isNull();
	}
}
