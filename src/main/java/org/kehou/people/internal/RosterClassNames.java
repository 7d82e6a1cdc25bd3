package org.kehou.people.internal;

import java.util.List;
import java.util.Optional;

import org.kehou.organisation.SchoolClassView;

/**
 * How a roster file may name a school's grade and class: people's own, lenient matching rules for what schools
 * type into the grade and class cells (三年级 / 3 / 3年级 / grade 3; 2班 / 2 / 02). The classes themselves come from
 * the organisation module.
 */
final class RosterClassNames {

	private static final String[] CHINESE_LEVELS = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

	private RosterClassNames() {
	}

	/** The class named by a roster file's grade and class cells, if the school has it. */
	static Optional<SchoolClassView> find(List<SchoolClassView> classes, String grade, String className) {
		return classes.stream().filter(c -> inGrade(c, grade) && named(c, className)).findFirst();
	}

	/** Whether {@code grade} names the class's grade: its name (三年级), its level (3) or 3年级. */
	private static boolean inGrade(SchoolClassView c, String grade) {
		String g = grade.trim();
		int level = c.gradeLevel();
		return g.equals(c.gradeName()) || g.equals(String.valueOf(level)) || g.equals(level + "年级")
				|| g.equals(CHINESE_LEVELS[level] + "年级") || g.equalsIgnoreCase("grade " + level);
	}

	/** Whether {@code name} names the class: 2班, 2 or 02 for 2班. */
	private static boolean named(SchoolClassView c, String name) {
		String n = name.trim();
		String className = c.name();
		return n.equals(className) || n.equals(className.replace("班", "")) || (n + "班").equals(className)
				|| n.replaceFirst("^0+(?=\\d)", "").equals(className.replace("班", ""));
	}
}
