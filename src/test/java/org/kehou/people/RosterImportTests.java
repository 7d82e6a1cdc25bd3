package org.kehou.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The roster import's acceptance test: 500 rows, all-or-nothing validation, idempotent re-import, no plain PII. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RosterImportTests {

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	static final String[] HEADERS = { "学号", "姓名", "性别", "身份证号", "年级", "班级", "困难类别", "家长1姓名", "家长1手机",
			"家长1关系", "家长2姓名", "家长2手机", "家长2关系" };

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	/** One generated roster row. */
	record Line(String studentNo, String name, String gender, String idNumber, String grade, String className,
			String hardship, String g1Name, String g1Phone, String g1Relation, String g2Name, String g2Phone,
			String g2Relation) {

		List<String> cells() {
			return List.of(studentNo, name, gender, idNumber, grade, className, hardship, g1Name, g1Phone, g1Relation,
					g2Name, g2Phone, g2Relation);
		}
	}

	@Test
	void fiveHundredRowsAllOrNothingIdempotentAndNoPlainPersonalData() throws Exception {
		Fixtures fixtures = new Fixtures(jdbc);
		Fixtures.SchoolData school = fixtures.school(fixtures.town(), 4);
		KehouUser admin = Fixtures.schoolAdmin(school);
		String[] grades = { "一年级", "二年级", "三年级", "四年级", "五年级", "六年级" };
		List<Line> lines = new ArrayList<>();
		String sharedPhone = Fixtures.phone(); // one guardian with two children
		for (int i = 0; i < 500; i++) {
			char gender = i % 2 == 0 ? 'M' : 'F';
			String g1Phone = i == 1 || i == 2 ? sharedPhone : Fixtures.phone();
			boolean second = i % 3 == 0;
			lines.add(new Line("2026" + String.format("%04d", i), "学生" + i, gender == 'M' ? "男" : "女",
					Fixtures.idNumber(gender), grades[i % 6], (i % 4 + 1) + "班", i % 50 == 0 ? "低保、留守儿童" : "",
					"家长" + i, g1Phone, i % 2 == 0 ? "父亲" : "母亲", second ? "祖辈" + i : "",
					second ? Fixtures.phone() : "", second ? "祖父母" : ""));
		}
		// three bad rows: a wrong check digit, a landline instead of a mobile, a class the school does not have
		List<Line> bad = new ArrayList<>(lines);
		Line l10 = lines.get(10);
		String wrongCheck = l10.idNumber().substring(0, 17) + (l10.idNumber().charAt(17) == '1' ? '2' : '1');
		bad.set(10, new Line(l10.studentNo(), l10.name(), l10.gender(), wrongCheck, l10.grade(), l10.className(), "",
				l10.g1Name(), l10.g1Phone(), l10.g1Relation(), "", "", ""));
		Line l200 = lines.get(200);
		bad.set(200, new Line(l200.studentNo(), l200.name(), l200.gender(), l200.idNumber(), l200.grade(),
				l200.className(), "", l200.g1Name(), "0755-1234567", l200.g1Relation(), "", "", ""));
		Line l499 = lines.get(499);
		bad.set(499, new Line(l499.studentNo(), l499.name(), l499.gender(), l499.idNumber(), "三年级", "9班", "",
				l499.g1Name(), l499.g1Phone(), l499.g1Relation(), "", "", ""));

		MvcResult rejected = upload(school.schoolId(), admin, xlsx(bad)).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.imported").value(false))
			.andReturn();
		JsonNode report = json.readTree(rejected.getResponse().getContentAsString());
		List<Integer> badRows = new ArrayList<>();
		report.get("errors").forEach(e -> badRows.add(e.get("row").asInt()));
		// Excel row numbers: the header is row 1, so list index i is row i + 2
		assertThat(badRows).containsExactly(12, 202, 501);
		assertThat(report.get("errors").get(0).get("reason").asString()).contains("身份证号");
		assertThat(report.get("errors").get(1).get("reason").asString()).contains("手机");
		assertThat(report.get("errors").get(2).get("reason").asString()).contains("班级");
		assertThat(count("SELECT count(*) FROM student WHERE school_id = :s", school.schoolId())).isZero();

		byte[] good = xlsx(lines);
		long started = System.nanoTime();
		upload(school.schoolId(), admin, good).andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(true))
			.andExpect(jsonPath("$.studentsCreated").value(500))
			.andExpect(jsonPath("$.studentsUpdated").value(0));
		long millis = (System.nanoTime() - started) / 1_000_000;
		System.out.println("Imported 500 roster rows in " + millis + " ms");
		assertThat(millis).isLessThan(30_000);
		assertThat(count("SELECT count(*) FROM student WHERE school_id = :s", school.schoolId())).isEqualTo(500);
		long guardians = count("""
				SELECT count(DISTINCT sg.guardian_id) FROM student_guardian sg JOIN student s ON s.id = sg.student_id
				WHERE s.school_id = :s""", school.schoolId());
		assertThat(guardians).isEqualTo(499 + 167); // 500 first guardians share one phone twice; every 3rd row a second
		assertThat(count("""
				SELECT count(*) FROM student_hardship h JOIN student s ON s.id = h.student_id WHERE s.school_id = :s""",
				school.schoolId())).isEqualTo(20);

		upload(school.schoolId(), admin, good).andExpect(status().isOk())
			.andExpect(jsonPath("$.studentsCreated").value(0))
			.andExpect(jsonPath("$.studentsUpdated").value(0))
			.andExpect(jsonPath("$.studentsUnchanged").value(500))
			.andExpect(jsonPath("$.guardiansCreated").value(0));
		assertThat(count("SELECT count(*) FROM student WHERE school_id = :s", school.schoolId())).isEqualTo(500);
		assertThat(count("SELECT count(*) FROM roster_import WHERE school_id = :s", school.schoolId())).isEqualTo(2);
		assertThat(count("SELECT count(*) FROM app_user WHERE guardian_id IS NOT NULL AND guardian_id IN "
				+ "(SELECT sg.guardian_id FROM student_guardian sg JOIN student s ON s.id = sg.student_id "
				+ "WHERE s.school_id = :s)", school.schoolId())).isEqualTo(guardians);

		// no plain ID number or phone number anywhere in the people tables (text or bytea)
		List<String> plain = new ArrayList<>();
		lines.forEach(l -> {
			plain.add(l.idNumber());
			plain.add(l.g1Phone());
			if (!l.g2Phone().isEmpty()) {
				plain.add(l.g2Phone());
			}
		});
		String[] values = plain.toArray(String[]::new);
		for (String table : List.of("student", "guardian", "student_guardian", "student_hardship", "roster_import")) {
			List<String[]> columns = jdbc.sql("""
					SELECT column_name, data_type FROM information_schema.columns
					WHERE table_name = :t AND data_type IN ('text', 'character varying', 'character', 'bytea')""")
				.param("t", table)
				.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) })
				.list();
			assertThat(columns).as(table).isNotEmpty();
			for (String[] column : columns) {
				String haystack = column[1].equals("bytea") ? column[0] : "convert_to(" + column[0] + ", 'UTF8')";
				long hits = jdbc.sql("SELECT count(*) FROM " + table + " t, unnest(CAST(:values AS TEXT[])) v "
						+ "WHERE position(convert_to(v, 'UTF8') IN " + haystack.replace(column[0], "t." + column[0]) + ") > 0")
					.param("values", values)
					.query(Long.class)
					.single();
				assertThat(hits).as(table + "." + column[0] + " holds plain personal data").isZero();
			}
		}

		// a changed row updates exactly one student
		List<Line> changed = new ArrayList<>(lines);
		Line l5 = lines.get(5);
		changed.set(5, new Line(l5.studentNo(), "改名" + 5, l5.gender(), l5.idNumber(), l5.grade(), l5.className(),
				l5.hardship(), l5.g1Name(), l5.g1Phone(), l5.g1Relation(), l5.g2Name(), l5.g2Phone(), l5.g2Relation()));
		upload(school.schoolId(), admin, xlsx(changed)).andExpect(status().isOk())
			.andExpect(jsonPath("$.studentsCreated").value(0))
			.andExpect(jsonPath("$.studentsUpdated").value(1));
	}

	@Test
	void idNumberOfAnotherSchoolsStudentAndDuplicatesAreReported() throws Exception {
		Fixtures fixtures = new Fixtures(jdbc);
		long town = fixtures.town();
		Fixtures.SchoolData a = fixtures.school(town, 1);
		Fixtures.SchoolData b = fixtures.school(town, 1);
		String id = Fixtures.idNumber('F');
		String phone = Fixtures.phone();
		upload(a.schoolId(), Fixtures.schoolAdmin(a), xlsx(List.of(new Line("A1", "王芳", "女", id, "一年级", "1班", "",
				"王父", phone, "父亲", "", "", "")))).andExpect(status().isOk());
		String other = Fixtures.idNumber('M');
		MvcResult result = upload(b.schoolId(), Fixtures.schoolAdmin(b), xlsx(List.of(
				new Line("B1", "王芳", "女", id, "1", "1", "", "王父", phone, "父亲", "", "", ""),
				new Line("B2", "李雷", "男", other, "一年级", "1班", "", "李父", Fixtures.phone(), "爸爸", "", "", ""),
				new Line("B2", "韩梅", "女", other, "一年级", "1班", "困难户", "韩父", Fixtures.phone(), "父亲", "", "", ""))))
			.andExpect(status().isUnprocessableContent())
			.andReturn();
		JsonNode errors = json.readTree(result.getResponse().getContentAsString()).get("errors");
		assertThat(errors).hasSize(2);
		assertThat(errors.get(0).get("row").asInt()).isEqualTo(2);
		assertThat(errors.get(0).get("reason").asString()).contains("其他学校");
		assertThat(errors.get(1).get("row").asInt()).isEqualTo(4);
		assertThat(errors.get(1).get("reason").asString()).contains("学号与第 3 行重复", "身份证号与第 3 行重复",
				"性别与身份证号不符", "困难类别");
	}

	@Test
	void templateDownloadsAndOtherSchoolsCannotImport() throws Exception {
		Fixtures fixtures = new Fixtures(jdbc);
		long town = fixtures.town();
		Fixtures.SchoolData a = fixtures.school(town, 2);
		Fixtures.SchoolData b = fixtures.school(town, 2);
		byte[] template = mvc.perform(get("/api/v1/schools/{id}/roster/template", a.schoolId())
			.with(user(Fixtures.schoolAdmin(a)))).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
		try (Workbook book = new XSSFWorkbook(new ByteArrayInputStream(template))) {
			Row header = book.getSheetAt(0).getRow(0);
			for (int c = 0; c < HEADERS.length; c++) {
				assertThat(header.getCell(c).getStringCellValue()).isEqualTo(HEADERS[c]);
			}
		}
		upload(b.schoolId(), Fixtures.schoolAdmin(a), template).andExpect(status().isNotFound());
	}

	private org.springframework.test.web.servlet.ResultActions upload(long schoolId, KehouUser admin, byte[] file)
			throws Exception {
		return mvc.perform(multipart("/api/v1/schools/{schoolId}/roster", schoolId)
			.file(new MockMultipartFile("file", "名单.xlsx", XLSX, file))
			.with(user(admin))
			.with(csrf()));
	}

	private long count(String sql, long schoolId) {
		return jdbc.sql(sql).param("s", schoolId).query(Long.class).single();
	}

	static byte[] xlsx(List<Line> lines) throws IOException {
		try (Workbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = book.createSheet("学生名单");
			Row header = sheet.createRow(0);
			for (int c = 0; c < HEADERS.length; c++) {
				header.createCell(c).setCellValue(HEADERS[c]);
			}
			for (int r = 0; r < lines.size(); r++) {
				Row row = sheet.createRow(r + 1);
				List<String> cells = lines.get(r).cells();
				for (int c = 0; c < cells.size(); c++) {
					row.createCell(c).setCellValue(cells.get(c));
				}
			}
			book.write(out);
			return out.toByteArray();
		}
	}
}
