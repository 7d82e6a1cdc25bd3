package org.kehou.demo.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.kehou.shared.ChineseIdNumber;

/**
 * Makes up the people of each school, school after school in a fixed order with one random source, so a seed
 * always gives the same city. ID numbers are valid (region, birth date matching the grade, gender digit, check
 * digit) and unique; mobile numbers are unique across guardians and staff. Siblings share their guardians.
 */
final class RosterGenerator {

	/** The demo guardian of two siblings at the first school of the first town. */
	static final String DEMO_GUARDIAN_1 = "13800000001";

	/** The demo guardian of a child at the first school of the second town. */
	static final String DEMO_GUARDIAN_2 = "13800000002";

	/** The school year the demo city is in (its first semester). */
	static final int SCHOOL_YEAR_START = 2026;

	private static final String[] PHONE_PREFIXES = { "130", "131", "132", "133", "134", "135", "136", "137", "138",
			"139", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180",
			"181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199" };

	/** Regions of children born outside the city (随迁子女). */
	private static final String[] OTHER_REGIONS = { "440111", "441302", "445281", "441781", "450922", "431121",
			"430524", "360731", "513030", "522101", "421087", "411522", "350583", "460106" };

	private static final String[] SUBJECTS = { "语文", "数学", "英语", "道德与法治", "科学", "体育", "音乐", "美术",
			"信息技术", "劳动", "心理健康", "物理", "化学", "历史", "地理", "生物" };

	private static final String[] HARDSHIP = { "SUBSISTENCE", "SUBSISTENCE", "SUBSISTENCE", "POVERTY_REGISTERED",
			"POVERTY_REGISTERED", "SPECIAL_NEEDS", "ORPHAN", "LEFT_BEHIND", "LEFT_BEHIND", "MIGRANT", "MIGRANT",
			"MIGRANT" };

	private final SplittableRandom random;

	private final Set<String> idNumbers = new HashSet<>();

	private final long school1Id;

	private final long school2Id;

	private long phoneCounter;

	private long nextGrade;

	private long nextClass;

	private long nextTerm;

	private long nextStaff;

	private long nextStudent;

	private long nextGuardian;

	private final class Family {

		final String surname;

		final List<Rows.Guardian> guardians = new ArrayList<>();

		final List<String> relations = new ArrayList<>();

		int children;

		Family(String surname) {
			this.surname = surname;
		}
	}

	RosterGenerator(long seed, IdBases base, long school1Id, long school2Id) {
		this.random = new SplittableRandom(seed * 31 + 17);
		this.school1Id = school1Id;
		this.school2Id = school2Id;
		this.nextGrade = base.grade();
		this.nextClass = base.schoolClass();
		this.nextTerm = base.term();
		this.nextStaff = base.staff();
		this.nextStudent = base.student();
		this.nextGuardian = base.guardian();
	}

	Roster generate(CityBlueprint.School school) {
		List<Rows.Grade> grades = new ArrayList<>();
		List<Rows.SchoolClass> classes = new ArrayList<>();
		List<Rows.Staff> staff = new ArrayList<>();
		List<Rows.Student> students = new ArrayList<>();
		List<Rows.Guardian> guardians = new ArrayList<>();
		List<Rows.Link> links = new ArrayList<>();
		List<Rows.Hardship> hardships = new ArrayList<>();

		int classCount = school.levels().length * school.classesPerGrade();
		int staffCount = Math.max(classCount + 3, (school.plannedStudents() + 19) / 20);
		for (int i = 0; i < staffCount; i++) {
			boolean male = random.nextInt(100) < 30;
			String roles = i == 0 ? "{AFTER_SCHOOL_ADMIN,TEACHER}" : i == 1 ? "{INSPECTOR,TEACHER}"
					: i < 2 + classCount ? "{TEACHER,HOMEROOM}" : "{TEACHER}";
			staff.add(new Rows.Staff(++nextStaff, school.id(), String.format("T%s%04d", school.code(), i + 1),
					Names.full(random, male), male ? 'M' : 'F', new Rows.Sealed(nextPhone()), roles,
					SUBJECTS[random.nextInt(SUBJECTS.length)]));
		}

		List<Family> families = new ArrayList<>();
		Family demoFamily = null;
		int sequence = 0;
		int homeroom = 2;
		for (int g = 0; g < school.levels().length; g++) {
			int level = school.levels()[g];
			Rows.Grade grade = new Rows.Grade(++nextGrade, school.id(), level, CityBlueprint.gradeName(level));
			grades.add(grade);
			for (int c = 1; c <= school.classesPerGrade(); c++) {
				Rows.SchoolClass schoolClass = new Rows.SchoolClass(++nextClass, school.id(), grade.id(), c + "班",
						staff.get(homeroom++).id());
				classes.add(schoolClass);
				int size = school.classSize() <= 10 ? school.classSize()
						: school.classSize() - 4 + random.nextInt(9);
				for (int n = 0; n < size; n++) {
					boolean demoSchool = school.id() == school1Id || school.id() == school2Id;
					Family family;
					if (demoSchool && demoFamily == null) {
						family = newFamily(guardians,
								school.id() == school1Id ? DEMO_GUARDIAN_1 : DEMO_GUARDIAN_2, 2);
						demoFamily = family;
					}
					else if (school.id() == school1Id && g == 1 && n == 0 && c == 1 && demoFamily.children == 1) {
						family = demoFamily;
					}
					else if (!families.isEmpty() && random.nextInt(100) < 13) {
						family = families.get(random.nextInt(families.size()));
						if (family.children >= 3 || family == demoFamily) {
							family = newFamily(guardians, null, 0);
						}
					}
					else {
						family = newFamily(guardians, null, 0);
					}
					if (family.children == 0) {
						families.add(family);
					}
					family.children++;
					boolean male = random.nextInt(1000) < 515;
					String name = family.surname + Names.given(random, male);
					LocalDate born = birthDate(level);
					String idNumber = idNumber(school, born, male);
					String studentNo = String.format("%d%04d", SCHOOL_YEAR_START - (level - 1), ++sequence);
					Rows.Student student = new Rows.Student(++nextStudent, school.id(), schoolClass.id(), level,
							studentNo, name, male ? 'M' : 'F', born, new Rows.Sealed(idNumber));
					students.add(student);
					for (int k = 0; k < family.guardians.size(); k++) {
						links.add(new Rows.Link(student.id(), family.guardians.get(k).id(), family.relations.get(k),
								k == 0));
					}
					if (random.nextInt(100) < 5) {
						int e = random.nextInt(100);
						hardships.add(new Rows.Hardship(student.id(), HARDSHIP[random.nextInt(HARDSHIP.length)],
								e < 80 ? "APPROVED" : e < 95 ? "PENDING" : "REJECTED"));
					}
				}
			}
		}
		return new Roster(school, grades, classes, new Rows.Term(++nextTerm, school.id()), staff, students, guardians,
				links, hardships);
	}

