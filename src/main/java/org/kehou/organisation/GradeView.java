package org.kehou.organisation;

/**
 * A grade (年级) of a school.
 *
 * @param level 1–9
 * @param name e.g. 一年级
 * @param classCount classes in the grade
 */
public record GradeView(long id, long schoolId, int level, String name, int classCount) {
}
