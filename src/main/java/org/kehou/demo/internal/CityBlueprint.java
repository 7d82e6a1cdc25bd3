package org.kehou.demo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;
import org.kehou.demo.DemoScale;

/**
 * The shape of the city before any person is made up: service platforms, towns/streets, schools with their stage,
 * grades, number of classes and class size. Pure and deterministic for a given scale and seed.
 */
record CityBlueprint(String cityCode, String cityName, List<Platform> platforms, List<Town> towns,
		List<School> schools) {

	static final String CITY_NAME = "香山市";

	/** Fictional towns and streets (镇街) of 香山市; 街道 are streets, the others towns. */
	static final List<String> TOWN_NAMES = List.of("岐江街道", "东城街道", "西城街道", "南城街道", "榄溪镇", "桂山街道",
			"翠亨新区街道", "黄沙镇", "民安镇", "凤鸣镇", "升平镇", "古灯镇", "沙田镇", "坦头镇", "港湾镇", "三江镇", "横塘镇",
			"南岸镇", "阜康镇", "南湾街道", "三溪镇", "板桥镇", "大埔镇");

	static final List<String> CITY_DIRECT_NAMES = List.of("香山市实验小学", "香山市第一中学", "香山市外国语学校",
			"香山市华侨中学", "香山市纪念中学", "香山市实验中学", "香山市第二中学", "香山市第三中学", "香山市第一小学",
			"香山市中心小学", "香山市特殊教育学校", "香山市教育科学研究院附属学校", "香山市师范学校附属小学");

	static final List<String> PLATFORM_VENDORS = List.of("香山智慧教育科技有限公司", "岭南云课科技有限公司",
			"粤海校园信息技术有限公司", "南方课后服务科技有限公司", "珠江数字教育有限公司", "星火教育云科技有限公司");

	static final List<String> ROADS = List.of("兴中路", "孙文路", "康华路", "中山路", "富华道", "博爱路", "民族路", "东明路",
			"南下路", "湖滨路", "长江路", "岐关路", "沙岗路", "莲塘路", "龙山路", "翠景道", "悦来路", "港口大道");

	static final String[] NUMERALS = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };

	record Platform(long id, String code, String name, String vendor, String baseUrl) {
	}

	record Town(long id, int index, String code, String name, String kind, long platformId) {
	}

	/**
	 * @param index position in the city (0-based)
	 * @param townIndex index of its town, -1 when city-direct
	 * @param levels the grade levels it teaches
	 * @param classesPerGrade classes in each grade
	 * @param classSize average students per class
	 */
	record School(long id, int index, @Nullable Long townId, int townIndex, String code, String name, String stage,
			String address, long platformId, int[] levels, int classesPerGrade, int classSize) {

		boolean cityDirect() {
			return townId == null;
		}

		int plannedStudents() {
			return levels.length * classesPerGrade * classSize;
		}
	}

	/** Ids start after {@code base} of each table (0 in an empty database). */
	static CityBlueprint create(DemoScale scale, long seed, IdBases base) {
		SplittableRandom random = new SplittableRandom(seed);
		long cityId = base.city() + 1;
		List<Platform> platforms = new ArrayList<>();
		for (int p = 0; p < scale.platforms(); p++) {
			long id = base.platform() + p + 1;
			String area = p == scale.platforms() - 1 && scale.cityDirectSchools() > 0 ? "市直属学校"
					: "第" + chinese(p + 1) + "片区";
			platforms.add(new Platform(id, "P" + (p + 1), CITY_NAME + "课后服务平台（" + area + "）",
					PLATFORM_VENDORS.get(p % PLATFORM_VENDORS.size()), "https://p" + (p + 1) + ".kehou.example"));
		}
		int townPlatforms = Math.max(1, scale.platforms() - (scale.cityDirectSchools() > 0 ? 1 : 0));
		List<Town> towns = new ArrayList<>();
		for (int t = 0; t < scale.towns(); t++) {
			String name = TOWN_NAMES.get(t);
			towns.add(new Town(base.town() + t + 1, t, String.format("T%02d", t + 1), name,
					name.endsWith("街道") ? "STREET" : "TOWN", platforms.get(t % townPlatforms).id()));
		}
		// How many schools each town has: bigger towns first, every town at least one.
		int townSchools = scale.schools() - scale.cityDirectSchools();
		int[] perTown = new int[towns.size()];
		if (scale == DemoScale.TINY) {
			perTown[0] = townSchools - (towns.size() - 1);
			for (int t = 1; t < towns.size(); t++) {
				perTown[t] = 1;
			}
		}
		else {
			double[] weight = new double[towns.size()];
			double sum = 0;
			for (int t = 0; t < towns.size(); t++) {
				weight[t] = 0.6 + random.nextDouble() + (t < 4 ? 0.5 : 0);
				sum += weight[t];
			}
			int given = 0;
			for (int t = 0; t < towns.size(); t++) {
				perTown[t] = Math.max(1, (int) Math.floor(townSchools * weight[t] / sum));
				given += perTown[t];
			}
			for (int t = 0; given < townSchools; t = (t + 1) % towns.size(), given++) {
				perTown[t]++;
			}
		}
		// Schools: stage, levels, relative size.
		record Draft(int townIndex, int indexInTown, String stage, double size) {
		}
		List<Draft> drafts = new ArrayList<>();
		String[] tinyStages = { "PRIMARY", "JUNIOR", "PRIMARY", "NINE_YEAR" };
		for (int t = 0; t < towns.size(); t++) {
			for (int s = 0; s < perTown[t]; s++) {
				String stage = scale == DemoScale.TINY ? tinyStages[drafts.size() % tinyStages.length]
						: s == 0 ? "PRIMARY" : pickStage(random);
				drafts.add(new Draft(t, s, stage, 0.5 + random.nextDouble()));
			}
		}
		for (int c = 0; c < scale.cityDirectSchools(); c++) {
			String name = CITY_DIRECT_NAMES.get(c % CITY_DIRECT_NAMES.size());
			String stage = name.endsWith("小学") ? "PRIMARY" : name.endsWith("中学") ? "JUNIOR" : "NINE_YEAR";
			drafts.add(new Draft(-1, c, stage, 1.0 + random.nextDouble()));
		}
		// Classes per grade and class size so that the city has about scale.students() students.
		int classSize;
		double classesPerGradeUnit;
		if (scale == DemoScale.TINY) {
			classSize = 10;
			classesPerGradeUnit = 0;
		}
		else {
			classSize = 45;
			double gradeWeight = drafts.stream().mapToDouble(d -> levels(d.stage(), scale).length * d.size()).sum();
			classesPerGradeUnit = scale.students() / (double) classSize / gradeWeight;
		}
		int[] primaryByTown = new int[towns.size()];
		int[] juniorByTown = new int[towns.size()];
		int[] nineByTown = new int[towns.size()];
		List<School> schools = new ArrayList<>();
		int totalClasses = 0;
		int[] classes = new int[drafts.size()];
		for (int i = 0; i < drafts.size(); i++) {
			Draft d = drafts.get(i);
			classes[i] = scale == DemoScale.TINY ? 2 : Math.max(1, (int) Math.round(classesPerGradeUnit * d.size()));
			totalClasses += classes[i] * levels(d.stage(), scale).length;
		}
		int size = scale == DemoScale.TINY ? classSize
				: (int) Math.round(scale.students() / (double) totalClasses);
		for (int i = 0; i < drafts.size(); i++) {
			Draft d = drafts.get(i);
			long id = base.school() + i + 1;
			String name;
			Long townId = null;
			long platformId;
			String townName;
			if (d.townIndex() >= 0) {
				Town town = towns.get(d.townIndex());
				townId = town.id();
				platformId = town.platformId();
				townName = town.name();
				name = switch (d.stage()) {
					case "PRIMARY" -> CITY_NAME + town.name() + "第" + chinese(++primaryByTown[d.townIndex()]) + "小学";
					case "JUNIOR" -> CITY_NAME + town.name() + "第" + chinese(++juniorByTown[d.townIndex()]) + "中学";
					default -> CITY_NAME + town.name() + (++nineByTown[d.townIndex()] == 1 ? "" : chinese(nineByTown[d.townIndex()]))
							+ "实验学校";
				};
			}
			else {
				platformId = platforms.get(platforms.size() - 1).id();
				townName = "";
				name = CITY_DIRECT_NAMES.get(d.indexInTown() % CITY_DIRECT_NAMES.size())
						+ (d.indexInTown() >= CITY_DIRECT_NAMES.size() ? "（" + (d.indexInTown() + 1) + "）" : "");
			}
			String address = CITY_NAME + townName + ROADS.get(random.nextInt(ROADS.size())) + (1 + random.nextInt(300))
					+ "号";
			schools.add(new School(id, i, townId, d.townIndex(), String.format("S%04d", i + 1), name, d.stage(),
					address, platformId, levels(d.stage(), scale), classes[i], size));
		}
		return new CityBlueprint("XS", CITY_NAME, platforms, towns, schools);
	}

	int plannedStudents() {
		return schools.stream().mapToInt(School::plannedStudents).sum();
	}

	private static String pickStage(SplittableRandom random) {
		int r = random.nextInt(100);
		return r < 66 ? "PRIMARY" : r < 90 ? "JUNIOR" : "NINE_YEAR";
	}

	static int[] levels(String stage, DemoScale scale) {
		int[] all = switch (stage) {
			case "PRIMARY" -> new int[] { 1, 2, 3, 4, 5, 6 };
			case "JUNIOR" -> new int[] { 7, 8, 9 };
			default -> new int[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
		};
		return scale == DemoScale.TINY ? java.util.Arrays.copyOf(all, 2) : all;
	}

	/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一. */
	static String chinese(int n) {
		if (n <= 10) {
			return NUMERALS[n];
		}
		if (n < 20) {
			return "十" + NUMERALS[n % 10];
		}
		return NUMERALS[n / 10] + "十" + (n % 10 == 0 ? "" : NUMERALS[n % 10]);
	}

	static String gradeName(int level) {
		return NUMERALS[level] + "年级";
	}
}
