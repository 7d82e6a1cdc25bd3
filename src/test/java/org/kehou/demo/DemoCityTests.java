package org.kehou.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.kehou.identity.DemoAccount;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.shared.ChineseIdNumber;
import org.kehou.shared.Masking;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/** The tiny demo city on the real embedded PostgreSQL: counts, valid and protected personal data, demo sign-ins. */
@DemoCityTest
class DemoCityTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	List<DemoAccount> demoAccounts;

	@Autowired
	UserDetailsService accounts;

	long count(String table) {
		return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

	@Test
	void generatesTheTinyCity() {
		assertThat(count("city")).isEqualTo(1);
		assertThat(count("service_platform")).isEqualTo(2);
		assertThat(count("town")).isEqualTo(2);
		assertThat(count("school")).isEqualTo(4);
		assertThat(count("school WHERE city_direct")).isEqualTo(1);
		assertThat(count("grade")).isEqualTo(8);
		assertThat(count("school_class")).isEqualTo(16);
		assertThat(count("student WHERE student_no NOT LIKE 'ZT-%'")).isEqualTo(160); // ZT-: SelectionWorld's test children
		assertThat(count("term WHERE name NOT LIKE '测试%'")).isEqualTo(4); // 测试…: SelectionWorld's test terms
		assertThat(count("staff")).isEqualTo(4 * 7);
		// the same seed always gives the same families
		assertThat(count("guardian")).isEqualTo(DemoCityCounts.GUARDIANS);
		assertThat(count("student_guardian")).isEqualTo(DemoCityCounts.LINKS);
		assertThat(count("student_hardship")).isEqualTo(DemoCityCounts.HARDSHIPS);
		assertThat(count("app_user WHERE role = 'GUARDIAN'")).isEqualTo(DemoCityCounts.GUARDIANS);
		// 8 fixed demo accounts + one for every other staff member (28 - the 4 demo staff)
		assertThat(count("app_user WHERE username IS NOT NULL")).isEqualTo(8 + 24);
		assertThat(count("app_user WHERE staff_id IS NOT NULL AND must_change_password")).isEqualTo(24);
		assertThat(count("(SELECT DISTINCT password_hash FROM app_user WHERE must_change_password) h")).isEqualTo(1);
		assertThat(jdbc.sql("SELECT password_hash FROM app_user WHERE must_change_password LIMIT 1")
			.query(String.class)
			.single()).startsWith("{bcrypt}");
		assertThat(count("app_user WHERE role = 'SCHOOL_ADMIN'")).isEqualTo(4);
		assertThat(count("app_user WHERE role = 'INSPECTOR' AND staff_id IS NOT NULL")).isEqualTo(4); // tests add inspectors without staff
		assertThat(count("(SELECT staff_id FROM app_user WHERE staff_id IS NOT NULL GROUP BY staff_id HAVING count(*) > 1) d"))
			.isZero();
		assertThat(jdbc.sql("SELECT name FROM school ORDER BY id").query(String.class).list())
			.containsExactly("香山市岐江街道第一小学", "香山市岐江街道第一中学", "香山市东城街道第一小学", "香山市实验小学");
		assertThat(jdbc.sql("SELECT name FROM grade ORDER BY id").query(String.class).list()).startsWith("一年级",
				"二年级", "七年级", "八年级");
		assertThat(jdbc.sql("SELECT DISTINCT name FROM school_class ORDER BY name").query(String.class).list())
			.containsExactly("1班", "2班");
		assertThat(count("term_day WHERE kind = 'HOLIDAY' AND day BETWEEN '2026-10-01' AND '2026-10-07'"))
			.isEqualTo(4 * 5);
		assertThat(count("term_day WHERE kind = 'SWAPPED_DAY' AND extract(isodow FROM day) = 6")).isEqualTo(4);
		assertThat(count("term WHERE school_year = '2026-2027' AND semester = 1")).isEqualTo(4);
	}

	@Test
	void everyReferenceHolds() {
		// the generator skips per-row foreign-key triggers while loading (superuser only): its rows must be consistent
		assertThat(count("student s LEFT JOIN school_class c ON c.id = s.class_id WHERE c.id IS NULL OR c.school_id <> s.school_id")).isZero();
		assertThat(count("school_class c LEFT JOIN grade g ON g.id = c.grade_id WHERE g.id IS NULL OR g.school_id <> c.school_id")).isZero();
		assertThat(count("school_class c LEFT JOIN staff t ON t.id = c.homeroom_staff_id WHERE t.id IS NULL OR t.school_id <> c.school_id")).isZero();
		assertThat(count("student_guardian sg LEFT JOIN guardian g ON g.id = sg.guardian_id LEFT JOIN student s ON s.id = sg.student_id WHERE g.id IS NULL OR s.id IS NULL")).isZero();
		assertThat(count("app_user u LEFT JOIN guardian g ON g.id = u.guardian_id WHERE u.guardian_id IS NOT NULL AND g.id IS NULL")).isZero();
		assertThat(count("provider WHERE id = 1 AND status = 'DRAFT'")).as("the demo provider's draft").isOne();
		assertThat(org.kehou.shared.UnifiedSocialCreditCode.isValid(jdbc.sql("SELECT credit_code FROM provider WHERE id = 1")
			.query(String.class).single())).isTrue();
		assertThat(count("app_user u LEFT JOIN staff t ON t.id = u.staff_id WHERE u.staff_id IS NOT NULL AND (t.id IS NULL OR t.school_id <> u.school_id)")).isZero();
		assertThat(count("school s LEFT JOIN town t ON t.id = s.town_id WHERE s.town_id IS NOT NULL AND t.id IS NULL")).isZero();
		assertThat(count("student_hardship h LEFT JOIN student s ON s.id = h.student_id WHERE s.id IS NULL")).isZero();
		assertThat(count("guardian g WHERE NOT EXISTS (SELECT 1 FROM student_guardian sg WHERE sg.guardian_id = g.id)")).isZero();
		// later inserts by the owning modules get fresh ids
		long next = jdbc.sql("INSERT INTO guardian (name, phone_enc, phone_hash, phone_masked) VALUES ('测试', '\\x01', '\\x02', '1') RETURNING id")
			.query(Long.class)
			.single();
		assertThat(next).isEqualTo(DemoCityCounts.GUARDIANS + 1);
		jdbc.sql("DELETE FROM guardian WHERE id = :id").param("id", next).update();
	}

	@Test
	void everyIdNumberIsValidAndMatchesTheGrade() {
		record Row(byte[] enc, byte[] hash, String masked, LocalDate birthDate, String gender, int level) {
		}
		List<Row> rows = jdbc.sql("""
				SELECT s.id_number_enc, s.id_number_hash, s.id_number_masked, s.birth_date, s.gender, g.level
				FROM student s JOIN school_class c ON c.id = s.class_id JOIN grade g ON g.id = c.grade_id""")
			.query((rs, i) -> new Row(rs.getBytes(1), rs.getBytes(2), rs.getString(3),
					rs.getObject(4, LocalDate.class), rs.getString(5), rs.getInt(6)))
			.list();
		assertThat(rows).hasSize(160);
		for (Row row : rows) {
			String idNumber = cipher.decrypt(row.enc());
			assertThat(ChineseIdNumber.isValid(idNumber)).as(idNumber).isTrue();
			assertThat(ChineseIdNumber.birthDate(idNumber)).isEqualTo(row.birthDate());
			assertThat(String.valueOf(ChineseIdNumber.gender(idNumber))).isEqualTo(row.gender());
			assertThat(row.hash()).isEqualTo(cipher.idNumberHash(idNumber));
			assertThat(row.masked()).isEqualTo(Masking.idNumber(idNumber));
			// grade 1 of 2026-2027: born 1 Sep 2019 – 31 Aug 2020; one grade higher, one year earlier
			LocalDate from = LocalDate.of(2019 - (row.level() - 1), 9, 1);
			assertThat(row.birthDate()).isBetween(from, from.plusYears(1).minusDays(1));
		}
		assertThat(count("(SELECT DISTINCT id_number_hash FROM student) ids")).isEqualTo(160);
	}

	@Test
	void phonesAreValidMobileNumbersStoredSealed() {
		List<byte[]> encrypted = jdbc.sql("SELECT phone_enc FROM guardian UNION ALL SELECT phone_enc FROM staff")
			.query(byte[].class)
			.list();
		List<String> phones = encrypted.stream().map(cipher::decrypt).toList();
		assertThat(phones).allMatch(Masking::isMobile).doesNotHaveDuplicates();
		assertThat(phones).contains("13800000001", "13800000002");
	}

	@Test
	void noPlainPhoneOrIdNumberAnywhereInTheDatabase() {
		List<String> secrets = new ArrayList<>(List.of("13800000001", "13800000002", "3800000001"));
		jdbc.sql("SELECT id_number_enc FROM student")
			.query(byte[].class)
			.list()
			.forEach(enc -> secrets.add(cipher.decrypt(enc)));
		jdbc.sql("SELECT phone_enc FROM guardian UNION ALL SELECT phone_enc FROM staff")
			.query(byte[].class)
			.list()
			.forEach(enc -> secrets.add(cipher.decrypt(enc)));
		String[] patterns = secrets.stream().map(s -> "%" + s + "%").toArray(String[]::new);
		List<Map<String, Object>> columns = jdbc.sql("""
				SELECT table_name, column_name, data_type FROM information_schema.columns
				WHERE table_schema = 'public'
				  AND data_type IN ('text', 'character varying', 'character', 'bytea', 'ARRAY')""")
			.query()
			.listOfRows();
		assertThat(columns).hasSizeGreaterThan(40);
		for (Map<String, Object> column : columns) {
			String table = (String) column.get("table_name");
			String name = (String) column.get("column_name");
			String value = "bytea".equals(column.get("data_type")) ? "encode(\"" + name + "\", 'escape')"
					: "\"" + name + "\"::text";
			long hits = jdbc.sql("SELECT count(*) FROM \"" + table + "\" WHERE " + value + " LIKE ANY (:patterns)")
				.param("patterns", patterns)
				.query(Long.class)
				.single();
			assertThat(hits).as(table + "." + name).isZero();
		}
	}

	@Test
	void theDemoGuardianHasTwoSiblingsAtTheFirstSchool() {
		List<Map<String, Object>> children = jdbc.sql("""
				SELECT s.school_id, g.level FROM app_user u
				JOIN student_guardian sg ON sg.guardian_id = u.guardian_id
				JOIN student s ON s.id = sg.student_id JOIN school_class c ON c.id = s.class_id
				JOIN grade g ON g.id = c.grade_id
				WHERE u.phone_hash = :hash ORDER BY g.level""")
			.param("hash", cipher.phoneHash("13800000001"))
			.query()
			.listOfRows();
		assertThat(children).hasSize(2);
		assertThat(children).extracting(row -> ((Number) row.get("school_id")).longValue()).containsOnly(1L);
		assertThat(children).extracting(row -> ((Number) row.get("level")).intValue()).containsExactly(1, 2);
		long otherTown = jdbc.sql("""
				SELECT sc.town_id FROM app_user u JOIN student_guardian sg ON sg.guardian_id = u.guardian_id
				JOIN student s ON s.id = sg.student_id JOIN school sc ON sc.id = s.school_id
				WHERE u.phone_hash = :hash LIMIT 1""")
			.param("hash", cipher.phoneHash("13800000002"))
			.query(Long.class)
			.single();
		assertThat(otherTown).isEqualTo(2L);
	}

	@Test
	void everyDemoAccountSignsInAndLandsOnHome() throws Exception {
		assertThat(demoAccounts).hasSize(10);
		for (DemoAccount account : demoAccounts) {
			mvc.perform(formLogin("/login").user(account.login()).password(account.password()))
				.andExpect(redirectedUrl("/home"));
		}
		mvc.perform(formLogin("/login").user("13800000001").password("wrong"))
			.andExpect(redirectedUrl("/login?error=bad"));
	}

	@Test
	void theLoginPageListsTheDemoAccounts() throws Exception {
		mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("13800000001")))
			.andExpect(content().string(Matchers.containsString("teacher1")))
			.andExpect(content().string(Matchers.containsString("Kehou@2026")));
	}

	@Test
	void theCityAdministratorSeesTheGeneratorAndCannotGenerateOverData() throws Exception {
		var city = user(accounts.loadUserByUsername("city"));
		mvc.perform(get("/console/demo").with(city))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("class=\"progress\"")))
			.andExpect(content().string(Matchers.containsString("已完成")))
			.andExpect(content().string(Matchers.containsString("/console/demo")));
		mvc.perform(get("/console/demo/status").with(city))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("demo-status")));
		mvc.perform(post("/console/demo/generate").param("scale", "TINY").with(csrf()).with(city))
			.andExpect(redirectedUrl("/console/demo"))
			.andExpect(flash().attribute("error", Matchers.containsString("数据库中已有数据")));
		assertThat(count("school")).isEqualTo(4);
	}

	@Test
	void otherRolesMayNotUseTheGenerator() throws Exception {
		mvc.perform(get("/console/demo").with(user(accounts.loadUserByUsername("school1"))))
			.andExpect(status().isForbidden());
	}

	/** Demo mode lets the one-time sign-in code show on the page, so the guardian journey can be tried without SMS. */
	@Test
	void demoModeShowsTheOneTimeCodeOnThePage() throws Exception {
		mvc.perform(post("/login/code/send").param("phone", "13800000002").with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("id=\"demo-code\"")))
			.andExpect(content().string(Matchers.matchesRegex("(?s).*<code>\\d{6}</code>.*")));
	}
}
