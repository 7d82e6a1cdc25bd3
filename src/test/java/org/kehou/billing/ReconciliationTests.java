package org.kehou.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.billing.Reconciliations.Difference;
import org.kehou.billing.Reconciliations.DifferenceKind;
import org.kehou.billing.Reconciliations.DifferenceStatus;
import org.kehou.billing.Reconciliations.Run;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.ledger.Ledger;
import org.kehou.payment.PrepayRequest;
import org.kehou.payment.RefundRequest;
import org.kehou.payment.Statement;
import org.kehou.payment.internal.SandboxGateway;
import org.kehou.payment.internal.SandboxProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Reconciliation against the sandbox gateway's real statement: a payment of a fixture order paid at the sandbox with
 * a deliberate ¥0.01 statement difference, payments and refunds missing on either side, a posting that disagrees,
 * re-runs that keep resolutions, the town's scope, and two nodes' daily jobs claiming one day once.
 * <p>
 * The sandbox's statement is by day; to keep each test's day to itself in the shared demo city, the test moves its
 * sandbox rows' payment / refund time to a day of its own in the past (test setup only, on the sandbox's "bank side").
 */
@DemoCityTest
class ReconciliationTests {

	static final URI NOWHERE = URI.create("http://127.0.0.1:9/api/v1/payment/notify/sandbox");

	static final Scope CITY = new Scope(Role.CITY_ADMIN, null, null, null, null);

	@Autowired
	Reconciliations reconciliations;

	@Autowired
	SandboxGateway sandbox;

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	UserDetailsService users;

	ReconciliationFixture school1;

	ReconciliationFixture school2;

	@BeforeEach
	void fixture() {
		school1 = new ReconciliationFixture(jdbc, ledger, "school1", LocalDate.of(2001, 9, 1), LocalDate.of(2002, 1, 20),
				"OPEN");
		school2 = new ReconciliationFixture(jdbc, ledger, "school2", LocalDate.of(2001, 9, 1), LocalDate.of(2002, 1, 20),
				"OPEN");
	}

	KehouUser as(String login) {
		return (KehouUser) users.loadUserByUsername(login);
	}

	/** A day no other test uses. */
	static LocalDate day(int n) {
		return LocalDate.of(2001, 10, n);
	}

	static Instant at(LocalDate day, int hour) {
		return day.atTime(hour, 0).atZone(Statement.ZONE).toInstant();
	}

	/** Pays the order at the sandbox (no notification is sent) and moves the payment to {@code paidAt}. */
	String paidAtSandbox(ReconciliationFixture.Order order, String merchantOrderNo, Instant paidAt) {
		var prepay = sandbox.prepay(new PrepayRequest(merchantOrderNo, order.amountFen() - order.exemptFen(), "课后服务费",
				"payer-" + order.student(), NOWHERE, Instant.now().plusSeconds(3600)));
		sandbox.simulate(merchantOrderNo, new SandboxProperties.Simulation(false, Duration.ZERO, true, 0, false, false));
		String transactionId = sandbox.pay(Long.parseLong(prepay.prepayId()), "payer-" + order.student());
		jdbc.sql("UPDATE sandbox_order SET paid_at = :t WHERE merchant_order_no = :no")
			.param("t", Timestamp.from(paidAt))
			.param("no", merchantOrderNo)
			.update();
		return transactionId;
	}

	/** An order paid at the sandbox and recorded by the platform, as the engine would after the notification. */
	record Paid(ReconciliationFixture.Order order, String merchantOrderNo, String transactionId, long paymentId) {
	}

	Paid paid(ReconciliationFixture fixture, Instant paidAt) {
		var order = fixture.order(fixture.nextStudent(), 0, null);
		String no = "K" + fixture.tag + order.id();
		String tx = paidAtSandbox(order, no, paidAt);
		long payment = fixture.onlinePayment(order, SandboxGateway.NAME, tx, no, order.amountFen(), order.amountFen(), paidAt);
		return new Paid(order, no, tx, payment);
	}

