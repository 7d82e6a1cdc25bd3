package org.kehou.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kehou.ledger.LedgerWorld.fen;
import static org.kehou.ledger.LedgerWorld.posting;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Posting rules, idempotency, reversal and immutability, on the real database. */
@DemoCityTest
class LedgerTests {

	@Autowired
	Ledger ledger;

	@Autowired
	LedgerReports reports;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	LedgerWorld world;

	long school;

	long student;

	long provider;

	@BeforeEach
	void world() {
		world = new LedgerWorld(jdbc);
		school = world.school("school1");
		student = world.students(school, 3).get(2);
		provider = world.providers(1).get(0);
	}

	Posting order(String key, long total) {
		return posting(key, PostingKind.ORDER, "order:" + key,
				Leg.debit(AccountRef.guardianReceivable(student), fen(total)),
				Leg.credit(AccountRef.providerPayable(provider), fen(total - 100)),
				Leg.credit(AccountRef.schoolAccount(school), fen(100)));
	}

	@Test
	void aBalancedPostingIsWrittenWithItsLegsAndMovesTheBalances() {
		AccountBalance receivable = ledger.balance(AccountRef.guardianReceivable(student));
		AccountBalance payable = ledger.balance(AccountRef.providerPayable(provider));

		Entry entry = ledger.post(order(world.key("order"), 3000));

		assertThat(entry.replayed()).isFalse();
		assertThat(entry.kind()).isEqualTo(PostingKind.ORDER);
		assertThat(entry.lines()).hasSize(3);
		assertThat(entry.debits()).isEqualTo(fen(3000)).isEqualTo(entry.credits());
		assertThat(ledger.balance(AccountRef.guardianReceivable(student)).balance())
			.isEqualTo(receivable.balance().plus(fen(3000)));
		assertThat(ledger.balance(AccountRef.providerPayable(provider)).balance())
			.isEqualTo(payable.balance().plus(fen(2900)));
		assertThat(ledger.entry(entry.id())).contains(entry);
		assertThat(reports.proof().holds()).isTrue();
	}

