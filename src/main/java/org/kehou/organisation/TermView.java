package org.kehou.organisation;

import java.time.LocalDate;

/**
 * A school term (学期).
 *
 * @param schoolYear e.g. 2026-2027
 * @param semester 1 (autumn) or 2 (spring)
 */
public record TermView(long id, long schoolId, String name, String schoolYear, int semester, LocalDate startsOn,
		LocalDate endsOn, TermStatus status) {

	public boolean isClosed() {
		return status == TermStatus.CLOSED;
	}
}
