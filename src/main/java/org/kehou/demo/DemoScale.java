package org.kehou.demo;

/**
 * How big a city the demo generates.
 * <ul>
 * <li>{@code TINY}: for tests. 2 towns + 1 city-direct school, 4 schools, 2 grades × 2 classes each, 10 students
 * per class (160 students); deterministic.</li>
 * <li>{@code SMALL}: the default. 3 towns, 12 schools, about 6,000 students with their guardians; a few
 * seconds.</li>
 * <li>{@code ZHONGSHAN}: the reference deployment. 23 towns/streets, 293 schools (13 city-direct), about 460,000
 * students, about 1.5 guardians per student, about 23,000 staff, 6 service platforms.</li>
 * </ul>
 *
 * @param towns towns and streets
 * @param schools all schools, city-direct ones included
 * @param cityDirectSchools schools that belong to no town (市直属)
 * @param students how many students to aim for (TINY: exact)
 * @param platforms service platforms ("N")
 */
public enum DemoScale {

	TINY(2, 4, 1, 160, 2), SMALL(3, 12, 1, 6_000, 2), ZHONGSHAN(23, 293, 13, 460_000, 6);

	private final int towns;

	private final int schools;

	private final int cityDirectSchools;

	private final int students;

	private final int platforms;

	DemoScale(int towns, int schools, int cityDirectSchools, int students, int platforms) {
		this.towns = towns;
		this.schools = schools;
		this.cityDirectSchools = cityDirectSchools;
		this.students = students;
		this.platforms = platforms;
	}

	public int towns() {
		return towns;
	}

	public int schools() {
		return schools;
	}

	public int cityDirectSchools() {
		return cityDirectSchools;
	}

	public int students() {
		return students;
	}

	public int platforms() {
		return platforms;
	}

	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}
}
