package org.kehou.selection;

/**
 * A term's registration figures against the school's active students. {@code notRegistered} = active students
 * with no registration at all (withdrawn and declined are counted on their own).
 */
public record RegistrationCounts(long students, long registered, long pending, long withdrawn, long declined,
		long notRegistered) {
}
