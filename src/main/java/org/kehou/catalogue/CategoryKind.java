package org.kehou.catalogue;

/** Basic care (托管, homework supervision by the school's own teachers) or a course (art, sports, …). */
public enum CategoryKind {
	BASIC_CARE, COURSE
}