	/** @param forcedGuardians 0 for a random number of guardians */
	private Family newFamily(List<Rows.Guardian> guardians, String demoPhone, int forcedGuardians) {
		Family family = new Family(Names.surname(random));
		int r = random.nextInt(100);
		int count = forcedGuardians > 0 ? forcedGuardians : r < 52 ? 1 : r < 96 ? 2 : 3;
		boolean motherFirst = random.nextInt(100) < 58;
		for (int k = 0; k < count; k++) {
			String relation;
			String name;
			if (k < 2) {
				boolean mother = (k == 0) == motherFirst;
				relation = random.nextInt(100) < 2 && k == 1 ? "OTHER" : mother ? "MOTHER" : "FATHER";
				name = mother ? Names.full(random, false) : family.surname + Names.given(random, true);
			}
			else {
				boolean grandfather = random.nextBoolean();
				relation = "GRANDPARENT";
				name = family.surname + Names.given(random, grandfather);
			}
			String phone = k == 0 && demoPhone != null ? demoPhone : nextPhone();
			Rows.Guardian guardian = new Rows.Guardian(++nextGuardian, name, new Rows.Sealed(phone));
			guardians.add(guardian);
			family.guardians.add(guardian);
			family.relations.add(relation);
		}
		return family;
	}

	/** Unique 1[3-9]x numbers: the last eight digits run through a bijection of 0..10^8-1. */
	private String nextPhone() {
		long suffix;
		do {
			long n = phoneCounter++;
			suffix = (n * 48_271L + 7_654_321L) % 100_000_000L;
		}
		while (suffix < 1_000);
		String prefix = PHONE_PREFIXES[(int) ((phoneCounter * 7) % PHONE_PREFIXES.length)];
		return prefix + String.format("%08d", suffix);
	}

	/** Grade 1 of 2026-2027 was born between 1 September 2019 and 31 August 2020; a grade higher, a year earlier. */
	static LocalDate earliestBirthDate(int level) {
		return LocalDate.of(SCHOOL_YEAR_START - 6 - level, 9, 1);
	}

	private LocalDate birthDate(int level) {
		LocalDate from = earliestBirthDate(level);
		int days = (int) (from.plusYears(1).toEpochDay() - from.toEpochDay());
		return from.plusDays(random.nextInt(days));
	}

	private String idNumber(CityBlueprint.School school, LocalDate born, boolean male) {
		String region = random.nextInt(100) < 78
				? String.format("4420%02d", school.townIndex() + 1)
				: OTHER_REGIONS[random.nextInt(OTHER_REGIONS.length)];
		String date = String.format("%04d%02d%02d", born.getYear(), born.getMonthValue(), born.getDayOfMonth());
		while (true) {
			int genderDigit = 2 * random.nextInt(5) + (male ? 1 : 0);
			String first17 = region + date + String.format("%02d", random.nextInt(100)) + genderDigit;
			String full = first17 + ChineseIdNumber.checkDigit(first17);
			if (idNumbers.add(full)) {
				return full;
			}
		}
	}
}
