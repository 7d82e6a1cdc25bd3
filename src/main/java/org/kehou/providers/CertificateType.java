package org.kehou.providers;

/** An instructor's qualification: a teacher certificate (教师资格证) or a professional one. */
public enum CertificateType {
	TEACHER, PROFESSIONAL
}
