package org.kehou.people;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.shared.ChineseIdNumber;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test data made with SQL: a city, towns, schools with grades and classes; valid ID and phone numbers; users. */
final class Fixtures {

	private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000));

	private static final AtomicLong PHONES = new AtomicLong(ThreadLocalRandom.current().nextLong(100_000_000L));

	private static final AtomicLong USERS = new AtomicLong(900_000);

	record SchoolData(long schoolId, @Nullable Long townId, Map<String, Long> classes) {

		long classId(String grade, String className) {
			return classes.get(grade + "/" + className);
		}
	}

	private final JdbcClient jdbc;

	Fixtures(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	static String unique() {
		return Long.toString(SEQUENCE.incrementAndGet(), 36);
	}

	long town() {
		String code = "T" + unique();
		long city = jdbc.sql("INSERT INTO city (code, name) VALUES (:c, '测试市') RETURNING id")
			.param("c", "C" + code)
			.query(Long.class)
			.single();
		return jdbc.sql("INSERT INTO town (city_id, code, name, kind) VALUES (:city, :c, '测试镇', 'TOWN') RETURNING id")
			.param("city", city)
			.param("c", code)
			.query(Long.class)
			.single();
	}

	/** A primary school in the town with grades 一年级 … 六年级, each with classes 1班 … {@code classesPerGrade}班. */
	SchoolData school(long townId, int classesPerGrade) {
		long city = jdbc.sql("SELECT city_id FROM town WHERE id = :t").param("t", townId).query(Long.class).single();
		String code = "S" + unique();
		long school = jdbc.sql("""
				INSERT INTO school (city_id, town_id, code, name, stage) VALUES (:city, :town, :code, :name, 'PRIMARY')
				RETURNING id""")
			.param("city", city)
			.param("town", townId)
			.param("code", code)
			.param("name", "测试小学" + code)
			.query(Long.class)
			.single();
		String[] names = { "一年级", "二年级", "三年级", "四年级", "五年级", "六年级" };
		Map<String, Long> classes = new java.util.HashMap<>();
		for (int level = 1; level <= 6; level++) {
			long grade = jdbc.sql("INSERT INTO grade (school_id, level, name) VALUES (:s, :l, :n) RETURNING id")
				.param("s", school)
				.param("l", level)
				.param("n", names[level - 1])
				.query(Long.class)
				.single();
			for (int c = 1; c <= classesPerGrade; c++) {
				long id = jdbc.sql("""
						INSERT INTO school_class (school_id, grade_id, name) VALUES (:s, :g, :n) RETURNING id""")
					.param("s", school)
					.param("g", grade)
					.param("n", c + "班")
					.query(Long.class)
					.single();
				classes.put(names[level - 1] + "/" + c + "班", id);
			}
		}
		return new SchoolData(school, townId, classes);
	}

	/** A valid, globally unique ID number of a child born 2014–2019 with the given gender (M/F). */
	static String idNumber(char gender) {
		long n = SEQUENCE.incrementAndGet();
		String region = String.format("%06d", 110000 + (n / 900) % 800_000);
		LocalDate birth = LocalDate.of(2014, 1, 1).plusDays(n % 2000);
		int seq = (int) (n % 450) * 2 + (gender == 'M' ? 1 : 0);
		String first17 = region + birth.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
				+ String.format("%03d", seq);
		return first17 + ChineseIdNumber.checkDigit(first17);
	}

	static String phone() {
		return "13" + String.format("%09d", PHONES.incrementAndGet() % 1_000_000_000L);
	}

	static KehouUser schoolAdmin(SchoolData school) {
		return user(Role.SCHOOL_ADMIN, new Scope(Role.SCHOOL_ADMIN, school.townId(), school.schoolId(), null, null));
	}

	static KehouUser townAdmin(long townId) {
		return user(Role.TOWN_ADMIN, new Scope(Role.TOWN_ADMIN, townId, null, null, null));
	}

	static KehouUser cityAdmin() {
		return user(Role.CITY_ADMIN, new Scope(Role.CITY_ADMIN, null, null, null, null));
	}

	static KehouUser guardian(long guardianId) {
		return user(Role.GUARDIAN, new Scope(Role.GUARDIAN, null, null, guardianId, null));
	}

	static KehouUser user(Role role, Scope scope) {
		long id = USERS.incrementAndGet();
		return new KehouUser(id, "test-" + id, "测试" + role, null, role, scope, null, false, false, true);
	}

	long guardianIdByPhone(byte[] phoneHash) {
		return jdbc.sql("SELECT id FROM guardian WHERE phone_hash = :h").param("h", phoneHash).query(Long.class).single();
	}

	List<String> auditActions(String targetType, Object targetId) {
		return jdbc.sql("SELECT action FROM audit_event WHERE target_type = :t AND target_id = :id ORDER BY id")
			.param("t", targetType)
			.param("id", String.valueOf(targetId))
			.query(String.class)
			.list();
	}
}
