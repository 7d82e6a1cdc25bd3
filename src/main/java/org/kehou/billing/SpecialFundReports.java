package org.kehou.billing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Scope;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Ledger;
import org.kehou.payment.Statement;
import org.kehou.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The special-fund report (专项资金报表): per school and hardship category of a term (a school year and semester, the
 * same across the city's schools), the children exempted and the amount exempted — {@code exempt_per_lesson_fen ×
 * (lessons − credited_lessons)} of the order lines, category from the line — and, for comparison, the balance of the
 * school's {@code SPECIAL_FUND} ledger account (all terms: what the fund carries and has not reimbursed yet). The city
 * sees every school (per town), a town its schools, a school itself.
 */
@Service
@Transactional(readOnly = true)
public class SpecialFundReports {

	/** A term of the whole city: school year (e.g. 2026-2027) and semester (1 autumn, 2 spring). */
	public record TermKey(String schoolYear, int semester) {

		/** Reads {@code 2026-2027-1}; empty when malformed. */
		public static Optional<TermKey> parse(@Nullable String text) {
			if (text == null || !text.matches("\\d{4}-\\d{4}-[12]")) {
				return Optional.empty();
			}
			return Optional.of(new TermKey(text.substring(0, 9), text.charAt(10) - '0'));
		}

		@Override
		public String toString() {
			return schoolYear + "-" + semester;
		}
	}

	/** One school and category. */
	public record Line(@Nullable Long townId, @Nullable String townName, long schoolId, String schoolName,
			String category, long children, long exemptFen) {

		public Money exempt() {
			return Money.ofFen(exemptFen);
		}
	}

	/** A school's totals, with its special-fund balance in the ledger. */
	public record SchoolTotal(@Nullable Long townId, @Nullable String townName, long schoolId, String schoolName,
			long children, long exemptFen, long fundBalanceFen) {

		public Money exempt() {
			return Money.ofFen(exemptFen);
		}

		public Money fundBalance() {
			return Money.ofFen(fundBalanceFen);
		}
	}

	/** A town's totals (townId null: the city-direct schools). */
	public record TownTotal(@Nullable Long townId, @Nullable String townName, int schools, long children,
			long exemptFen, long fundBalanceFen) {

		public Money exempt() {
			return Money.ofFen(exemptFen);
		}

		public Money fundBalance() {
			return Money.ofFen(fundBalanceFen);
		}
	}

	public record Report(TermKey term, List<Line> lines, List<SchoolTotal> schools, List<TownTotal> towns,
			long children, long exemptFen) {

		public Money exempt() {
			return Money.ofFen(exemptFen);
		}
	}

	private final JdbcClient jdbc;

	private final Ledger ledger;

	SpecialFundReports(JdbcClient jdbc, Ledger ledger) {
		this.jdbc = jdbc;
		this.ledger = ledger;
	}

	/** The terms with exemptions in the scope, latest first, and the city's current one. */
	public List<TermKey> terms(Scope scope) {
		List<TermKey> terms = new ArrayList<>(jdbc.sql("""
				SELECT DISTINCT tm.school_year, tm.semester FROM billing_order_line l
				JOIN billing_order o ON o.id = l.order_id JOIN term tm ON tm.id = o.term_id JOIN school s ON s.id = o.school_id
				WHERE l.exempt_per_lesson_fen > 0""" + " AND " + scopeFilter(scope) + " ORDER BY 1 DESC, 2 DESC")
			.param("town", anchor(scope.townId()))
			.param("school", anchor(scope.schoolId()))
			.query((rs, i) -> new TermKey(rs.getString(1), rs.getInt(2)))
			.list());
		TermKey current = currentTerm();
		if (!terms.contains(current)) {
			terms.add(0, current);
		}
		return terms;
	}

	/** The term running today (autumn from August, spring from February), by the calendar. */
	public static TermKey currentTerm() {
		LocalDate today = LocalDate.now(Statement.ZONE);
		int year = today.getYear();
		int month = today.getMonthValue();
		if (month >= 8) {
			return new TermKey(year + "-" + (year + 1), 1);
		}
		return month >= 2 ? new TermKey((year - 1) + "-" + year, 2) : new TermKey((year - 1) + "-" + year, 1);
	}

