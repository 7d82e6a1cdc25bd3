package org.kehou.organisation;

import java.time.LocalDate;

/** An exception was added to, changed in or removed from a term calendar (sessions of that day may change). */
public record TermCalendarChanged(long termId, long schoolId, LocalDate date) {
}
