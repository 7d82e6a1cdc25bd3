package org.kehou.people;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** School staff for other modules (teachers to assign, homeroom teachers, inspectors). */
@Service
@Transactional(readOnly = true)
public class Staff {

	static final String SELECT = "SELECT id, school_id, staff_no, name, gender, phone_masked, roles, subject, active FROM staff ";

	private final JdbcClient jdbc;

	Staff(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<StaffView> find(long staffId) {
		return jdbc.sql(SELECT + "WHERE id = :id").param("id", staffId).query(Staff::map).optional();
	}

	/** The active staff of a school, by staff number. */
	public List<StaffView> ofSchool(long schoolId) {
		return jdbc.sql(SELECT + "WHERE school_id = :school AND active ORDER BY staff_no")
			.param("school", schoolId)
			.query(Staff::map)
			.list();
	}

	/** The active staff of a school who have a role, e.g. all inspectors. */
	public List<StaffView> ofSchoolWithRole(long schoolId, StaffRole role) {
		return jdbc.sql(SELECT + "WHERE school_id = :school AND active AND :role = ANY(roles) ORDER BY staff_no")
			.param("school", schoolId)
			.param("role", role.name())
			.query(Staff::map)
			.list();
	}

	public static StaffView map(ResultSet rs, int row) throws SQLException {
		Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
		Array array = rs.getArray("roles");
		if (array != null) {
			for (Object role : (Object[]) array.getArray()) {
				roles.add(StaffRole.valueOf(role.toString()));
			}
		}
		return new StaffView(rs.getLong("id"), rs.getLong("school_id"), rs.getString("staff_no"), rs.getString("name"),
				rs.getString("gender"), rs.getString("phone_masked"), Set.copyOf(roles), rs.getString("subject"),
				rs.getBoolean("active"));
	}
}
