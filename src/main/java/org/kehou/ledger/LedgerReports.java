package org.kehou.ledger;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Scope;
import org.kehou.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger's read views, filtered by the reader's scope (ARCHITECTURE.md invariant 5): the city sees every account;
 * a town the accounts of its schools (and of their students); a school its own; nobody else any. Provider and
 * platform accounts belong to no school, so only the city sees them. A posting is visible when one of its legs is;
 * its other legs show their kind and amount but withhold an owner outside the scope. {@code schoolId} narrows any
 * view to one school (the access check has already made sure it lies in the scope).
 */
@Service
public class LedgerReports {

	public static final int MAX_PAGE_SIZE = 100;

	private final JdbcClient jdbc;

	LedgerReports(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public TrialBalance trialBalance(Scope scope, @Nullable Long schoolId) {
		Filter f = filter(scope, schoolId);
		List<TrialBalance.Row> rows = jdbc.sql("""
				SELECT a.kind, count(*), coalesce(sum(a.debit_total), 0), coalesce(sum(a.credit_total), 0)
				FROM ledger_account a LEFT JOIN school s ON s.id = a.school_id
				WHERE """ + " " + f.sql() + " GROUP BY a.kind")
			.params(f.params())
			.query((rs, i) -> new TrialBalance.Row(AccountKind.valueOf(rs.getString(1)), rs.getLong(2),
					Money.ofFen(rs.getLong(3)), Money.ofFen(rs.getLong(4))))
			.list();
		List<TrialBalance.Row> ordered = new ArrayList<>(rows);
		ordered.sort((a, b) -> a.kind().compareTo(b.kind()));
		return new TrialBalance(ordered, scope.isCity() && schoolId == null);
	}

	/** Postings with a leg in the scope, newest first; {@code page} from 0, {@code size} 1–100. */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public PostingPage postings(Scope scope, @Nullable Long schoolId, int page, int size) {
		int p = Math.max(page, 0);
		int n = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
		Filter f = filter(scope, schoolId);
		String visible = """
				EXISTS (SELECT 1 FROM ledger_leg l JOIN ledger_account a ON a.id = l.account_id
				  LEFT JOIN school s ON s.id = a.school_id WHERE l.posting_id = p.id AND""" + " " + f.sql() + ")";
		long total = jdbc.sql("SELECT count(*) FROM ledger_posting p WHERE " + visible)
			.params(f.params())
			.query(Long.class)
			.single();
		Map<String, Object> params = new HashMap<>(f.params());
		params.put("limit", n);
		params.put("offset", (long) p * n);
		List<Long> ids = jdbc.sql("SELECT p.id FROM ledger_posting p WHERE " + visible
				+ " ORDER BY p.recorded_at DESC, p.id DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.query(Long.class)
			.list();
		return new PostingPage(views(ids, f), p, n, total);
	}

	/** One posting as the scope sees it (the caller has checked that the scope reaches it). */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Optional<PostingView> posting(Scope scope, long postingId) {
		return views(List.of(postingId), filter(scope, null)).stream().findFirst();
	}

	/** The proof that the whole ledger balances, in one snapshot. */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public LedgerProof proof() {
		return jdbc.sql("""
				SELECT (SELECT count(*) FROM ledger_posting),
				  (SELECT coalesce(sum(debit), 0) FROM ledger_leg), (SELECT coalesce(sum(credit), 0) FROM ledger_leg),
				  (SELECT count(*) FROM ledger_posting p WHERE NOT EXISTS (
				     SELECT 1 FROM ledger_leg l WHERE l.posting_id = p.id
				     HAVING count(*) >= 2 AND sum(l.debit) = sum(l.credit))),
				  (SELECT count(*) FROM ledger_account a LEFT JOIN (
				     SELECT account_id, sum(debit) AS d, sum(credit) AS c FROM ledger_leg GROUP BY account_id) t
				     ON t.account_id = a.id
				   WHERE a.debit_total <> coalesce(t.d, 0) OR a.credit_total <> coalesce(t.c, 0))""")
			.query((rs, i) -> new LedgerProof(rs.getLong(1), Money.ofFen(rs.getLong(2)), Money.ofFen(rs.getLong(3)),
					rs.getLong(4), rs.getLong(5)))
			.single();
	}

	private List<PostingView> views(List<Long> ids, Filter f) {
		if (ids.isEmpty()) {
			return List.of();
		}
		record Head(long id, PostingKind kind, String reference, String description, Timestamp occurredAt,
				Timestamp recordedAt, @Nullable Long reversesId) {
		}
		Map<String, Object> params = new HashMap<>(f.params());
		params.put("ids", ids);
		Map<Long, Head> heads = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT id, kind, reference, description, occurred_at, recorded_at, reverses_id FROM ledger_posting
				WHERE id IN (:ids)""")
			.params(params)
			.query((rs, i) -> new Head(rs.getLong(1), PostingKind.valueOf(rs.getString(2)), rs.getString(3),
					rs.getString(4), rs.getTimestamp(5), rs.getTimestamp(6), rs.getObject(7, Long.class)))
			.list()
			.forEach(h -> heads.put(h.id(), h));
		Map<Long, List<PostingView.LegView>> legs = new HashMap<>();
		jdbc.sql("""
				SELECT l.posting_id, l.line, a.kind, a.owner_id, l.debit, l.credit, (""" + f.sql() + """
				) AS visible,
				  CASE WHEN a.kind IN ('GUARDIAN_RECEIVABLE', 'REFUNDS_PAYABLE') THEN st.name
				       WHEN a.kind = 'PROVIDER_PAYABLE' THEN pv.legal_name
				       WHEN a.kind IN ('SPECIAL_FUND', 'SCHOOL_ACCOUNT', 'CASH') THEN sc.name END AS owner_name
				FROM ledger_leg l JOIN ledger_account a ON a.id = l.account_id
				LEFT JOIN school s ON s.id = a.school_id
				LEFT JOIN student st ON st.id = a.owner_id AND a.kind IN ('GUARDIAN_RECEIVABLE', 'REFUNDS_PAYABLE')
				LEFT JOIN provider pv ON pv.id = a.owner_id AND a.kind = 'PROVIDER_PAYABLE'
				LEFT JOIN school sc ON sc.id = a.owner_id AND a.kind IN ('SPECIAL_FUND', 'SCHOOL_ACCOUNT', 'CASH')
				WHERE l.posting_id IN (:ids) ORDER BY l.posting_id, l.line""")
			.params(params)
			.query((org.springframework.jdbc.core.RowCallbackHandler) rs -> {
				boolean visible = rs.getBoolean("visible");
				long debit = rs.getLong("debit");
				AccountKind kind = AccountKind.valueOf(rs.getString("kind"));
				legs.computeIfAbsent(rs.getLong("posting_id"), id -> new ArrayList<>())
					.add(new PostingView.LegView(rs.getInt("line"), kind, visible ? rs.getLong("owner_id") : null,
							visible ? rs.getString("owner_name") : null, visible, debit > 0 ? Side.DEBIT : Side.CREDIT,
							Money.ofFen(debit > 0 ? debit : rs.getLong("credit"))));
			});
		List<PostingView> views = new ArrayList<>();
		for (Long id : ids) {
			Head h = heads.get(id);
			if (h != null) {
				views.add(new PostingView(h.id(), h.kind(), h.reference(), h.description(), h.occurredAt().toInstant(),
						h.recordedAt().toInstant(), h.reversesId(), legs.getOrDefault(id, List.of())));
			}
		}
		return views;
	}

	/** The scope as a condition on {@code a} (ledger_account) and {@code s} (its school). */
	private record Filter(String sql, Map<String, Object> params) {
	}

	private static Filter filter(Scope scope, @Nullable Long schoolId) {
		Map<String, Object> params = new HashMap<>();
		String sql = switch (scope.role()) {
			case CITY_ADMIN -> "TRUE";
			case TOWN_ADMIN -> scope.townId() == null ? "FALSE" : "s.town_id = :scopeTown";
			case SCHOOL_ADMIN -> scope.schoolId() == null ? "FALSE" : "a.school_id = :scopeSchool";
			default -> "FALSE";
		};
		if (scope.townId() != null) {
			params.put("scopeTown", scope.townId());
		}
		if (scope.schoolId() != null) {
			params.put("scopeSchool", scope.schoolId());
		}
		if (schoolId != null) {
			sql = "(" + sql + " AND a.school_id = :onlySchool)";
			params.put("onlySchool", schoolId);
		}
		return new Filter(sql, params);
	}
}
