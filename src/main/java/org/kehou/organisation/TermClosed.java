package org.kehou.organisation;

/** A school's term was closed: its calendar and data are final. */
public record TermClosed(long termId, long schoolId) {
}
