package org.kehou.demo.internal;

import java.util.List;

/** Everything generated for one school: its grades, classes, term, staff, students, guardians and links. */
record Roster(CityBlueprint.School school, List<Rows.Grade> grades, List<Rows.SchoolClass> classes, Rows.Term term,
		List<Rows.Staff> staff, List<Rows.Student> students, List<Rows.Guardian> guardians, List<Rows.Link> links,
		List<Rows.Hardship> hardships) {
}
