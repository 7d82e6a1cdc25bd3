package org.kehou.people;

import java.util.Set;

import org.kehou.identity.KehouUser;
import org.kehou.people.internal.GuardianRecords;
import org.kehou.people.internal.StudentRecords;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A small world for access tests: town 1 with schools A and B, town 2 with school C; one student in each, with a
 * guardian each; guardian G1 has children in A and C.
 */
final class PeopleWorld {

	final Fixtures.SchoolData a;

	final Fixtures.SchoolData b;

	final Fixtures.SchoolData c;

	final long town1;

	final long town2;

	final StudentView studentA;

	final StudentView studentB;

	final StudentView studentC;

	final String idNumberA;

	final String phoneG1;

	final long guardian1;

	final long guardian2;

	PeopleWorld(JdbcClient jdbc, StudentRecords students, GuardianRecords guardians) {
		Fixtures fixtures = new Fixtures(jdbc);
		town1 = fixtures.town();
		town2 = fixtures.town();
		a = fixtures.school(town1, 1);
		b = fixtures.school(town1, 1);
		c = fixtures.school(town2, 1);
		idNumberA = Fixtures.idNumber('M');
		studentA = students.create(a.schoolId(), new StudentRecords.StudentInput("A-" + Fixtures.unique(), "甲同学", "M",
				idNumberA, a.classId("一年级", "1班"), Set.of(HardshipCategory.SUBSISTENCE)));
		studentB = students.create(b.schoolId(), new StudentRecords.StudentInput("B-" + Fixtures.unique(), "乙同学", "F",
				Fixtures.idNumber('F'), b.classId("一年级", "1班"), Set.of()));
		studentC = students.create(c.schoolId(), new StudentRecords.StudentInput("C-" + Fixtures.unique(), "丙同学", "F",
				Fixtures.idNumber('F'), c.classId("一年级", "1班"), Set.of()));
		phoneG1 = Fixtures.phone();
		guardian1 = guardians.link(studentA.id(), "甲家长", phoneG1, Relation.MOTHER, true).id();
		guardians.link(studentC.id(), "甲家长", phoneG1, Relation.MOTHER, true);
		guardian2 = guardians.link(studentB.id(), "乙家长", Fixtures.phone(), Relation.FATHER, true).id();
	}

	KehouUser adminA() {
		return Fixtures.schoolAdmin(a);
	}

	KehouUser adminB() {
		return Fixtures.schoolAdmin(b);
	}

	KehouUser guardian1User() {
		return Fixtures.guardian(guardian1);
	}

	KehouUser guardian2User() {
		return Fixtures.guardian(guardian2);
	}
}
