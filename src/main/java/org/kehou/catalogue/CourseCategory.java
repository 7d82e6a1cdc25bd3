package org.kehou.catalogue;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** A kind of after-school course (艺术, 体育 …) or basic care; never an academic subject. */
public record CourseCategory(String code, String nameZh, @Nullable String nameEn, CategoryKind kind, boolean active,
		int sort) {

	public String name(Locale locale) {
		return "en".equals(locale.getLanguage()) && nameEn != null ? nameEn : nameZh;
	}
}
