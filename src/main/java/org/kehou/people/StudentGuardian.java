package org.kehou.people;

/** A guardian of one student, with the relation. */
public record StudentGuardian(long guardianId, String name, String phoneMasked, Relation relation, boolean primary) {
}
