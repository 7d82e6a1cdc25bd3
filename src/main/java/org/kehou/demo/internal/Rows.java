package org.kehou.demo.internal;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** The rows the generator writes. Personal data is sealed (encrypted, hashed, masked) before a row is written. */
final class Rows {

	private Rows() {
	}

	record Grade(long id, long schoolId, int level, String name) {
	}

	record SchoolClass(long id, long schoolId, long gradeId, String name, @Nullable Long homeroomStaffId) {
	}

	record Term(long id, long schoolId) {
	}

	/** A mobile number or ID number with its sealed forms, filled by {@link Sealer}. */
	static final class Sealed {

		final String plain;

		byte @Nullable [] enc;

		byte @Nullable [] hash;

		@Nullable String masked;

		Sealed(String plain) {
			this.plain = plain;
		}
	}

	record Staff(long id, long schoolId, String staffNo, String name, char gender, Sealed phone, String roles,
			String subject) {
	}

	record Student(long id, long schoolId, long classId, int level, String studentNo, String name, char gender,
			LocalDate birthDate, Sealed idNumber) {
	}

	record Guardian(long id, String name, Sealed phone) {
	}

	record Link(long studentId, long guardianId, String relation, boolean primary) {
	}

	record Hardship(long studentId, String category, String evidenceStatus) {
	}
}
