package org.kehou.people;

/**
 * A student's personal data was erased (a guardian's deletion request, or the retention period ended). Modules
 * holding copies of the student's personal data erase theirs; references by id stay valid.
 */
public record StudentAnonymised(long studentId, long schoolId) {
}
