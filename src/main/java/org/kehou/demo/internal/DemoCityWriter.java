package org.kehou.demo.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Writes the generated city with {@code COPY} on one connection, inside the caller's transaction. Ids are given
 * explicitly (the generator numbers rows after the largest existing id) and the identity sequences are moved past
 * them at the end, so later inserts by the owning modules never collide.
 */
final class DemoCityWriter {

	static final String SCHOOL_YEAR = "2026-2027";

	static final String TERM_NAME = "2026-2027学年第一学期";

	static final LocalDate TERM_STARTS = LocalDate.of(2026, 9, 1);

	static final LocalDate TERM_ENDS = LocalDate.of(2027, 1, 22);

	/** The calendar's exceptions to Mon–Fri: holidays on weekdays, the 调休 Saturday, an exam day without service. */
	record TermDay(LocalDate day, String kind, @Nullable Integer followsWeekday, String note) {
	}

	static final List<TermDay> TERM_DAYS = List.of(new TermDay(LocalDate.of(2026, 9, 25), "HOLIDAY", null, "中秋节"),
			new TermDay(LocalDate.of(2026, 10, 1), "HOLIDAY", null, "国庆节"),
			new TermDay(LocalDate.of(2026, 10, 2), "HOLIDAY", null, "国庆节"),
			new TermDay(LocalDate.of(2026, 10, 5), "HOLIDAY", null, "国庆节"),
			new TermDay(LocalDate.of(2026, 10, 6), "HOLIDAY", null, "国庆节"),
			new TermDay(LocalDate.of(2026, 10, 7), "HOLIDAY", null, "国庆节"),
			new TermDay(LocalDate.of(2026, 10, 10), "SWAPPED_DAY", 3, "国庆调休上课（按周三课表）"),
			new TermDay(LocalDate.of(2027, 1, 1), "HOLIDAY", null, "元旦"),
			new TermDay(LocalDate.of(2027, 1, 20), "NO_SERVICE", null, "期末考试，不开展课后服务"));

	private static final String[] SEQUENCED = { "city", "service_platform", "town", "school", "grade", "school_class",
			"term", "staff", "student", "guardian" };

	private final Connection connection;

	DemoCityWriter(Connection connection) {
		this.connection = connection;
	}

