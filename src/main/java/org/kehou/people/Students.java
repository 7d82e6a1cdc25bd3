package org.kehou.people;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.kehou.people.internal.StudentRows;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Students for other modules: look-ups by id, school, class. Views carry the ID number masked only; no method
 * here checks the caller's scope (callers work on ids the access interceptor already checked).
 */
@Service
@Transactional(readOnly = true)
public class Students {

	private final StudentRows rows;

	Students(StudentRows rows) {
		this.rows = rows;
	}

	public Optional<StudentView> find(long studentId) {
		return rows.find(studentId);
	}

	/** The active students of a school, by grade, class and student number. */
	public List<StudentView> ofSchool(long schoolId) {
		return rows.ofSchool(schoolId);
	}

	/** The active students of a class, by student number. */
	public List<StudentView> ofClass(long classId) {
		return rows.ofClass(classId);
	}

	public List<StudentView> findAll(Collection<Long> studentIds) {
		return rows.findAll(studentIds);
	}
}
