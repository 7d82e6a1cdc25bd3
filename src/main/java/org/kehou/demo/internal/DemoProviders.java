package org.kehou.demo.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.kehou.demo.DemoScale;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.shared.Masking;
import org.kehou.shared.UnifiedSocialCreditCode;

/**
 * The approved providers of the demo city, admitted to the town pools, with their approved courses (priced within the
 * city's caps) and each course's town admissions, plus one approved course of every school's own, so that a school
 * can build its term programme right away. Made up deterministically from the index (no random source), written with
 * {@code COPY} after the draft provider of the provider accounts (which stays a draft).
 */
final class DemoProviders {

	/** Main categories of the providers, in turn (basic care is the schools' own service). */
	static final String[] CATEGORIES = { "ARTS", "SPORTS", "SCIENCE", "READING", "LABOUR", "MORAL", "PSYCHOLOGY" };

	static final Map<String, String> CATEGORY_WORD = Map.of("ARTS", "艺术", "SPORTS", "体育", "SCIENCE", "科技",
			"READING", "阅读", "LABOUR", "劳动实践", "MORAL", "德育", "PSYCHOLOGY", "心理成长");

	static final Map<String, String[]> COURSE_NAMES = Map.of(
			"ARTS", new String[] { "少儿书法", "国画", "素描", "合唱", "民族舞蹈", "陶艺", "剪纸", "版画", "尤克里里", "戏曲启蒙" },
			"SPORTS", new String[] { "篮球", "足球", "乒乓球", "羽毛球", "花样跳绳", "武术", "田径", "啦啦操", "围棋", "国际象棋" },
			"SCIENCE", new String[] { "机器人", "图形化编程", "科学实验", "航模", "3D打印", "天文观测", "无人机", "电子制作" },
			"READING", new String[] { "绘本阅读", "经典诵读", "演讲与口才", "戏剧表演", "小小主持人", "整本书阅读" },
			"LABOUR", new String[] { "木工", "烘焙", "校园种植", "手工编织", "非遗扎染", "小小厨师" },
			"MORAL", new String[] { "文明礼仪", "红色故事会", "小小志愿者", "家乡文化探访" },
			"PSYCHOLOGY", new String[] { "心理成长营", "情绪管理", "团体沙盘", "人际交往" });

	static final String[] FIRST = { "星火", "青苗", "启航", "阳光", "未来", "晨曦", "彩虹", "海燕", "博雅", "飞鸿", "童心", "蓝天",
			"翰墨", "乐动", "知行", "明德", "远航", "新竹", "小树", "五桂" };

	static final String[] SECOND = { "", "少儿", "青少年", "文化", "教育", "启智", "育才", "成长", "学苑", "创想", "艺苑", "动力",
			"梦想", "聚星", "乐学", "新苗", "卓越", "悦读", "百川", "春晖", "华彩", "扬帆", "立人", "思源", "朝阳" };

	static final String[] KIND = { "培训中心", "俱乐部", "工作室", "学校", "教育中心" };

	static final int[][] GRADES = { { 1, 2, 3 }, { 3, 4, 5, 6 }, { 1, 2, 3, 4, 5, 6 }, { 7, 8, 9 }, { 4, 5, 6, 7, 8, 9 } };

	/**
	 * @param instructorProvider the first approved provider, whose demo instructor (陈思远) the {@code instructor1}
	 * account stands for
	 * @param instructor that instructor: documents in order, assigned to the provider's courses
	 */
	record Written(int providers, int providerCourses, int schoolCourses, long instructorProvider, long instructor) {
	}

	/** The demo instructor's (made-up, valid) ID number: 17 digits and the check digit. */
	static final String INSTRUCTOR_ID_FIRST17 = "44200019850315123";

	private final Connection connection;

	private final PersonalDataCipher cipher;

	DemoProviders(Connection connection, PersonalDataCipher cipher) {
		this.connection = connection;
		this.cipher = cipher;
	}

	static int providerCount(DemoScale scale) {
		return switch (scale) {
			case TINY -> 6;
			case SMALL -> 12;
			case ZHONGSHAN -> 450;
		};
	}

	/** Admissions run to the end of the school year containing {@code today}, like the review's. */
	static LocalDate schoolYearEnd(LocalDate today) {
		int year = today.getMonthValue() >= Month.SEPTEMBER.getValue() ? today.getYear() + 1 : today.getYear();
		return LocalDate.of(year, Month.AUGUST, 31);
	}

