package org.kehou.organisation;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * What it takes to plan a term.
 *
 * @param schoolYear {@code yyyy-yyyy} with consecutive years, e.g. 2026-2027
 * @param semester 1 or 2
 */
public record NewTerm(String name, String schoolYear, int semester, LocalDate startsOn, LocalDate endsOn) {

	private static final Pattern SCHOOL_YEAR = Pattern.compile("(\\d{4})-(\\d{4})");

	public NewTerm {
		name = name.strip();
		if (name.isEmpty() || name.length() > 64) {
			throw new IllegalArgumentException("a term needs a name of at most 64 characters");
		}
		var m = SCHOOL_YEAR.matcher(schoolYear);
		if (!m.matches() || Integer.parseInt(m.group(2)) != Integer.parseInt(m.group(1)) + 1) {
			throw new IllegalArgumentException("school year must look like 2026-2027: " + schoolYear);
		}
		if (semester != 1 && semester != 2) {
			throw new IllegalArgumentException("semester is 1 or 2: " + semester);
		}
		// the calendar checks the dates
		TermCalendar.of(startsOn, endsOn);
	}
}
