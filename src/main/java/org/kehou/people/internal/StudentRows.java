package org.kehou.people.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.people.EvidenceStatus;
import org.kehou.people.HardshipCategory;
import org.kehou.people.StudentView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads students as {@link StudentView}s (masked), one query per list. The joins read the organisation module's
 * published tables ({@code school}, {@code grade}, {@code school_class}, read-only) so that a list with its school,
 * grade and class names and the town filter of {@link PeopleScope} stays one query.
 */
@Component
public class StudentRows {

	static final String SELECT = """
			SELECT s.id, s.school_id, sc.name AS school_name, g.id AS grade_id, g.level, g.name AS grade_name,
			       s.class_id, c.name AS class_name, s.student_no, s.name, s.gender, s.id_number_masked, s.status,
			       (SELECT string_agg(h.category || ':' || h.evidence_status, ',' ORDER BY h.category)
			          FROM student_hardship h WHERE h.student_id = s.id) AS hardships
			FROM student s
			JOIN school sc ON sc.id = s.school_id
			JOIN school_class c ON c.id = s.class_id
			JOIN grade g ON g.id = c.grade_id
			""";

	/** Filters of the console's student list. */
	public record Filter(@Nullable Long schoolId, @Nullable Long gradeId, @Nullable Long classId,
			@Nullable String name, @Nullable String status) {
	}

	private final JdbcClient jdbc;

	StudentRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<StudentView> find(long id) {
		return jdbc.sql(SELECT + " WHERE s.id = :id").param("id", id).query(StudentRows::map).optional();
	}

	/** The student, or {@code people.error.studentUnknown} (400). */
	public StudentView require(long id) {
		return find(id).orElseThrow(() -> new PeopleRuleViolation("people.error.studentUnknown"));
	}

	public List<StudentView> ofSchool(long schoolId) {
		return jdbc.sql(SELECT + " WHERE s.school_id = :school AND s.status = 'ACTIVE' ORDER BY g.level, c.name, s.student_no")
			.param("school", schoolId)
			.query(StudentRows::map)
			.list();
	}

	public List<StudentView> ofClass(long classId) {
		return jdbc.sql(SELECT + " WHERE s.class_id = :class AND s.status = 'ACTIVE' ORDER BY s.student_no")
			.param("class", classId)
			.query(StudentRows::map)
			.list();
	}

	public List<StudentView> ofGuardian(long guardianId) {
		return jdbc.sql(SELECT + """
				 JOIN student_guardian sg ON sg.student_id = s.id
				 WHERE sg.guardian_id = :guardian ORDER BY s.name""")
			.param("guardian", guardianId)
			.query(StudentRows::map)
			.list();
	}

	public List<StudentView> findAll(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql(SELECT + " WHERE s.id IN (:ids) ORDER BY s.id")
			.param("ids", List.copyOf(ids))
			.query(StudentRows::map)
			.list();
	}

	public Page<StudentView> search(PeopleScope scope, Filter filter, int page, int size) {
		String where = "\n" + """
				 WHERE (CAST(:school AS BIGINT) IS NULL OR s.school_id = :school)
				   AND (CAST(:grade AS BIGINT) IS NULL OR c.grade_id = :grade)
				   AND (CAST(:class AS BIGINT) IS NULL OR s.class_id = :class)
				   AND (CAST(:name AS TEXT) IS NULL OR s.name LIKE :name OR s.student_no = :exactName)
				   AND (CAST(:status AS TEXT) IS NULL OR s.status = :status)""" + PeopleScope.SQL;
		String name = filter.name() == null || filter.name().isBlank() ? null : filter.name().trim();
		String status = filter.status() == null || filter.status().isBlank() ? null : filter.status();
		var count = scope.bind(jdbc.sql("SELECT count(*) FROM student s JOIN school sc ON sc.id = s.school_id "
				+ "JOIN school_class c ON c.id = s.class_id " + where));
		var rows = scope.bind(jdbc.sql(SELECT + where + " ORDER BY sc.name, g.level, c.name, s.student_no LIMIT :limit OFFSET :offset"));
		for (var spec : List.of(count, rows)) {
			spec.param("school", filter.schoolId())
				.param("grade", filter.gradeId())
				.param("class", filter.classId())
				.param("name", name == null ? null : "%" + name.replace("%", "\\%").replace("_", "\\_") + "%")
				.param("exactName", name)
				.param("status", status);
		}
		long total = count.query(Long.class).single();
		int p = Math.max(1, page);
		List<StudentView> items = rows.param("limit", size).param("offset", (long) (p - 1) * size)
			.query(StudentRows::map)
			.list();
		return new Page<>(items, p, size, total);
	}

	static StudentView map(ResultSet rs, int row) throws SQLException {
		List<StudentView.Hardship> hardships = new ArrayList<>();
		String text = rs.getString("hardships");
		if (text != null) {
			for (String pair : text.split(",")) {
				String[] parts = pair.split(":");
				hardships.add(new StudentView.Hardship(HardshipCategory.valueOf(parts[0]), EvidenceStatus.valueOf(parts[1])));
			}
		}
		return new StudentView(rs.getLong("id"), rs.getLong("school_id"), rs.getString("school_name"),
				rs.getLong("grade_id"), rs.getInt("level"), rs.getString("grade_name"), rs.getLong("class_id"),
				rs.getString("class_name"), rs.getString("student_no"), rs.getString("name"), rs.getString("gender"),
				rs.getString("id_number_masked"), rs.getString("status"), List.copyOf(hardships));
	}
}
