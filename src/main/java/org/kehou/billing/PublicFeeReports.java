package org.kehou.billing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapInForce;
import org.kehou.catalogue.FeeCaps;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermStatus;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A school's public fee report (收费定期公开), for anyone without signing in: the fee standards of its current and next
 * term (published offerings with the cap in force) and, for terms that have ended, the fee income and its use —
 * received, exempted (special fund), refunded, due to providers, the school's own share. Aggregates only: nothing
 * here names or counts a child individually.
 */
@Service
@Transactional(readOnly = true)
public class PublicFeeReports {

	/** How many ended terms the report shows. */
	static final int ENDED_TERMS = 4;

	/** A published offering's fee standard. {@code provider} null: the school's own course; {@code cap} null: none set. */
	public record FeeStandard(String name, String categoryCode, String categoryName, @Nullable String provider,
			Money feePerLesson, int lessons, int lessonMinutes, @Nullable Money cap) {

		public Money total() {
			return feePerLesson.times(lessons);
		}
	}

	public record TermStandards(TermView term, boolean current, List<FeeStandard> standards) {
	}

	/**
	 * An ended term's account: {@code received} paid by guardians (online and offline), {@code exempted} carried by the
	 * special fund, {@code refunded} paid back, {@code providers} due to the institutions for lessons actually charged,
	 * {@code settled} paid out to them on approved settlement statements, {@code schoolShare} the school's own courses'
	 * fees; {@code orders} how many orders (not children's names).
	 */
	public record TermAccount(TermView term, long orders, Money received, Money exempted, Money refunded,
			Money providers, Money settled, Money schoolShare) {

		public Money net() {
			return received.minus(refunded);
		}
	}

	public record Report(SchoolView school, LocalDate today, List<TermStandards> standards, List<TermAccount> accounts) {
	}

	private final Schools schools;

	private final Terms terms;

	private final FeeCaps caps;

	private final JdbcClient jdbc;

	PublicFeeReports(Schools schools, Terms terms, FeeCaps caps, JdbcClient jdbc) {
		this.schools = schools;
		this.terms = terms;
		this.caps = caps;
		this.jdbc = jdbc;
	}

	/** The report of an active school; empty for an unknown or inactive one. */
	public Optional<Report> report(long schoolId) {
		Optional<SchoolView> found = schools.findSchool(schoolId).filter(SchoolView::active);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		SchoolView school = found.get();
		LocalDate today = FeeCaps.today();
		List<TermView> all = terms.termsOf(schoolId);
		List<TermStandards> standards = new ArrayList<>();
		terms.currentTerm(schoolId, today).ifPresent(t -> standards.add(new TermStandards(t, true, standards(school, t, today))));
		all.stream()
			.filter(t -> t.status() != TermStatus.CLOSED && t.startsOn().isAfter(today))
			.reduce((later, earlier) -> earlier) // latest first: the last one is the next to start
			.ifPresent(t -> standards.add(new TermStandards(t, false, standards(school, t, today))));
		List<TermAccount> accounts = all.stream()
			.filter(t -> t.status() == TermStatus.CLOSED || t.endsOn().isBefore(today))
			.limit(ENDED_TERMS)
			.map(this::account)
			.toList();
		return Optional.of(new Report(school, today, standards, accounts));
	}

	private List<FeeStandard> standards(SchoolView school, TermView term, LocalDate today) {
		record Row(String name, String category, String categoryName, @Nullable String provider, long fee, int lessons,
				int minutes) {
		}
		List<Row> rows = jdbc.sql("""
				SELECT o.name, o.category_code, coalesce(c.name_zh, o.category_code) AS category_name,
				  p.legal_name AS provider, o.fee_per_lesson_fen, o.lesson_count, o.lesson_minutes
				FROM offering o LEFT JOIN course_category c ON c.code = o.category_code
				LEFT JOIN provider p ON p.id = o.provider_id
				WHERE o.term_id = :t AND o.status = 'PUBLISHED' ORDER BY o.kind, o.name, o.id""")
			.param("t", term.id())
			.query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
					rs.getInt(6), rs.getInt(7)))
			.list();
		return rows.stream()
			.map(r -> new FeeStandard(r.name(), r.category(), r.categoryName(), r.provider(), Money.ofFen(r.fee()),
					r.lessons(), r.minutes(), caps.capFor(r.category(), school.townId(), r.minutes(), today)
						.map(CapInForce::amount)
						.orElse(null)))
			.toList();
	}

	private TermAccount account(TermView term) {
		return jdbc.sql("""
				SELECT
				  (SELECT count(*) FROM billing_order o WHERE o.term_id = :t) AS orders,
				  (SELECT coalesce(sum(p.amount_fen), 0) FROM billing_payment p JOIN billing_order o ON o.id = p.order_id
				    WHERE o.term_id = :t) AS received,
				  (SELECT coalesce(sum(l.exempt_per_lesson_fen * (l.lessons - l.credited_lessons)), 0)
				    FROM billing_order_line l JOIN billing_order o ON o.id = l.order_id WHERE o.term_id = :t) AS exempted,
				  (SELECT coalesce(sum(r.amount_fen), 0) FROM billing_refund r JOIN billing_order o ON o.id = r.order_id
				    WHERE o.term_id = :t AND r.status = 'DONE') AS refunded,
				  (SELECT coalesce(sum(l.fee_per_lesson_fen * (l.lessons - l.credited_lessons)), 0)
				    FROM billing_order_line l JOIN billing_order o ON o.id = l.order_id
				    WHERE o.term_id = :t AND l.provider_id IS NOT NULL) AS providers,
				  (SELECT coalesce(sum(st.total_fen), 0) FROM billing_settlement st
				    WHERE st.term_id = :t AND st.status = 'APPROVED') AS settled,
				  (SELECT coalesce(sum(l.fee_per_lesson_fen * (l.lessons - l.credited_lessons)), 0)
				    FROM billing_order_line l JOIN billing_order o ON o.id = l.order_id
				    WHERE o.term_id = :t AND l.provider_id IS NULL) AS school_share""")
			.param("t", term.id())
			.query((rs, i) -> new TermAccount(term, rs.getLong("orders"), Money.ofFen(rs.getLong("received")),
					Money.ofFen(rs.getLong("exempted")), Money.ofFen(rs.getLong("refunded")),
					Money.ofFen(rs.getLong("providers")), Money.ofFen(rs.getLong("settled")),
					Money.ofFen(rs.getLong("school_share"))))
			.single();
	}
}