	Written write(DemoScale scale, CityBlueprint city, LocalDate today) throws SQLException {
		long providerBase = max("provider");
		long courseBase = max("course");
		Map<String, long[]> caps = cityCaps(today);
		LocalDate validUntil = schoolYearEnd(today);
		List<CityBlueprint.Town> towns = city.towns();
		CopyText providers = new CopyText("provider (id, legal_name, credit_code, licence_no, licence_valid_until, "
				+ "permit_no, permit_valid_until, national_registered, national_registration_no, fund_account, "
				+ "contact_name, contact_phone_enc, contact_phone_hash, contact_phone_masked, address, categories, status)");
		CopyText admissions = new CopyText("provider_town_admission (provider_id, town_id, status, valid_until)");
		CopyText reviews = new CopyText("provider_review (provider_id, action, from_status, to_status, town_id, "
				+ "reason, reviewer_name)");
		CopyText courses = new CopyText("course (id, provider_id, school_id, name, category_code, description, grades, "
				+ "lesson_minutes, lessons_per_term, price_fen, materials_fen, min_size, max_size, not_academic, status)");
		CopyText courseTowns = new CopyText("course_town_admission (course_id, town_id, status)");
		int n = providerCount(scale);
		long courseId = courseBase;
		for (int i = 0; i < n; i++) {
			long id = providerBase + 1 + i;
			String category = CATEGORIES[i % CATEGORIES.length];
			String second = CATEGORIES[(i + 3) % CATEGORIES.length];
			String name = "香山市" + FIRST[i % FIRST.length] + SECOND[(i / FIRST.length) % SECOND.length]
					+ CATEGORY_WORD.get(category) + KIND[i % KIND.length]
					+ (i >= FIRST.length * SECOND.length ? "（" + (i / (FIRST.length * SECOND.length) + 1) + "）" : "");
			String first17 = "91442000MA5" + String.format("%06d", i);
			String phone = "1390" + String.format("%07d", 7_000_000 + i);
			int homeIndex = (i / 2) % towns.size();
			CityBlueprint.Town home = towns.get(homeIndex);
			List<CityBlueprint.Town> admitted = new ArrayList<>(List.of(home));
			if (towns.size() > 1 && i % 2 == 0) {
				admitted.add(towns.get((homeIndex + 1) % towns.size()));
			}
			providers.add(id).add(name).add(first17 + UnifiedSocialCreditCode.checkCharacter(first17))
				.add("粤工商" + String.format("%06d", 100_000 + i)).add(LocalDate.of(2029, 6, 30))
				.add(i % 2 == 0 ? "教民" + String.format("%06d", 442_000 + i) : null)
				.add(i % 2 == 0 ? LocalDate.of(2028, 12, 31) : null).add(true)
				.add("QGPT-2026-" + String.format("%05d", i)).add("4420 0001 " + String.format("%04d", i % 10_000))
				.add(new String[] { "王", "李", "陈", "黄", "梁" }[i % 5] + "老师").add(cipher.encrypt(phone))
				.add(cipher.phoneHash(phone)).add(Masking.phone(phone))
				.add(home.name() + "文化路 " + (i + 1) + " 号").add(array(category, second)).add("APPROVED").end();
			for (CityBlueprint.Town town : admitted) {
				admissions.add(id).add(town.id()).add("APPROVED").add(validUntil).end();
				reviews.add(id).add("APPROVE").add("SUBMITTED").add("APPROVED").add(town.id()).add(null)
					.add(town.name() + "教办（演示数据）").end();
			}
			int count = 4 + i % 5;
			for (int j = 0; j < count; j++) {
				String cat = j < count - 1 ? category : second;
				String[] names = COURSE_NAMES.get(cat);
				String courseName = names[(i + j) % names.length] + (j >= names.length ? "（提高班）" : "");
				int minutes = (i + j) % 3 == 0 ? 45 : 60;
				long[] cap = caps.get(cat);
				long capFen = cap == null ? 2000 : Math.floorDiv(cap[0] * minutes, cap[1]);
				long price = Math.max(100, capFen * (60 + (i * 7 + j * 11) % 36) / 100 / 100 * 100);
				int[] grades = GRADES[(i + j) % GRADES.length];
				courseId++;
				courses.add(courseId).add(id).add(null).add(courseName).add(cat)
					.add(courseName + "：" + CATEGORY_WORD.get(cat) + "类课后服务课程，小班教学，每课时据实收费。")
					.add(array(grades)).add(minutes).add(12 + 2 * ((i + j) % 5)).add(price)
					.add((i + j) % 4 == 0 ? 3000 : 0).add(10 + 5 * (j % 2)).add(new int[] { 25, 30, 40 }[(i + j) % 3])
					.add(true).add("APPROVED").end();
				for (int t = 0; t < admitted.size(); t++) {
					courseTowns.add(courseId).add(admitted.get(t).id())
						.add(t > 0 && j % 4 == 3 ? "PENDING" : "APPROVED").end();
				}
			}
		}
		int providerCourses = courses.rows();
		// one approved course of every school's own, free of charge
		for (CityBlueprint.School school : city.schools()) {
			courseId++;
			String courseName = school.stage().equals("JUNIOR") ? "校本课程：科技社团" : "校本课程：经典诵读";
			courses.add(courseId).add(null).add(school.id()).add(courseName)
				.add(school.stage().equals("JUNIOR") ? "SCIENCE" : "READING")
				.add("学校自主开设的课后服务课程，由本校教师授课。").add(array(school.levels())).add(45).add(16).add(0).add(0)
				.add(10).add(40).add(true).add("APPROVED").end();
		}
		for (CopyText copy : List.of(providers, admissions, reviews, courses, courseTowns)) {
			copy.copyInto(connection);
		}
		long instructor = writeInstructor(providerBase + 1, courseBase, today);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT setval(pg_get_serial_sequence('provider', 'id'), (SELECT max(id) FROM provider))");
			statement.execute("SELECT setval(pg_get_serial_sequence('course', 'id'), "
					+ "greatest((SELECT max(id) FROM course), 1), (SELECT max(id) FROM course) IS NOT NULL)");
		}
		return new Written(n, providerCourses, courses.rows() - providerCourses, providerBase + 1, instructor);
	}

	/**
	 * The demo instructor 陈思远 of the first approved provider (admitted in the first town, where demo school1 is):
	 * teacher's certificate, a recent no-criminal-record certificate and a labour contract, so a school can assign
	 * them to an offering of the provider's courses (assigned to all of them).
	 */
	private long writeInstructor(long providerId, long courseBase, LocalDate today) throws SQLException {
		String idNumber = INSTRUCTOR_ID_FIRST17 + org.kehou.shared.ChineseIdNumber.checkDigit(INSTRUCTOR_ID_FIRST17);
		long id;
		try (var insert = connection.prepareStatement("""
				INSERT INTO instructor (provider_id, name, gender, id_number_enc, id_number_hash, id_number_masked,
				  certificate_type, certificate_no, certificate_valid_until, no_criminal_record_on, labour_contract,
				  contract_start, contract_end)
				VALUES (?, '陈思远', 'M', ?, ?, ?, 'TEACHER', '20194420012345', ?, ?, TRUE, ?, ?) RETURNING id""")) {
			insert.setLong(1, providerId);
			insert.setBytes(2, cipher.encrypt(idNumber));
			insert.setBytes(3, cipher.idNumberHash(idNumber));
			insert.setString(4, Masking.idNumber(idNumber));
			insert.setObject(5, today.plusYears(5));
			insert.setObject(6, today.minusMonths(2));
			insert.setObject(7, today.minusYears(2));
			insert.setObject(8, today.plusYears(3));
			try (ResultSet rs = insert.executeQuery()) {
				rs.next();
				id = rs.getLong(1);
			}
		}
		try (var assign = connection.prepareStatement("""
				INSERT INTO course_instructor (course_id, instructor_id)
				SELECT id, ? FROM course WHERE provider_id = ? AND id > ?""")) {
			assign.setLong(1, id);
			assign.setLong(2, providerId);
			assign.setLong(3, courseBase);
			assign.executeUpdate();
		}
		return id;
	}

	private long max(String table) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT coalesce(max(id), 0) FROM " + table)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/** The city's cap in force per category: {amount in fen, lesson minutes}. */
	private Map<String, long[]> cityCaps(LocalDate date) throws SQLException {
		Map<String, long[]> caps = new HashMap<>();
		try (var select = connection.prepareStatement("""
				SELECT DISTINCT ON (category_code) category_code, amount_fen, lesson_minutes FROM fee_cap
				WHERE town_id IS NULL AND valid_from <= ? ORDER BY category_code, valid_from DESC, id DESC""")) {
			select.setObject(1, date);
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					caps.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3) });
				}
			}
		}
		return caps;
	}

	private static String array(String... values) {
		StringJoiner joiner = new StringJoiner(",", "{", "}");
		for (String v : values) {
			joiner.add(v);
		}
		return joiner.toString();
	}

	private static String array(int... values) {
		StringJoiner joiner = new StringJoiner(",", "{", "}");
		for (int v : values) {
			joiner.add(String.valueOf(v));
		}
		return joiner.toString();
	}
}
