package org.kehou.organisation;

/** A class was added to a school. */
public record SchoolClassAdded(long classId, long schoolId, int gradeLevel, String name) {
}