	@Test
	void aCentDifferenceInjectedAtTheSandboxIsListedAsTheOnlyAmountMismatchAndNothingChanges() throws Exception {
		LocalDate day = day(1);
		Paid p = paid(school1, at(day, 10));
		assertThat(sandbox.injectStatementDifference(p.merchantOrderNo(), 1)).isTrue();
		String before = school1.fingerprint();

		Run run = reconciliations.reconcile(day, null);

		assertThat(run.status()).isEqualTo("DONE");
		assertThat(run.statementLines()).isEqualTo(1);
		assertThat(run.statementPaidFen()).isEqualTo(36_001);
		assertThat(run.platformPaidFen()).isEqualTo(36_000);
		List<Difference> differences = reconciliations.differences(CITY, run.id());
		assertThat(differences).singleElement().satisfies(d -> {
			assertThat(d.kind()).isEqualTo(DifferenceKind.AMOUNT_MISMATCH);
			assertThat(d.transactionId()).isEqualTo(p.transactionId());
			assertThat(d.merchantOrderNo()).isEqualTo(p.merchantOrderNo());
			assertThat(d.statementFen()).isEqualTo(36_001);
			assertThat(d.platformFen()).isEqualTo(36_000);
			assertThat(d.schoolId()).isEqualTo(school1.school);
			assertThat(d.status()).isEqualTo(DifferenceStatus.OPEN);
		});
		assertThat(school1.fingerprint()).as("billing and the ledger unchanged").isEqualTo(before);

		// the page shows both amounts; the API too
		mvc.perform(get("/console/billing/reconciliation").param("date", day.toString()).with(user(as("city"))))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("金额不符")))
			.andExpect(content().string(Matchers.containsString("¥360.01")))
			.andExpect(content().string(Matchers.containsString("¥360.00")));
		mvc.perform(get("/api/v1/billing/reconciliation").param("date", day.toString()).with(user(as("city"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.differences.length()").value(1))
			.andExpect(jsonPath("$.differences[0].kind").value("AMOUNT_MISMATCH"))
			.andExpect(jsonPath("$.differences[0].statementFen").value(36_001))
			.andExpect(jsonPath("$.differences[0].platformFen").value(36_000));
		// the statement as fetched, for download
		String csv = mvc.perform(get("/console/billing/reconciliation/statement").param("date", day.toString())
				.with(user(as("city"))))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(Statement.parse(day, csv).lines()).singleElement()
			.satisfies(l -> assertThat(l.orderFen()).isEqualTo(36_001));
		assertThat(school1.fingerprint()).isEqualTo(before);
	}

	@Test
	void paymentsAndRefundsMissingOnEitherSideAndAPostingThatDisagreesAreListed() {
		LocalDate day = day(2);
		// on the statement, not in our books: paid at the sandbox, never recorded by the platform
		var unrecorded = school1.order(school1.nextStudent(), 0, null);
		String unrecordedNo = "K" + school1.tag + "U" + unrecorded.id();
		String unrecordedTx = paidAtSandbox(unrecorded, unrecordedNo, at(day, 9));
		// ours, not on the statement: a payment the sandbox never saw
		var ghost = school2.order(school2.nextStudent(), 0, null);
		school2.onlinePayment(ghost, SandboxGateway.NAME, "4200GHOST" + school2.tag, "KGHOST" + school2.tag, 36_000,
				36_000, at(day, 11));
		// a payment whose posting moved less than its amount into the clearing account
		var underPosted = school1.order(school1.nextStudent(), 0, null);
		String underNo = "K" + school1.tag + "P" + underPosted.id();
		String underTx = paidAtSandbox(underPosted, underNo, at(day, 12));
		school1.onlinePayment(underPosted, SandboxGateway.NAME, underTx, underNo, 36_000, 35_000, at(day, 12));
		// a refund paid back at the sandbox but not recorded, and one recorded but unknown to the sandbox
		Paid refunded = paid(school1, at(LocalDate.of(2001, 11, 2), 10));
		sandbox.refund(new RefundRequest(refunded.merchantOrderNo(), "RF" + school1.tag + "A", 500, "退课"));
		jdbc.sql("UPDATE sandbox_refund SET created_at = :t WHERE merchant_refund_no = :n")
			.param("t", Timestamp.from(at(day, 14)))
			.param("n", "RF" + school1.tag + "A")
			.update();
		school1.doneRefund(refunded.order(), refunded.paymentId(), "RF" + school1.tag + "B", 700, at(day, 15));
		String before = school1.fingerprint();

		Run run = reconciliations.reconcile(day, null);

		List<Difference> differences = reconciliations.differences(CITY, run.id());
		assertThat(differences).extracting(Difference::kind, Difference::lineType, Difference::statementFen,
				Difference::platformFen, Difference::ledgerFen)
			.containsExactlyInAnyOrder(
					org.assertj.core.groups.Tuple.tuple(DifferenceKind.MISSING_ON_PLATFORM, "PAYMENT", 36_000L, null, null),
					org.assertj.core.groups.Tuple.tuple(DifferenceKind.MISSING_ON_STATEMENT, "PAYMENT", null, 36_000L, null),
					org.assertj.core.groups.Tuple.tuple(DifferenceKind.LEDGER_MISMATCH, "PAYMENT", 36_000L, 36_000L, 35_000L),
					org.assertj.core.groups.Tuple.tuple(DifferenceKind.MISSING_ON_PLATFORM, "REFUND", 500L, null, null),
					org.assertj.core.groups.Tuple.tuple(DifferenceKind.MISSING_ON_STATEMENT, "REFUND", null, 700L, null));
		assertThat(differences).filteredOn(d -> d.kind() == DifferenceKind.MISSING_ON_PLATFORM && d.lineType().equals("PAYMENT"))
			.singleElement()
			.satisfies(d -> {
				assertThat(d.transactionId()).isEqualTo(unrecordedTx);
				assertThat(d.schoolId()).as("nothing of ours to place it: the city's").isNull();
			});
		assertThat(school1.fingerprint()).isEqualTo(before);
	}

	@Test
	void aReRunKeepsResolutionsClearsWhatIsGoneAndNeverChangesTheBooks() throws Exception {
		LocalDate day = day(3);
		Paid a = paid(school1, at(day, 9));
		Paid b = paid(school1, at(day, 10));
		sandbox.injectStatementDifference(a.merchantOrderNo(), 1);
		sandbox.injectStatementDifference(b.merchantOrderNo(), -2);
		Run first = reconciliations.reconcile(day, null);
		List<Difference> found = reconciliations.differences(CITY, first.id());
		assertThat(found).hasSize(2);
		long idA = found.stream().filter(d -> d.merchantOrderNo().equals(a.merchantOrderNo())).findFirst().orElseThrow().id();
		long idB = found.stream().filter(d -> d.merchantOrderNo().equals(b.merchantOrderNo())).findFirst().orElseThrow().id();

		// the city resolves A through the API, with a note; a second resolution is refused and changes nothing
		mvc.perform(post("/api/v1/billing/reconciliation/differences/" + idA + "/resolve").with(user(as("city"))).with(csrf())
				.contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"渠道手续费差 1 分，已与银行确认\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("RESOLVED"))
			.andExpect(jsonPath("$.resolutionNote").value("渠道手续费差 1 分，已与银行确认"));
		mvc.perform(post("/api/v1/billing/reconciliation/differences/" + idA + "/resolve").with(user(as("city"))).with(csrf())
				.contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"again\"}"))
			.andExpect(status().isConflict());
		mvc.perform(post("/api/v1/billing/reconciliation/differences/" + idB + "/resolve").with(user(as("city"))).with(csrf())
				.contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"  \"}"))
			.andExpect(status().isBadRequest());

		// both differences disappear at the gateway; a re-run (the button) keeps A resolved, clears B, deletes nothing
		sandbox.injectStatementDifference(a.merchantOrderNo(), 0);
		sandbox.injectStatementDifference(b.merchantOrderNo(), 0);
		String before = school1.fingerprint();
		mvc.perform(post("/console/billing/reconciliation/run").param("date", day.toString()).with(user(as("city"))).with(csrf()))
			.andExpect(status().is3xxRedirection());
		Run second = reconciliations.runOf(day).orElseThrow();
		assertThat(second.id()).isEqualTo(first.id());
		assertThat(second.runs()).isEqualTo(2);
		Difference resolvedA = reconciliations.difference(idA).orElseThrow();
		assertThat(resolvedA.status()).isEqualTo(DifferenceStatus.RESOLVED);
		assertThat(resolvedA.resolutionNote()).isEqualTo("渠道手续费差 1 分，已与银行确认");
		assertThat(resolvedA.resolvedByName()).isNotBlank();
		assertThat(resolvedA.resolvedAt()).isNotNull();
		assertThat(resolvedA.statementFen()).as("kept as resolved").isEqualTo(36_001);
		assertThat(reconciliations.difference(idB).orElseThrow().status()).isEqualTo(DifferenceStatus.CLEARED);

		// the difference comes back: B reopens (same row), A stays resolved
		sandbox.injectStatementDifference(a.merchantOrderNo(), 1);
		sandbox.injectStatementDifference(b.merchantOrderNo(), -2);
		reconciliations.reconcile(day, null);
		assertThat(reconciliations.differences(CITY, first.id())).extracting(Difference::id, Difference::status)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(idA, DifferenceStatus.RESOLVED),
					org.assertj.core.groups.Tuple.tuple(idB, DifferenceStatus.OPEN));
		assertThat(school1.fingerprint()).isEqualTo(before);
	}

	@Test
	void aTownAdminSeesAndResolvesOnlyItsSchoolsDifferences() throws Exception {
		LocalDate day = day(4);
		Paid mine = paid(school1, at(day, 9));
		Paid theirs = paid(school2, at(day, 10));
		sandbox.injectStatementDifference(mine.merchantOrderNo(), 1);
		sandbox.injectStatementDifference(theirs.merchantOrderNo(), 1);
		var unrecorded = school1.order(school1.nextStudent(), 0, null);
		paidAtSandbox(unrecorded, "K" + school1.tag + "U" + unrecorded.id(), at(day, 11));
		Run run = reconciliations.reconcile(day, null);
		assertThat(reconciliations.differences(CITY, run.id())).hasSize(3);
		long idMine = idOf(run, mine);
		long idTheirs = idOf(run, theirs);

		KehouUser town1 = as("town1");
		assertThat(reconciliations.differences(town1.scope(), run.id())).extracting(Difference::id).containsExactly(idMine);
		String page = mvc.perform(get("/console/billing/reconciliation").param("date", day.toString()).with(user(town1)))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(page).contains("data-difference=\"" + idMine + "\"").doesNotContain("data-difference=\"" + idTheirs + "\"")
			.doesNotContain("run-day");
		mvc.perform(post("/console/billing/reconciliation/differences/" + idTheirs + "/resolve").param("note", "不是我的")
				.with(user(town1)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(post("/console/billing/reconciliation/differences/" + idMine + "/resolve").param("note", "已核实")
				.with(user(town1)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(reconciliations.difference(idMine).orElseThrow().status()).isEqualTo(DifferenceStatus.RESOLVED);
		assertThat(reconciliations.difference(idTheirs).orElseThrow().status()).isEqualTo(DifferenceStatus.OPEN);
		// the town may not re-run a day or download the statement; a school admin does not reach reconciliation
		mvc.perform(post("/console/billing/reconciliation/run").param("date", day.toString()).with(user(town1)).with(csrf()))
			.andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/billing/reconciliation/statement").param("date", day.toString()).with(user(town1)))
			.andExpect(status().isForbidden());
		mvc.perform(get("/console/billing/reconciliation").with(user(as("school1")))).andExpect(status().isForbidden());
	}

	long idOf(Run run, Paid paid) {
		return reconciliations.differences(CITY, run.id()).stream()
			.filter(d -> paid.merchantOrderNo().equals(d.merchantOrderNo()))
			.findFirst()
			.orElseThrow()
			.id();
	}

	@Test
	void twoNodesDailyJobsReconcileADayOnce() throws Exception {
		LocalDate day = day(5);
		Paid p = paid(school1, at(day, 9));
		sandbox.injectStatementDifference(p.merchantOrderNo(), 1);
		int nodes = 4;
		ExecutorService pool = Executors.newFixedThreadPool(nodes);
		try {
			CountDownLatch start = new CountDownLatch(1);
			Callable<Optional<Run>> job = () -> {
				start.await();
				return reconciliations.reconcileIfUnclaimed(day);
			};
			List<Future<Optional<Run>>> results = new java.util.ArrayList<>();
			for (int i = 0; i < nodes; i++) {
				results.add(pool.submit(job));
			}
			start.countDown();
			int ran = 0;
			for (Future<Optional<Run>> r : results) {
				ran += r.get().isPresent() ? 1 : 0;
			}
			assertThat(ran).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
		Run run = reconciliations.runOf(day).orElseThrow();
		assertThat(run.runs()).isEqualTo(1);
		assertThat(jdbc.sql("SELECT count(*) FROM billing_recon_run WHERE day = :d").param("d", day).query(Long.class).single())
			.isEqualTo(1);
		assertThat(reconciliations.differences(CITY, run.id())).singleElement()
			.satisfies(d -> assertThat(d.kind()).isEqualTo(DifferenceKind.AMOUNT_MISMATCH));
		// the job again (a restart, another node later): nothing
		assertThat(reconciliations.reconcileIfUnclaimed(day)).isEmpty();
	}

	@Test
	void aFutureDayOrABlankNoteIsRefusedReadably() throws Exception {
		mvc.perform(post("/api/v1/billing/reconciliation").param("date", LocalDate.now(Statement.ZONE).plusDays(2).toString())
				.with(user(as("city"))).with(csrf()))
			.andExpect(status().isBadRequest());
		assertThatThrownBy(() -> reconciliations.resolve(Long.MAX_VALUE, " ", as("city")))
			.isInstanceOf(IllegalArgumentException.class);
		mvc.perform(get("/console/billing/reconciliation").param("date", "2001-01-01").with(user(as("city"))))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("还没有对账")));
	}
}
