package org.kehou.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts to the double-entry ledger. A posting is checked before anything is written (at least two legs, each more
 * than zero fen, debits = credits) and written in one transaction: the posting row first — its idempotency key is
 * UNIQUE, so of two concurrent posts of one key the second waits for the first and then returns it (same kind,
 * reference and legs) or is refused ({@link LedgerRefused.Reason#KEY_CONFLICT}) —, then the accounts it names,
 * opened on first use in a fixed order ({@link AccountRef#compareTo}), then its legs, then the accounts' running
 * totals, updated in ascending account id order so that two postings over the same accounts never deadlock. The
 * database checks the balance again at commit and refuses any UPDATE or DELETE of what was posted.
 */
@Service
public class Ledger {

	static final int KEY_LENGTH = 200;

	static final int REFERENCE_LENGTH = 100;

	static final int DESCRIPTION_LENGTH = 300;

	private final JdbcClient jdbc;

	Ledger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Posts once per idempotency key.
	 *
	 * @return the new posting, or the earlier one of the same key and legs ({@link Entry#replayed()})
	 * @throws LedgerRefused when the posting is malformed or its key was posted with other legs; nothing is written
	 */
	@Transactional
	public Entry post(Posting posting) {
		return write(posting, null);
	}

	/**
	 * Posts the mirror image of a posting (every leg on the other side), once: a second call returns the first
	 * reversal. The reversal is a {@link PostingKind#CORRECTION} with the original's reference.
	 */
	@Transactional
	public Entry reverse(long postingId, String reason) {
		if (reason.isBlank()) {
			throw new LedgerRefused(LedgerRefused.Reason.INVALID, "a reversal needs a reason");
		}
		Entry original = entry(postingId)
			.orElseThrow(() -> new LedgerRefused(LedgerRefused.Reason.NOT_FOUND, "no posting " + postingId));
		String description = truncate("冲正 #" + postingId + "：" + reason.strip(), DESCRIPTION_LENGTH);
		Posting mirror = new Posting("reversal:" + postingId, PostingKind.CORRECTION, original.reference(), description,
				Instant.now(), original.legs().stream().map(Leg::mirrored).toList());
		return write(mirror, postingId);
	}

	@Transactional(readOnly = true)
	public Optional<Entry> entry(long postingId) {
		return find("p.id = :x", postingId);
	}

	@Transactional(readOnly = true)
	public Optional<Entry> entryByKey(String idempotencyKey) {
		return find("p.idempotency_key = :x", idempotencyKey);
	}

	/** The reversal of a posting, if it has been reversed. */
	@Transactional(readOnly = true)
	public Optional<Entry> reversalOf(long postingId) {
		return find("p.reverses_id = :x", postingId);
	}

	/** An account's totals; zero for an account never used. */
	@Transactional(readOnly = true)
	public AccountBalance balance(AccountRef account) {
		return jdbc.sql("SELECT debit_total, credit_total FROM ledger_account WHERE kind = :k AND owner_id = :o")
			.param("k", account.kind().name())
			.param("o", account.ownerId())
			.query((rs, i) -> new AccountBalance(account, Money.ofFen(rs.getLong(1)), Money.ofFen(rs.getLong(2))))
			.optional()
			.orElse(new AccountBalance(account, Money.ZERO, Money.ZERO));
	}

	private Entry write(Posting posting, @Nullable Long reverses) {
		check(posting);
		Optional<Long> inserted = jdbc.sql("""
				INSERT INTO ledger_posting (idempotency_key, kind, reference, description, occurred_at, reverses_id)
				VALUES (:key, :kind, :reference, :description, :at, :reverses)
				ON CONFLICT DO NOTHING RETURNING id""")
			.param("key", posting.idempotencyKey())
			.param("kind", posting.kind().name())
			.param("reference", posting.reference())
			.param("description", posting.description())
			.param("at", Timestamp.from(posting.occurredAt()))
			.param("reverses", reverses)
			.query(Long.class)
			.optional();
		if (inserted.isEmpty()) {
			// posted before (or by a concurrent transaction, which the INSERT waited for): the same or refused
			Entry first = entryByKey(posting.idempotencyKey())
				.or(() -> reverses == null ? Optional.empty() : reversalOf(reverses))
				.orElseThrow(() -> new LedgerRefused(LedgerRefused.Reason.KEY_CONFLICT,
						"posting " + posting.idempotencyKey() + " conflicts"));
			if (!sameMovement(first, posting)) {
				throw new LedgerRefused(LedgerRefused.Reason.KEY_CONFLICT,
						"idempotency key " + posting.idempotencyKey() + " was posted with other legs");
			}
			return first.asReplayed();
		}
		long postingId = inserted.get();
		Map<AccountRef, Long> accounts = new TreeMap<>();
		for (AccountRef ref : new TreeSet<>(posting.legs().stream().map(Leg::account).toList())) {
			accounts.put(ref, open(ref));
		}
		int line = 1;
		Map<Long, long[]> totals = new TreeMap<>();
		for (Leg leg : posting.legs()) {
			long accountId = accounts.get(leg.account());
			boolean debit = leg.side() == Side.DEBIT;
			jdbc.sql("INSERT INTO ledger_leg (posting_id, line, account_id, debit, credit) VALUES (:p, :l, :a, :d, :c)")
				.param("p", postingId)
				.param("l", line++)
				.param("a", accountId)
				.param("d", debit ? leg.amount().fen() : 0L)
				.param("c", debit ? 0L : leg.amount().fen())
				.update();
			long[] sums = totals.computeIfAbsent(accountId, id -> new long[2]);
			sums[debit ? 0 : 1] = Math.addExact(sums[debit ? 0 : 1], leg.amount().fen());
		}
		// ascending account id (TreeMap): every posting locks the rows it shares with another in the same order
		totals.forEach((accountId, sums) -> jdbc.sql("""
				UPDATE ledger_account SET debit_total = debit_total + :d, credit_total = credit_total + :c
				WHERE id = :id""").param("d", sums[0]).param("c", sums[1]).param("id", accountId).update());
		return entry(postingId).orElseThrow();
	}

	/** Opens the account on first use: the UNIQUE (kind, owner_id) constraint decides a race, never a prior check. */
	private long open(AccountRef ref) {
		Optional<Long> existing = accountId(ref);
		if (existing.isPresent()) {
			return existing.get();
		}
		Long schoolId = schoolOf(ref);
		jdbc.sql("""
				INSERT INTO ledger_account (kind, owner_id, school_id) VALUES (:k, :o, :s)
				ON CONFLICT (kind, owner_id) DO NOTHING""")
			.param("k", ref.kind().name())
			.param("o", ref.ownerId())
			.param("s", schoolId)
			.update();
		return accountId(ref).orElseThrow();
	}

	/** The school an account belongs to for scoping (none for providers and the platform); refused for an owner that does not exist. */
	private @Nullable Long schoolOf(AccountRef ref) {
		String sql = switch (ref.kind().ownerType()) {
			case STUDENT -> "SELECT school_id FROM student WHERE id = :o";
			case SCHOOL -> "SELECT id FROM school WHERE id = :o";
			case PROVIDER -> "SELECT NULL::bigint FROM provider WHERE id = :o";
			case PLATFORM -> "SELECT NULL::bigint";
		};
		List<Optional<Long>> rows = jdbc.sql(sql)
			.params(Map.of("o", ref.ownerId()))
			.query((rs, i) -> Optional.ofNullable(rs.getObject(1, Long.class)))
			.list();
		if (rows.isEmpty()) {
			throw new LedgerRefused(LedgerRefused.Reason.INVALID, "no owner " + ref.ownerId() + " for " + ref.kind());
		}
		return rows.get(0).orElse(null);
	}

	private Optional<Long> accountId(AccountRef ref) {
		return jdbc.sql("SELECT id FROM ledger_account WHERE kind = :k AND owner_id = :o")
			.param("k", ref.kind().name())
			.param("o", ref.ownerId())
			.query(Long.class)
			.optional();
	}

	private static void check(Posting posting) {
		text(posting.idempotencyKey(), KEY_LENGTH, "idempotency key");
		text(posting.reference(), REFERENCE_LENGTH, "reference");
		text(posting.description(), DESCRIPTION_LENGTH, "description");
		if (posting.legs().size() < 2) {
			throw new LedgerRefused(LedgerRefused.Reason.TOO_FEW_LEGS, "a posting needs at least two legs");
		}
		long debits = 0;
		long credits = 0;
		for (Leg leg : posting.legs()) {
			if (leg.amount().fen() <= 0) {
				throw new LedgerRefused(LedgerRefused.Reason.NOT_POSITIVE, "a leg of " + leg.amount());
			}
			try {
				if (leg.side() == Side.DEBIT) {
					debits = Math.addExact(debits, leg.amount().fen());
				}
				else {
					credits = Math.addExact(credits, leg.amount().fen());
				}
			}
			catch (ArithmeticException e) {
				throw new LedgerRefused(LedgerRefused.Reason.INVALID, "amounts too large");
			}
		}
		if (debits != credits) {
			throw new LedgerRefused(LedgerRefused.Reason.UNBALANCED,
					"debits " + Money.ofFen(debits) + " ≠ credits " + Money.ofFen(credits));
		}
	}

	private static void text(String value, int max, String what) {
		if (value.isBlank() || value.length() > max) {
			throw new LedgerRefused(LedgerRefused.Reason.INVALID, what + " must be 1–" + max + " characters");
		}
	}

	private static String truncate(String text, int max) {
		return text.length() <= max ? text : text.substring(0, max);
	}

	/** The same kind, reference and legs (in any order); the description and time may differ. */
	private static boolean sameMovement(Entry first, Posting again) {
		Comparator<Leg> order = Comparator.comparing(Leg::account)
			.thenComparing(Leg::side)
			.thenComparing(Leg::amount);
		List<Leg> a = new ArrayList<>(first.legs());
		List<Leg> b = new ArrayList<>(again.legs());
		a.sort(order);
		b.sort(order);
		return first.kind() == again.kind() && first.reference().equals(again.reference()) && a.equals(b);
	}

	private Optional<Entry> find(String where, Object value) {
		record Head(long id, String key, PostingKind kind, String reference, String description, Instant occurredAt,
				Instant recordedAt, @Nullable Long reversesId) {
		}
		Optional<Head> head = jdbc.sql("""
				SELECT p.id, p.idempotency_key, p.kind, p.reference, p.description, p.occurred_at, p.recorded_at,
				  p.reverses_id FROM ledger_posting p WHERE """ + " " + where)
			.param("x", value)
			.query((rs, i) -> new Head(rs.getLong(1), rs.getString(2), PostingKind.valueOf(rs.getString(3)),
					rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
					rs.getObject(8, Long.class)))
			.optional();
		return head.map(h -> new Entry(h.id(), h.key(), h.kind(), h.reference(), h.description(), h.occurredAt(),
				h.recordedAt(), h.reversesId(), lines(h.id()), false));
	}

	private List<Entry.Line> lines(long postingId) {
		return jdbc.sql("""
				SELECT l.line, l.account_id, a.kind, a.owner_id, l.debit, l.credit FROM ledger_leg l
				JOIN ledger_account a ON a.id = l.account_id WHERE l.posting_id = :p ORDER BY l.line""")
			.param("p", postingId)
			.query(Ledger::line)
			.list();
	}

	static Entry.Line line(ResultSet rs, int row) throws SQLException {
		long debit = rs.getLong("debit");
		return new Entry.Line(rs.getInt("line"), rs.getLong("account_id"),
				new AccountRef(AccountKind.valueOf(rs.getString("kind")), rs.getLong("owner_id")),
				debit > 0 ? Side.DEBIT : Side.CREDIT, Money.ofFen(debit > 0 ? debit : rs.getLong("credit")));
	}
}
