package org.kehou;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A term of its own for a test on the shared demo database: named 测试学期 (as DemoCityTests expects of test terms),
 * in a random school year of the given range (another one when that year is taken), starting on the first Monday of
 * September and lasting the given number of weeks.
 */
public final class TestTerms {

	/** The term and its first day (a Monday). */
	public record Term(long id, LocalDate monday) {
	}

	private TestTerms() {
	}

	public static Term create(JdbcClient jdbc, long school, String tag, int fromYear, int toYear, int weeks,
			String status) {
		while (true) {
			int year = ThreadLocalRandom.current().nextInt(fromYear, toYear);
			LocalDate first = LocalDate.of(year, 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
			Long id = jdbc.sql("""
					INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
					VALUES (:s, :n, :y, 1, :from, :to, :status)
					ON CONFLICT (school_id, school_year, semester) DO NOTHING RETURNING id""")
				.param("s", school)
				.param("n", "测试学期 " + tag)
				.param("y", year + "-" + (year + 1))
				.param("from", first)
				.param("to", first.plusWeeks(weeks).minusDays(1))
				.param("status", status)
				.query(Long.class)
				.optional()
				.orElse(null);
			if (id != null) {
				return new Term(id, first);
			}
		}
	}
}
