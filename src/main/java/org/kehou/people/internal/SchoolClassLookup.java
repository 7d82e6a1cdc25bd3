package org.kehou.people.internal;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one adapter through which people reads the organisation module's tables (school, grade, school_class),
 * read-only, with plain SQL: the organisation module's API is written in parallel. Replace the SQL by calls to
 * that API once it lands.
 */
@Component
public class SchoolClassLookup {

	/** A class of a school with its grade. */
	public record SchoolClass(long classId, long gradeId, int gradeLevel, String gradeName, String className) {

		/** Whether {@code grade} names this class's grade: its name (三年级), its level (3) or 3年级. */
		boolean inGrade(String grade) {
			String g = grade.trim();
			return g.equals(gradeName) || g.equals(String.valueOf(gradeLevel)) || g.equals(gradeLevel + "年级")
					|| g.equals(CHINESE_LEVELS[gradeLevel] + "年级") || g.equalsIgnoreCase("grade " + gradeLevel);
		}

		boolean named(String name) {
			String n = name.trim();
			return n.equals(className) || n.equals(className.replace("班", "")) || (n + "班").equals(className)
					|| n.replaceFirst("^0+(?=\\d)", "").equals(className.replace("班", ""));
		}
	}

	public record School(long id, String name, @Nullable Long townId) {
	}

	private static final String[] CHINESE_LEVELS = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

	private final JdbcClient jdbc;

	SchoolClassLookup(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<School> school(long schoolId) {
		return jdbc.sql("SELECT id, name, town_id FROM school WHERE id = :id")
			.param("id", schoolId)
			.query((rs, i) -> new School(rs.getLong("id"), rs.getString("name"), rs.getObject("town_id", Long.class)))
			.optional();
	}

	/** Schools the scope anchors allow, for filters on console pages. */
	public List<School> schools(@Nullable Long townId, @Nullable Long schoolId) {
		return jdbc.sql("""
				SELECT id, name, town_id FROM school
				WHERE (CAST(:town AS BIGINT) IS NULL OR town_id = :town)
				  AND (CAST(:school AS BIGINT) IS NULL OR id = :school)
				ORDER BY name""")
			.param("town", townId)
			.param("school", schoolId)
			.query((rs, i) -> new School(rs.getLong("id"), rs.getString("name"), rs.getObject("town_id", Long.class)))
			.list();
	}

	public List<SchoolClass> classes(long schoolId) {
		return jdbc.sql("""
				SELECT c.id, c.grade_id, g.level, g.name AS grade_name, c.name
				FROM school_class c JOIN grade g ON g.id = c.grade_id
				WHERE c.school_id = :school ORDER BY g.level, c.name""")
			.param("school", schoolId)
			.query((rs, i) -> new SchoolClass(rs.getLong("id"), rs.getLong("grade_id"), rs.getInt("level"),
					rs.getString("grade_name"), rs.getString("name")))
			.list();
	}

	public Optional<SchoolClass> classOf(long schoolId, long classId) {
		return classes(schoolId).stream().filter(c -> c.classId() == classId).findFirst();
	}

	/** The class named by a roster file's grade and class cells, if the school has it. */
	public static Optional<SchoolClass> find(List<SchoolClass> classes, String grade, String className) {
		return classes.stream().filter(c -> c.inGrade(grade) && c.named(className)).findFirst();
	}
}