	/**
	 * The report of a term in the scope, optionally narrowed to one town or school (which the central access check
	 * has already found inside the scope).
	 */
	public Report report(Scope scope, TermKey term, @Nullable Long townId, @Nullable Long schoolId) {
		String where = " WHERE l.exempt_per_lesson_fen > 0 AND tm.school_year = :year AND tm.semester = :sem"
				+ " AND (CAST(:onlyTown AS BIGINT) IS NULL OR s.town_id = :onlyTown)"
				+ " AND (CAST(:onlySchool AS BIGINT) IS NULL OR s.id = :onlySchool) AND " + scopeFilter(scope);
		String from = """
				FROM billing_order_line l JOIN billing_order o ON o.id = l.order_id JOIN term tm ON tm.id = o.term_id
				JOIN school s ON s.id = o.school_id LEFT JOIN town t ON t.id = s.town_id""";
		List<Line> lines = jdbc.sql("SELECT s.town_id, t.name AS town_name, s.id AS school_id, s.name AS school_name, "
				+ "coalesce(l.exemption_category, 'OTHER') AS category, count(DISTINCT o.student_id) AS children, "
				+ "sum(l.exempt_per_lesson_fen * (l.lessons - l.credited_lessons)) AS exempt " + from + where
				+ " GROUP BY s.town_id, t.name, s.id, s.name, coalesce(l.exemption_category, 'OTHER') "
				+ "ORDER BY t.name NULLS LAST, s.name, category")
			.param("year", term.schoolYear())
			.param("sem", term.semester())
			.param("onlyTown", townId)
			.param("onlySchool", schoolId)
			.param("town", anchor(scope.townId()))
			.param("school", anchor(scope.schoolId()))
			.query((rs, i) -> new Line(rs.getObject("town_id", Long.class), rs.getString("town_name"),
					rs.getLong("school_id"), rs.getString("school_name"), rs.getString("category"),
					rs.getLong("children"), rs.getLong("exempt")))
			.list();
		Map<Long, Long> childrenBySchool = new LinkedHashMap<>();
		jdbc.sql("SELECT s.id, count(DISTINCT o.student_id) " + from + where + " GROUP BY s.id")
			.param("year", term.schoolYear())
			.param("sem", term.semester())
			.param("onlyTown", townId)
			.param("onlySchool", schoolId)
			.param("town", anchor(scope.townId()))
			.param("school", anchor(scope.schoolId()))
			.query((rs, i) -> childrenBySchool.put(rs.getLong(1), rs.getLong(2)))
			.list();
		Map<Long, SchoolTotal> schools = new LinkedHashMap<>();
		for (Line l : lines) {
			SchoolTotal before = schools.get(l.schoolId());
			if (before == null) {
				schools.put(l.schoolId(), new SchoolTotal(l.townId(), l.townName(), l.schoolId(), l.schoolName(),
						childrenBySchool.getOrDefault(l.schoolId(), 0L), l.exemptFen(),
						ledger.balance(AccountRef.specialFund(l.schoolId())).balance().fen()));
			}
			else {
				schools.put(l.schoolId(), new SchoolTotal(before.townId(), before.townName(), before.schoolId(),
						before.schoolName(), before.children(), before.exemptFen() + l.exemptFen(),
						before.fundBalanceFen()));
			}
		}
		Map<String, TownTotal> towns = new LinkedHashMap<>();
		for (SchoolTotal s : schools.values()) {
			String key = String.valueOf(s.townId());
			TownTotal t = towns.get(key);
			towns.put(key, t == null ? new TownTotal(s.townId(), s.townName(), 1, s.children(), s.exemptFen(), s.fundBalanceFen())
					: new TownTotal(t.townId(), t.townName(), t.schools() + 1, t.children() + s.children(),
							t.exemptFen() + s.exemptFen(), t.fundBalanceFen() + s.fundBalanceFen()));
		}
		long children = schools.values().stream().mapToLong(SchoolTotal::children).sum();
		long exempt = schools.values().stream().mapToLong(SchoolTotal::exemptFen).sum();
		return new Report(term, lines, List.copyOf(schools.values()), List.copyOf(towns.values()), children, exempt);
	}

	/**
	 * The report as an .xlsx workbook: one sheet of lines (town, school, category, children, exempted yuan) and one
	 * of schools (with the special fund's balance). Headers and category names come from the caller (localised).
	 */
	public byte[] xlsx(Report report, List<String> lineHeaders, List<String> schoolHeaders, Map<String, String> categoryNames) {
		try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = book.createSheet(report.term().toString());
			header(sheet, lineHeaders);
			int r = 1;
			for (Line l : report.lines()) {
				Row row = sheet.createRow(r++);
				row.createCell(0).setCellValue(l.townName() == null ? "" : l.townName());
				row.createCell(1).setCellValue(l.schoolName());
				row.createCell(2).setCellValue(categoryNames.getOrDefault(l.category(), l.category()));
				row.createCell(3).setCellValue(l.children());
				row.createCell(4).setCellValue(l.exempt().yuan().toPlainString());
			}
			Sheet totals = book.createSheet("schools");
			header(totals, schoolHeaders);
			r = 1;
			for (SchoolTotal s : report.schools()) {
				Row row = totals.createRow(r++);
				row.createCell(0).setCellValue(s.townName() == null ? "" : s.townName());
				row.createCell(1).setCellValue(s.schoolName());
				row.createCell(2).setCellValue(s.children());
				row.createCell(3).setCellValue(s.exempt().yuan().toPlainString());
				row.createCell(4).setCellValue(s.fundBalance().yuan().toPlainString());
			}
			book.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void header(Sheet sheet, List<String> headers) {
		Row head = sheet.createRow(0);
		for (int i = 0; i < headers.size(); i++) {
			head.createCell(i).setCellValue(headers.get(i));
		}
	}

	private static long anchor(@Nullable Long id) {
		return id == null ? -1L : id;
	}

	private static String scopeFilter(Scope scope) {
		return switch (scope.role()) {
			case CITY_ADMIN -> "TRUE";
			case TOWN_ADMIN -> "s.town_id = :town";
			case SCHOOL_ADMIN -> "s.id = :school";
			default -> "FALSE";
		};
	}
}