	@Test
	void unbalancedZeroNegativeAndSingleLegPostingsAreRefusedWithNothingWritten() {
		String before = world.fingerprint();
		AccountRef fresh = AccountRef.refundsPayable(world.students(school, 40).get(39));
		assertThatThrownBy(() -> ledger.post(posting(world.key("unbalanced"), PostingKind.PAYMENT, "p:1",
				Leg.debit(AccountRef.gatewayClearing(), fen(1000)), Leg.credit(fresh, fen(999)))))
			.isInstanceOfSatisfying(LedgerRefused.class,
					e -> assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.UNBALANCED));
		assertThatThrownBy(() -> ledger.post(posting(world.key("zero"), PostingKind.PAYMENT, "p:1",
				Leg.debit(AccountRef.gatewayClearing(), fen(0)), Leg.credit(fresh, fen(0)))))
			.isInstanceOfSatisfying(LedgerRefused.class,
					e -> assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.NOT_POSITIVE));
		assertThatThrownBy(() -> ledger.post(posting(world.key("negative"), PostingKind.PAYMENT, "p:1",
				Leg.debit(AccountRef.gatewayClearing(), fen(-500)), Leg.credit(fresh, fen(-500)))))
			.isInstanceOfSatisfying(LedgerRefused.class,
					e -> assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.NOT_POSITIVE));
		assertThatThrownBy(() -> ledger.post(posting(world.key("one"), PostingKind.PAYMENT, "p:1",
				Leg.debit(AccountRef.gatewayClearing(), fen(500)))))
			.isInstanceOfSatisfying(LedgerRefused.class,
					e -> assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.TOO_FEW_LEGS));
		// an owner that does not exist: refused after the posting row was inserted, so the rollback is what's tested
		assertThatThrownBy(() -> ledger.post(posting(world.key("nobody"), PostingKind.PAYMENT, "p:1",
				Leg.debit(AccountRef.gatewayClearing(), fen(500)), Leg.credit(AccountRef.refundsPayable(999_999_999L), fen(500)))))
			.isInstanceOfSatisfying(LedgerRefused.class,
					e -> assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.INVALID));
		assertThatThrownBy(() -> ledger.post(posting(" ", PostingKind.PAYMENT, "p:1",
				Leg.debit(AccountRef.gatewayClearing(), fen(500)), Leg.credit(fresh, fen(500)))))
			.isInstanceOfSatisfying(LedgerRefused.class,
					e -> assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.INVALID));
		assertThatThrownBy(() -> AccountRef.specialFund(0)).isInstanceOf(LedgerRefused.class);

		assertThat(world.fingerprint()).isEqualTo(before);
		assertThat(ledger.entryByKey(world.key("nobody"))).isEmpty();
	}

	@Test
	void theSameKeyWithTheSameLegsReturnsTheFirstPosting() {
		String key = world.key("again");
		Entry first = ledger.post(order(key, 2000));
		String before = world.fingerprint();

		// the same legs in another order, another description and time: still the same movement
		Posting again = new Posting(key, PostingKind.ORDER, "order:" + key, "重试", Instant.now().plusSeconds(60),
				List.of(Leg.credit(AccountRef.schoolAccount(school), fen(100)),
						Leg.debit(AccountRef.guardianReceivable(student), fen(2000)),
						Leg.credit(AccountRef.providerPayable(provider), fen(1900))));
		Entry second = ledger.post(again);

		assertThat(second.replayed()).isTrue();
		assertThat(second.id()).isEqualTo(first.id());
		assertThat(second.description()).isEqualTo(first.description());
		assertThat(world.fingerprint()).isEqualTo(before);
	}

	@Test
	void theSameKeyWithOtherLegsIsRefused() {
		String key = world.key("conflict");
		ledger.post(order(key, 2000));
		String before = world.fingerprint();

		assertThatThrownBy(() -> ledger.post(order(key, 2001)))
			.isInstanceOfSatisfying(LedgerRefused.class,
					e -> assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.KEY_CONFLICT));
		assertThatThrownBy(() -> ledger.post(posting(key, PostingKind.PAYMENT, "order:" + key,
				Leg.debit(AccountRef.guardianReceivable(student), fen(2000)),
				Leg.credit(AccountRef.providerPayable(provider), fen(1900)),
				Leg.credit(AccountRef.schoolAccount(school), fen(100)))))
			.isInstanceOfSatisfying(LedgerRefused.class,
					e -> assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.KEY_CONFLICT));
		assertThat(world.fingerprint()).isEqualTo(before);
	}

	@Test
	void aReversalPostsTheMirrorImageOnce() {
		AccountBalance receivable = ledger.balance(AccountRef.guardianReceivable(student));
		Entry original = ledger.post(order(world.key("reversed"), 1500));

		Entry reversal = ledger.reverse(original.id(), "录错了金额");

		assertThat(reversal.replayed()).isFalse();
		assertThat(reversal.kind()).isEqualTo(PostingKind.CORRECTION);
		assertThat(reversal.reversesId()).isEqualTo(original.id());
		assertThat(reversal.reference()).isEqualTo(original.reference());
		assertThat(reversal.description()).contains("录错了金额");
		assertThat(reversal.legs()).containsExactlyElementsOf(original.legs().stream().map(Leg::mirrored).toList());
		assertThat(ledger.balance(AccountRef.guardianReceivable(student))).isEqualTo(new AccountBalance(
				receivable.account(), receivable.debits().plus(fen(1500)), receivable.credits().plus(fen(1500))));
		assertThat(ledger.balance(AccountRef.guardianReceivable(student)).balance()).isEqualTo(receivable.balance());

		String before = world.fingerprint();
		Entry again = ledger.reverse(original.id(), "再点一次");
		assertThat(again.replayed()).isTrue();
		assertThat(again.id()).isEqualTo(reversal.id());
		assertThat(ledger.reversalOf(original.id())).map(Entry::id).contains(reversal.id());
		assertThat(world.fingerprint()).isEqualTo(before);

		assertThatThrownBy(() -> ledger.reverse(Long.MAX_VALUE, "无此分录"))
			.isInstanceOfSatisfying(LedgerRefused.class,
					e -> assertThat(e.reason()).isEqualTo(LedgerRefused.Reason.NOT_FOUND));
		assertThatThrownBy(() -> ledger.reverse(original.id(), " ")).isInstanceOf(LedgerRefused.class);
	}

	@Test
	void theDatabaseRefusesToChangeOrRemoveWhatWasPosted() {
		Entry entry = ledger.post(order(world.key("immutable"), 1000));
		long account = entry.lines().get(0).accountId();
		String before = world.fingerprint();

		List<String> attacks = List.of(
				"UPDATE ledger_posting SET description = 'changed' WHERE id = " + entry.id(),
				"UPDATE ledger_posting SET idempotency_key = 'x' || id WHERE id = " + entry.id(),
				"DELETE FROM ledger_posting WHERE id = " + entry.id(),
				"UPDATE ledger_leg SET debit = debit + 1 WHERE posting_id = " + entry.id(),
				"DELETE FROM ledger_leg WHERE posting_id = " + entry.id(),
				"TRUNCATE ledger_leg, ledger_posting, ledger_account",
				"DELETE FROM ledger_account WHERE id = " + account,
				"UPDATE ledger_account SET debit_total = 0 WHERE id = " + account,
				"UPDATE ledger_account SET owner_id = owner_id + 1 WHERE id = " + account);
		for (String attack : attacks) {
			assertThatThrownBy(() -> jdbc.sql(attack).update()).as(attack).isInstanceOf(DataAccessException.class);
		}
		assertThat(world.fingerprint()).isEqualTo(before);
		assertThat(ledger.entry(entry.id())).contains(entry);
	}

	@Test
	void theDatabaseRefusesAnUnbalancedPostingWrittenAroundTheLedger() {
		String before = world.fingerprint();
		long account = ledger.post(order(world.key("around"), 1000)).lines().get(0).accountId();
		String after = world.fingerprint();

		assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
			long id = jdbc.sql("""
					INSERT INTO ledger_posting (idempotency_key, kind, reference, description, occurred_at)
					VALUES (:k, 'CORRECTION', 'x', 'x', :t) RETURNING id""")
				.param("k", world.key("around-unbalanced"))
				.param("t", Timestamp.from(Instant.now()))
				.query(Long.class)
				.single();
			jdbc.sql("INSERT INTO ledger_leg (posting_id, line, account_id, debit) VALUES (:p, 1, :a, 5)")
				.param("p", id).param("a", account).update();
			jdbc.sql("INSERT INTO ledger_leg (posting_id, line, account_id, credit) VALUES (:p, 2, :a, 4)")
				.param("p", id).param("a", account).update();
		})).isInstanceOf(DataAccessException.class).hasMessageContaining("does not balance");
		assertThatThrownBy(() -> jdbc.sql("INSERT INTO ledger_leg (posting_id, line, account_id, debit, credit) "
				+ "VALUES (1, 99, :a, 5, 5)").param("a", account).update()).isInstanceOf(DataAccessException.class);
		assertThat(world.fingerprint()).isNotEqualTo(before).isEqualTo(after);
	}

	@Test
	void paymentExemptionRefundAndSettlementPostAsTheDocsSay() {
		long child = world.students(school, 5).get(4);
		String order = "order:" + world.key("flow");
		AccountRef receivable = AccountRef.guardianReceivable(child);
		AccountRef payable = AccountRef.providerPayable(provider);
		Money before = ledger.balance(receivable).balance();
		Money fundBefore = ledger.balance(AccountRef.specialFund(school)).balance();
		ledger.post(posting(world.key("flow-order"), PostingKind.ORDER, order, Leg.debit(receivable, fen(4000)),
				Leg.credit(payable, fen(4000))));
		ledger.post(posting(world.key("flow-exempt"), PostingKind.EXEMPTION, order,
				Leg.debit(AccountRef.specialFund(school), fen(1000)), Leg.credit(receivable, fen(1000))));
		ledger.post(posting(world.key("flow-pay"), PostingKind.PAYMENT, order,
				Leg.debit(AccountRef.gatewayClearing(), fen(3000)), Leg.credit(receivable, fen(3000))));
		assertThat(ledger.balance(receivable).balance()).as("paid in full after the exemption").isEqualTo(before);
		assertThat(ledger.balance(AccountRef.specialFund(school)).balance()).isEqualTo(fundBefore.plus(fen(1000)));

		Money refundsBefore = ledger.balance(AccountRef.refundsPayable(child)).balance();
		ledger.post(posting(world.key("flow-refund"), PostingKind.REFUND, order, Leg.debit(payable, fen(500)),
				Leg.credit(AccountRef.refundsPayable(child), fen(500))));
		ledger.post(posting(world.key("flow-refund-paid"), PostingKind.REFUND, order,
				Leg.debit(AccountRef.refundsPayable(child), fen(500)), Leg.credit(AccountRef.gatewayClearing(), fen(500))));
		assertThat(ledger.balance(AccountRef.refundsPayable(child)).balance()).isEqualTo(refundsBefore);
		assertThat(reports.proof().holds()).isTrue();
	}

	@Test
	void noMoneyColumnOfTheDatabaseIsFloatingPoint() {
		List<String> columns = jdbc.sql("""
				SELECT table_name || '.' || column_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND data_type IN ('real', 'double precision')""")
			.query(String.class)
			.list();
		assertThat(columns).as("floating-point columns").isEmpty();
		assertThat(jdbc.sql("""
				SELECT data_type FROM information_schema.columns WHERE table_name IN ('ledger_leg', 'ledger_account')
				AND column_name IN ('debit', 'credit', 'debit_total', 'credit_total')""").query(String.class).list())
			.hasSize(4)
			.containsOnly("bigint");
	}
}