	static IdBases idBases(Connection connection) throws SQLException {
		long[] max = new long[SEQUENCED.length];
		try (Statement statement = connection.createStatement()) {
			for (int i = 0; i < SEQUENCED.length; i++) {
				try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(id), 0) FROM " + SEQUENCED[i])) {
					rs.next();
					max[i] = rs.getLong(1);
				}
			}
		}
		return new IdBases(max[0], max[1], max[2], max[3], max[4], max[5], max[6], max[7], max[8], max[9]);
	}

	void writeStructure(CityBlueprint city, long cityId) throws SQLException {
		new CopyText("city (id, code, name)").add(cityId).add(city.cityCode()).add(city.cityName()).end()
			.copyInto(connection);
		CopyText platforms = new CopyText("service_platform (id, code, name, vendor, base_url)");
		city.platforms().forEach(p -> platforms.add(p.id()).add(p.code()).add(p.name()).add(p.vendor())
			.add(p.baseUrl()).end());
		platforms.copyInto(connection);
		CopyText towns = new CopyText("town (id, city_id, code, name, kind, platform_id)");
		city.towns().forEach(t -> towns.add(t.id()).add(cityId).add(t.code()).add(t.name()).add(t.kind())
			.add(t.platformId()).end());
		towns.copyInto(connection);
		CopyText schools = new CopyText(
				"school (id, city_id, town_id, city_direct, code, name, stage, address, platform_id)");
		city.schools().forEach(s -> schools.add(s.id()).add(cityId).add(s.townId()).add(s.cityDirect())
			.add(s.code()).add(s.name()).add(s.stage()).add(s.address()).add(s.platformId()).end());
		schools.copyInto(connection);
	}

	/**
	 * @param staffPasswordHash one precomputed hash of a random initial password, shared by all staff accounts
	 * (which must change it at first sign-in; they can also sign in with a one-time code to their mobile number)
	 * @param demoStaff staff rows that get a fixed demo account instead of a bulk one
	 * @return how many accounts were created
	 */
	long writeRosters(List<Roster> rosters, String staffPasswordHash, Set<Long> demoStaff)
			throws SQLException {
		CopyText grades = new CopyText("grade (id, school_id, level, name)");
		CopyText staff = new CopyText(
				"staff (id, school_id, staff_no, name, gender, phone_enc, phone_hash, phone_masked, roles, subject)");
		CopyText classes = new CopyText("school_class (id, school_id, grade_id, name, homeroom_staff_id)");
		CopyText terms = new CopyText(
				"term (id, school_id, name, school_year, semester, starts_on, ends_on, status)");
		CopyText termDays = new CopyText("term_day (term_id, day, kind, follows_weekday, note)");
		CopyText students = new CopyText("student (id, school_id, class_id, student_no, name, gender, birth_date, "
				+ "id_number_enc, id_number_hash, id_number_masked)");
		CopyText guardians = new CopyText("guardian (id, name, phone_enc, phone_hash, phone_masked)");
		CopyText links = new CopyText("student_guardian (student_id, guardian_id, relation, is_primary)");
		CopyText hardships = new CopyText("student_hardship (student_id, category, evidence_status)");
		CopyText accounts = new CopyText("app_user (phone_hash, display_name, role, guardian_id)");
		CopyText staffAccounts = new CopyText("app_user (username, phone_hash, display_name, password_hash, role, "
				+ "school_id, staff_id, must_change_password)");
		for (Roster roster : rosters) {
			roster.grades().forEach(g -> grades.add(g.id()).add(g.schoolId()).add(g.level()).add(g.name()).end());
			roster.staff().forEach(s -> staff.add(s.id()).add(s.schoolId()).add(s.staffNo()).add(s.name())
				.add(s.gender()).add(s.phone().enc).add(s.phone().hash).add(s.phone().masked).add(s.roles())
				.add(s.subject()).end());
			roster.staff().stream().filter(s -> !demoStaff.contains(s.id())).forEach(s -> staffAccounts
				.add(s.staffNo().toLowerCase(Locale.ROOT)).add(s.phone().hash).add(s.name())
				.add(staffPasswordHash).add(accountRole(s)).add(s.schoolId()).add(s.id()).add(true).end());
			roster.classes().forEach(c -> classes.add(c.id()).add(c.schoolId()).add(c.gradeId()).add(c.name())
				.add(c.homeroomStaffId()).end());
			Rows.Term term = roster.term();
			terms.add(term.id()).add(term.schoolId()).add(TERM_NAME).add(SCHOOL_YEAR).add(1).add(TERM_STARTS)
				.add(TERM_ENDS).add("OPEN").end();
			TERM_DAYS.forEach(d -> termDays.add(term.id()).add(d.day()).add(d.kind()).add(d.followsWeekday())
				.add(d.note()).end());
			roster.students().forEach(s -> students.add(s.id()).add(s.schoolId()).add(s.classId()).add(s.studentNo())
				.add(s.name()).add(s.gender()).add(s.birthDate()).add(s.idNumber().enc).add(s.idNumber().hash)
				.add(s.idNumber().masked).end());
			roster.guardians().forEach(g -> {
				guardians.add(g.id()).add(g.name()).add(g.phone().enc).add(g.phone().hash).add(g.phone().masked).end();
				accounts.add(g.phone().hash).add(g.name()).add("GUARDIAN").add(g.id()).end();
			});
			roster.links().forEach(l -> links.add(l.studentId()).add(l.guardianId()).add(l.relation())
				.add(l.primary()).end());
			roster.hardships().forEach(h -> hardships.add(h.studentId()).add(h.category()).add(h.evidenceStatus())
				.end());
		}
		for (CopyText copy : List.of(grades, staff, classes, terms, termDays, students, guardians, links, hardships,
				accounts, staffAccounts)) {
			copy.copyInto(connection);
		}
		return accounts.rows() + staffAccounts.rows();
	}

	/** The after-school administrator manages the school, the inspector inspects, everybody else teaches. */
	static String accountRole(Rows.Staff staff) {
		return staff.roles().contains("AFTER_SCHOOL_ADMIN") ? "SCHOOL_ADMIN"
				: staff.roles().contains("INSPECTOR") ? "INSPECTOR" : "TEACHER";
	}

	/** A fixed sign-in account (demo only): its password hash is the same precomputed hash for all of them. */
	record Account(String username, String displayName, String role, @Nullable Long townId, @Nullable Long schoolId,
			@Nullable Long providerId, @Nullable Long staffId) {
	}

	/**
	 * The demo provider the provider accounts belong to, as a draft application it can complete and submit (written
	 * before the accounts, with its fixed id; the sequence moves past it).
	 */
	void writeProvider(long id, String legalName, String creditCode, String address) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO provider (id, legal_name, credit_code, address, categories)
				VALUES (?, ?, ?, ?, ARRAY['ARTS'])
				ON CONFLICT DO NOTHING""")) {
			insert.setLong(1, id);
			insert.setString(2, legalName);
			insert.setString(3, creditCode);
			insert.setString(4, address);
			insert.executeUpdate();
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT setval(pg_get_serial_sequence('provider', 'id'), (SELECT max(id) FROM provider))");
		}
	}

	void writeAccounts(List<Account> accounts, String passwordHash) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO app_user (username, display_name, password_hash, role, town_id, school_id, provider_id,
				                      staff_id, must_change_password)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE)
				ON CONFLICT DO NOTHING""")) {
			for (Account a : accounts) {
				insert.setString(1, a.username());
				insert.setString(2, a.displayName());
				insert.setString(3, passwordHash);
				insert.setString(4, a.role());
				insert.setObject(5, a.townId());
				insert.setObject(6, a.schoolId());
				insert.setObject(7, a.providerId());
				insert.setObject(8, a.staffId());
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

	/** Links a demo instructor account to its instructor record ({@code app_user.instructor_id}). */
	void linkInstructor(String username, long instructorId) throws SQLException {
		try (PreparedStatement update = connection
			.prepareStatement("UPDATE app_user SET instructor_id = ? WHERE username = ? AND role = 'INSTRUCTOR'")) {
			update.setLong(1, instructorId);
			update.setString(2, username);
			if (update.executeUpdate() != 1) {
				throw new IllegalStateException("demo instructor account missing");
			}
		}
	}

	/** Guardians sign in with phone + password (demo guardians) or a one-time code (everybody). */
	void setGuardianPassword(byte[] phoneHash, String passwordHash) throws SQLException {
		try (PreparedStatement update = connection
			.prepareStatement("UPDATE app_user SET password_hash = ?, must_change_password = FALSE WHERE phone_hash = ?")) {
			update.setString(1, passwordHash);
			update.setBytes(2, phoneHash);
			if (update.executeUpdate() != 1) {
				throw new IllegalStateException("demo guardian account missing");
			}
		}
	}

	void moveSequences() throws SQLException {
		try (Statement statement = connection.createStatement()) {
			for (String table : SEQUENCED) {
				statement.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
						+ "(SELECT max(id) FROM " + table + "))");
			}
			statement.execute("ANALYZE");
		}
	}
}
