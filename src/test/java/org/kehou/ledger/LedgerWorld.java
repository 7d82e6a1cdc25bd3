package org.kehou.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.kehou.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Real owners from the demo city and unique keys for the ledger tests (the ledger can't be cleaned: it is immutable). */
class LedgerWorld {

	final JdbcClient jdbc;

	final String run = UUID.randomUUID().toString().substring(0, 8);

	LedgerWorld(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	String key(String name) {
		return "test:" + run + ":" + name;
	}

	long school(String admin) {
		return jdbc.sql("SELECT school_id FROM app_user WHERE username = :u").param("u", admin).query(Long.class).single();
	}

	List<Long> students(long school, int n) {
		return jdbc.sql("SELECT id FROM student WHERE school_id = :s ORDER BY id LIMIT :n")
			.param("s", school)
			.param("n", n)
			.query(Long.class)
			.list();
	}

	List<Long> providers(int n) {
		return jdbc.sql("SELECT id FROM provider ORDER BY id LIMIT :n").param("n", n).query(Long.class).list();
	}

	long postings() {
		return jdbc.sql("SELECT count(*) FROM ledger_posting").query(Long.class).single();
	}

	long legs() {
		return jdbc.sql("SELECT count(*) FROM ledger_leg").query(Long.class).single();
	}

	long accounts() {
		return jdbc.sql("SELECT count(*) FROM ledger_account").query(Long.class).single();
	}

	/** Postings, legs, accounts and the sum of all running totals: changes when anything is written. */
	String fingerprint() {
		return postings() + "/" + legs() + "/" + accounts() + "/"
				+ jdbc.sql("SELECT coalesce(sum(debit_total), 0) || ':' || coalesce(sum(credit_total), 0) FROM ledger_account")
					.query(String.class)
					.single();
	}

	static Posting posting(String key, PostingKind kind, String reference, Leg... legs) {
		return new Posting(key, kind, reference, "测试 " + kind, Instant.now(), List.of(legs));
	}

	static Money fen(long fen) {
		return Money.ofFen(fen);
	}
}
