package org.kehou.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.kehou.payment.internal.SandboxGateway;
import org.kehou.payment.internal.SandboxGateway.OutgoingNotification;
import org.kehou.payment.internal.SandboxKeys;
import org.kehou.payment.internal.SandboxProperties.Simulation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The sandbox gateway end to end, on the real database and over real HTTP (a server on a random port receives the
 * sandbox's notifications): prepay → pay → signed notification → verified and recorded once → query agrees; the
 * simulation switches (duplicate, drop, fail, forge, tamper); retries with back-off until the schedule ends;
 * refunds; the statement. The retry schedule is shortened to a few 100 ms here; nothing asserts on timing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"kehou.payment.sandbox.retry-schedule=100ms,100ms,100ms", "kehou.payment.sandbox.sweep=PT0.2S",
		"kehou.payment.reconcile-every=PT1H" })
@ActiveProfiles("test")
class SandboxGatewayTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class Confirmations {

		private final List<PaymentConfirmed> events = new CopyOnWriteArrayList<>();

		List<PaymentConfirmed> events() {
			return events;
		}

		@TransactionalEventListener
		void on(PaymentConfirmed event) {
			events.add(event);
		}
	}

	@Autowired
	Payments payments;

	@Autowired
	SandboxGateway sandbox;

	@Autowired
	SandboxKeys keys;

	@Autowired
	Confirmations confirmations;

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	static final long GUARDIAN = 42;

	@Test
	void aPaymentIsNotifiedVerifiedRecordedOnceAndTheQueryAgrees() {
		String no = orderNo();
		PrepayOrder prepay = payments.prepay(no, 1234, "2026秋 课后服务", GUARDIAN, Instant.now().plusSeconds(3600));
		assertThat(prepay.payUrl().toString()).isEqualTo("/sandbox/pay/" + prepay.prepayId());
		assertThat(sandbox.query(no).status()).isEqualTo(GatewayOrder.Status.NOT_PAID);

		String transactionId = sandbox.pay(Long.parseLong(prepay.prepayId()), String.valueOf(GUARDIAN));

		await().atMost(Duration.ofSeconds(20)).until(() -> recorded(no) == 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> statuses(no).equals(List.of("DELIVERED")));
		assertThat(events(no)).singleElement().satisfies(e -> {
			assertThat(e.transactionId()).isEqualTo(transactionId);
			assertThat(e.amountFen()).isEqualTo(1234);
			assertThat(e.gateway()).isEqualTo("sandbox");
		});
		GatewayOrder order = sandbox.query(no);
		assertThat(order.status()).isEqualTo(GatewayOrder.Status.PAID);
		assertThat(order.transactionId()).isEqualTo(transactionId);
		assertThat(order.paidFen()).isEqualTo(1234);
		assertThat(order.paidAt()).isNotNull();
		assertThat(jdbc.sql("SELECT transaction_id FROM payment_intent WHERE merchant_order_no = :no").param("no", no)
			.query(String.class).single()).isEqualTo(transactionId);
		// paying again changes nothing and sends nothing more
		assertThat(sandbox.pay(Long.parseLong(prepay.prepayId()), String.valueOf(GUARDIAN))).isEqualTo(transactionId);
		assertThat(sandbox.notifications(no)).hasSize(1);
	}

	@Test
	void prepayIsIdempotentByOrderNumberAndRefusesOtherContent() {
		String no = orderNo();
		PrepayOrder first = payments.prepay(no, 500, "托管费", GUARDIAN, Instant.now().plusSeconds(600));
		assertThat(payments.prepay(no, 500, "托管费", GUARDIAN, Instant.now().plusSeconds(600)).prepayId())
			.isEqualTo(first.prepayId());
		assertThatThrownBy(() -> payments.prepay(no, 501, "托管费", GUARDIAN, Instant.now().plusSeconds(600)))
			.isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.ORDER_CONFLICT));
	}

	@Test
	void aDuplicatedNotificationIsRecordedOnceAndConfirmedOnce() {
		String no = prepaid(800, new Simulation(true, Duration.ZERO, false, 0, false, false));
		pay(no);
		await().atMost(Duration.ofSeconds(20)).until(() -> statuses(no).equals(List.of("DELIVERED", "DELIVERED")));
		assertThat(recorded(no)).isEqualTo(1);
		assertThat(events(no)).hasSize(1);
	}

	@Test
	void twoDeliveriesAtOnceAreRecordedOnce() throws Exception {
		String no = prepaid(900, dropped());
		pay(no);
		String body = genuineBody(no);
		int n = 8;
		ExecutorService pool = Executors.newFixedThreadPool(n);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> answers = new ArrayList<>();
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < n; i++) {
			answers.add(pool.submit(() -> {
				start.await();
				return post(http, body, keys.sign(body, Instant.now()));
			}));
		}
		start.countDown();
		for (Future<Integer> answer : answers) {
			assertThat(answer.get()).isEqualTo(204);
		}
		pool.shutdown();
		assertThat(recorded(no)).isEqualTo(1);
		assertThat(events(no)).hasSize(1);
	}

	@Test
	void forgedAndTamperedNotificationsAreRefusedAndChangeNothing() {
		long auditsBefore = refusedAudits();
		String no = prepaid(1000, new Simulation(false, Duration.ZERO, true, 0, true, true));
		pay(no);
		await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.notifications(no).stream()
			.filter(x -> !x.kind().equals("GENUINE")).allMatch(x -> x.status().equals("GAVE_UP")));
		assertThat(sandbox.notifications(no)).filteredOn(x -> !x.kind().equals("GENUINE"))
			.extracting(OutgoingNotification::lastOutcome)
			.hasSize(2)
			.allMatch(outcome -> outcome.startsWith("HTTP 401"));
		assertThat(recorded(no)).isZero();
		assertThat(events(no)).isEmpty();
		assertThat(refusedAudits()).isGreaterThanOrEqualTo(auditsBefore + 2);

		// signed by the gateway's own key but with another amount (e.g. a gateway bug): refused on the amount
		String body = genuineBody(no);
		String otherAmount = body.replace("\"total\":1000", "\"total\":1");
		assertThat(otherAmount).isNotEqualTo(body);
		assertRefused(otherAmount, keys.sign(otherAmount, Instant.now()), NotificationRefused.Reason.AMOUNT_MISMATCH);
		// an old notification replayed, headers missing, an unknown key serial
		assertRefused(body, keys.sign(body, Instant.now().minus(Duration.ofHours(1))), NotificationRefused.Reason.STALE_TIMESTAMP);
		assertRefused(body, Map.of(), NotificationRefused.Reason.MISSING_HEADERS);
		Map<String, String> unknownKey = new java.util.HashMap<>(keys.sign(body, Instant.now()));
		unknownKey.put(SandboxKeys.SERIAL_HEADER, "SOME-OTHER-KEY");
		assertRefused(body, unknownKey, NotificationRefused.Reason.UNKNOWN_KEY);
		assertThat(recorded(no)).isZero();
		assertThat(events(no)).isEmpty();
		// the genuine one still goes through afterwards
		assertThat(payments.receive("sandbox", keys.sign(body, Instant.now()), body)).isEqualTo(Payments.Received.RECORDED);
		assertThat(events(no)).hasSize(1);
	}

	@Test
	void aDroppedNotificationIsResolvedByQueryOnce() {
		String no = prepaid(700, dropped());
		String transactionId = pay(no);
		assertThat(statuses(no)).containsExactly("DROPPED");
		assertThat(recorded(no)).isZero();

		payments.reconcileUnknown(Duration.ZERO);
		assertThat(recorded(no)).isEqualTo(1);
		assertThat(jdbc.sql("SELECT source FROM payment_notification WHERE merchant_order_no = :no").param("no", no)
			.query(String.class).single()).isEqualTo("QUERY");
		assertThat(events(no)).singleElement().satisfies(e -> assertThat(e.transactionId()).isEqualTo(transactionId));

		// asking again, and the notification arriving late after all, change nothing
		payments.reconcileUnknown(Duration.ZERO);
		String body = genuineBody(no);
		assertThat(payments.receive("sandbox", keys.sign(body, Instant.now()), body))
			.isEqualTo(Payments.Received.ALREADY_RECORDED);
		assertThat(recorded(no)).isEqualTo(1);
		assertThat(events(no)).hasSize(1);
	}

	@Test
	void unpaidExpiredOrdersAreClosedByTheQueryRound() {
		String no = orderNo();
		payments.prepay(no, 300, "托管费", GUARDIAN, Instant.now().minusSeconds(1));
		payments.reconcileUnknown(Duration.ZERO);
		assertThat(sandbox.query(no).status()).isEqualTo(GatewayOrder.Status.CLOSED);
		assertThat(jdbc.sql("SELECT resolved_status FROM payment_intent WHERE merchant_order_no = :no").param("no", no)
			.query(String.class).single()).isEqualTo("CLOSED");
	}

	@Test
	void failedAttemptsAreRetriedUntilDelivered() {
		String no = prepaid(600, new Simulation(false, Duration.ZERO, false, 2, false, false));
		pay(no);
		await().atMost(Duration.ofSeconds(20)).until(() -> statuses(no).equals(List.of("DELIVERED")));
		assertThat(sandbox.notifications(no).get(0).attempts()).isEqualTo(3);
		assertThat(events(no)).hasSize(1);
	}

	@Test
	void aNotificationThePlatformKeepsRefusingIsRetriedOnTheScheduleThenGivenUp() {
		// an order the platform never asked for: every attempt is answered 400
		String no = orderNo();
		sandbox.prepay(new PrepayRequest(no, 100, "未知订单", "1", payments.notifyUrl(), Instant.now().plusSeconds(600)));
		pay(no);
		await().atMost(Duration.ofSeconds(20)).until(() -> statuses(no).equals(List.of("GAVE_UP")));
		OutgoingNotification n = sandbox.notifications(no).get(0);
		assertThat(n.attempts()).isEqualTo(4); // the first attempt + one per step of the schedule (3 here)
		assertThat(n.lastOutcome()).startsWith("HTTP 400");
	}

	@Test
	void aRestartResumesPendingNotifications() {
		String no = prepaid(650, new Simulation(false, Duration.ofMillis(300), false, 0, false, false));
		pay(no);
		// not due at commit; only the sweep (as after a restart) sends it
		await().atMost(Duration.ofSeconds(20)).until(() -> statuses(no).equals(List.of("DELIVERED")));
		assertThat(events(no)).hasSize(1);
	}

	@Test
	void refundsArePartialIdempotentAndNeverAboveWhatWasPaid() {
		String unpaid = orderNo();
		payments.prepay(unpaid, 1000, "托管费", GUARDIAN, Instant.now().plusSeconds(600));
		assertReason(() -> sandbox.refund(new RefundRequest(unpaid, "R-" + unpaid, 1, null)), GatewayException.Reason.NOT_PAID);

		String no = prepaid(1000, dropped());
		pay(no);
		GatewayRefund first = sandbox.refund(new RefundRequest(no, "R1-" + no, 300, "请假退费"));
		assertThat(first.replay()).isFalse();
		assertThat(first.refundedTotalFen()).isEqualTo(300);
		GatewayRefund again = sandbox.refund(new RefundRequest(no, "R1-" + no, 300, "请假退费"));
		assertThat(again.replay()).isTrue();
		assertThat(again.refundId()).isEqualTo(first.refundId());
		assertThat(again.refundedTotalFen()).isEqualTo(300);
		assertReason(() -> sandbox.refund(new RefundRequest(no, "R1-" + no, 400, null)), GatewayException.Reason.REFUND_CONFLICT);
		assertReason(() -> sandbox.refund(new RefundRequest(no, "R2-" + no, 701, null)), GatewayException.Reason.REFUND_EXCEEDS_PAID);
		assertThat(sandbox.query(no).status()).isEqualTo(GatewayOrder.Status.PARTIALLY_REFUNDED);
		assertThat(sandbox.refund(new RefundRequest(no, "R2-" + no, 700, null)).refundedTotalFen()).isEqualTo(1000);
		assertThat(sandbox.query(no).status()).isEqualTo(GatewayOrder.Status.REFUNDED);
		assertReason(() -> sandbox.refund(new RefundRequest(no, "R3-" + no, 1, null)), GatewayException.Reason.REFUND_EXCEEDS_PAID);
	}

	@Test
	void concurrentRefundsNeverExceedWhatWasPaid() throws Exception {
		String no = prepaid(1000, dropped());
		pay(no);
		int n = 10;
		ExecutorService pool = Executors.newFixedThreadPool(n);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> outcomes = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			// two threads per refund number: the same refund asked twice at once is made once
			String refundNo = "RC" + (i / 2) + "-" + no;
			outcomes.add(pool.submit(() -> {
				start.await();
				try {
					return !sandbox.refund(new RefundRequest(no, refundNo, 300, null)).replay();
				}
				catch (GatewayException e) {
					assertThat(e.reason()).isEqualTo(GatewayException.Reason.REFUND_EXCEEDS_PAID);
					return false;
				}
			}));
		}
		start.countDown();
		int made = 0;
		for (Future<Boolean> outcome : outcomes) {
			made += outcome.get() ? 1 : 0;
		}
		pool.shutdown();
		assertThat(made).isEqualTo(3);
		assertThat(sandbox.query(no).refundedFen()).isEqualTo(900);
		assertThat(jdbc.sql("""
				SELECT sum(r.amount_fen) FROM sandbox_refund r JOIN sandbox_order o ON o.id = r.order_id
				WHERE o.merchant_order_no = :no""").param("no", no).query(Long.class).single()).isEqualTo(900);
	}

	@Test
	void closedOrdersCannotBePaid() {
		String no = orderNo();
		PrepayOrder prepay = payments.prepay(no, 100, "托管费", GUARDIAN, Instant.now().plusSeconds(600));
		sandbox.close(no);
		sandbox.close(no);
		assertThat(sandbox.query(no).status()).isEqualTo(GatewayOrder.Status.CLOSED);
		assertReason(() -> sandbox.pay(Long.parseLong(prepay.prepayId()), String.valueOf(GUARDIAN)), GatewayException.Reason.ORDER_CLOSED);
		String paid = prepaid(100, dropped());
		pay(paid);
		assertReason(() -> sandbox.close(paid), GatewayException.Reason.ALREADY_PAID);
	}

	@Test
	void theStatementListsPaymentsAndRefundsAndShowsAnInjectedDifference() {
		String a = prepaid(2500, dropped());
		String b = prepaid(1250, dropped());
		String txA = pay(a);
		String txB = pay(b);
		sandbox.refund(new RefundRequest(b, "RS-" + b, 250, "退一次课"));
		assertThat(sandbox.injectStatementDifference(a, 1)).isTrue(); // ¥0.01 more on the bill than was paid

		LocalDate today = LocalDate.now(Statement.ZONE);
		Statement statement = sandbox.statement(today);
		String csv = statement.csv();
		assertThat(csv).startsWith("交易时间,支付订单号,商户订单号,交易状态,订单金额,退款单号,商户退款单号,退款金额,商品名称\n");
		assertThat(csv).contains("`" + txA + ",`" + a + ",`SUCCESS,`25.01,");
		assertThat(csv).contains("`" + txB + ",`" + b + ",`SUCCESS,`12.50,");
		assertThat(csv).contains("`" + txB + ",`" + b + ",`REFUND,`12.50,");

		Statement parsed = Statement.parse(today, csv);
		assertThat(parsed.lines()).isEqualTo(statement.lines().stream()
			.map(l -> new Statement.Line(l.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), l.transactionId(),
					l.merchantOrderNo(), l.type(), l.orderFen(), l.refundId(), l.merchantRefundNo(), l.refundFen(),
					l.description()))
			.toList());
		List<Statement.Line> mine = parsed.lines().stream()
			.filter(l -> l.merchantOrderNo().equals(a) || l.merchantOrderNo().equals(b)).toList();
		assertThat(mine).extracting(Statement.Line::type, Statement.Line::orderFen, Statement.Line::refundFen)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Statement.Type.SUCCESS, 2501L, 0L),
					org.assertj.core.groups.Tuple.tuple(Statement.Type.SUCCESS, 1250L, 0L),
					org.assertj.core.groups.Tuple.tuple(Statement.Type.REFUND, 1250L, 250L));
		// against what was really paid, the bill is off by exactly ¥0.01 on order a
		long paidA = sandbox.query(a).paidFen();
		assertThat(mine.stream().filter(l -> l.merchantOrderNo().equals(a)).findFirst().orElseThrow().orderFen() - paidA)
			.isEqualTo(1);
		assertThat(sandbox.statement(today.minusDays(400)).lines()).isEmpty();
	}

	// --- helpers --------------------------------------------------------------------------------------------------

	private String prepaid(long amountFen, Simulation simulation) {
		String no = orderNo();
		payments.prepay(no, amountFen, "课后服务费", GUARDIAN, Instant.now().plusSeconds(3600));
		assertThat(sandbox.simulate(no, simulation)).isTrue();
		return no;
	}

	private String pay(String no) {
		long prepayId = jdbc.sql("SELECT prepay_id FROM sandbox_order WHERE merchant_order_no = :no").param("no", no)
			.query(Long.class).single();
		return sandbox.pay(prepayId, jdbc.sql("SELECT payer_id FROM sandbox_order WHERE prepay_id = :p")
			.param("p", prepayId).query(String.class).single());
	}

	private static Simulation dropped() {
		return new Simulation(false, Duration.ZERO, true, 0, false, false);
	}

	private String genuineBody(String no) {
		return jdbc.sql("""
				SELECT n.body FROM sandbox_notification n JOIN sandbox_order o ON o.id = n.order_id
				WHERE o.merchant_order_no = :no AND n.kind = 'GENUINE' ORDER BY n.id LIMIT 1""")
			.param("no", no).query(String.class).single();
	}

	private int post(HttpClient http, String body, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/payment/notify/sandbox"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private void assertRefused(String body, Map<String, String> headers, NotificationRefused.Reason reason) {
		assertThatThrownBy(() -> payments.receive("sandbox", headers, body))
			.isInstanceOfSatisfying(NotificationRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
	}

	private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, GatewayException.Reason reason) {
		assertThatThrownBy(call)
			.isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(reason));
	}

	private List<String> statuses(String no) {
		return sandbox.notifications(no).stream().map(OutgoingNotification::status).toList();
	}

	private long recorded(String no) {
		return jdbc.sql("SELECT count(*) FROM payment_notification WHERE merchant_order_no = :no").param("no", no)
			.query(Long.class).single();
	}

	private List<PaymentConfirmed> events(String no) {
		return confirmations.events().stream().filter(e -> e.merchantOrderNo().equals(no)).toList();
	}

	private long refusedAudits() {
		return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'gateway-notify.refused'").query(Long.class).single();
	}

	private static String orderNo() {
		return "T" + System.nanoTime() + ThreadLocalRandom.current().nextInt(1000);
	}
}
