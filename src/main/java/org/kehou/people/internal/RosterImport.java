package org.kehou.people.internal;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AccountDirectory;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.organisation.SchoolClassView;
import org.kehou.organisation.Schools;
import org.kehou.people.HardshipCategory;
import org.kehou.people.Relation;
import org.kehou.shared.ChineseIdNumber;
import org.kehou.shared.Masking;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports a school's roster from the Excel template: every row is validated first and, if any is bad, nothing is
 * stored and every bad row is reported. A clean file is applied in one transaction with batched statements:
 * students upserted by (school, student number), guardians matched by the hash of their phone number (one guardian
 * across schools), links and hardship categories added. Importing the same file again changes nothing.
 */
@Service
public class RosterImport {

	private static final HexFormat HEX = HexFormat.of();

	private static final int CHUNK = 1000;

	/** A row that passed validation, with plain values that are sealed before they are stored. */
	record Entry(int row, String studentNo, String name, String gender, @Nullable String idNumber, long classId,
			Set<HardshipCategory> hardships, List<GuardianEntry> guardians) {
	}

	record GuardianEntry(String name, String phone, Relation relation, boolean primary) {
	}

	private record Existing(long id, String name, String gender, long classId, @Nullable String idHash, String status,
			Set<HardshipCategory> hardships) {
	}

	private record Link(long guardianId, String relation, boolean primary) {
	}

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final PersonalData personal;

	private final Schools schools;

	private final AccountDirectory accounts;

	private final AuditLog audit;

	private final MessageSource messages;

	RosterImport(JdbcClient jdbc, JdbcTemplate batch, PersonalData personal, Schools schools,
			AccountDirectory accounts, AuditLog audit, MessageSource messages) {
		this.messages = messages;
		this.jdbc = jdbc;
		this.batch = batch;
		this.personal = personal;
		this.schools = schools;
		this.accounts = accounts;
		this.audit = audit;
	}

	@Transactional
	public RosterReport importFile(long schoolId, String fileName, byte[] content) {
		var school = schools.findSchool(schoolId).orElseThrow(() -> new PeopleRuleViolation("people.error.schoolUnknown"));
		List<RosterFile.Line> lines;
		try {
			lines = RosterFile.read(new ByteArrayInputStream(content));
		}
		catch (RosterFile.Unreadable e) {
			return reject(schoolId, school.townId(), fileName, 0,
					List.of(new RosterReport.RowError(0, text(e.key(), e.args()))));
		}
		if (lines.isEmpty()) {
			return reject(schoolId, school.townId(), fileName, 0,
					List.of(new RosterReport.RowError(0, text("people.roster.file.empty"))));
		}
		// one import per school at a time: a second one waits, then sees the first one's result
		jdbc.sql("SELECT pg_advisory_xact_lock(7301, CAST(:school AS INT))").param("school", schoolId).query().rowSet();
		List<RosterReport.RowError> errors = new ArrayList<>();
		List<Entry> entries = validate(schoolId, lines, errors);
		if (!errors.isEmpty()) {
			return reject(schoolId, school.townId(), fileName, lines.size(), errors);
		}
		return apply(schoolId, school.townId(), fileName, sha256(content), entries);
	}

	// ---------------------------------------------------------------- validation

	List<Entry> validate(long schoolId, List<RosterFile.Line> lines, List<RosterReport.RowError> errors) {
		List<SchoolClassView> classes = schools.classesOf(schoolId);
		Map<String, Integer> studentNos = new HashMap<>();
		Map<String, Integer> idNumbers = new HashMap<>();
		List<Entry> entries = new ArrayList<>();
		Map<Integer, List<String>> problems = new LinkedHashMap<>();
		for (RosterFile.Line line : lines) {
			List<String> p = new ArrayList<>();
			String studentNo = line.get(RosterColumns.STUDENT_NO);
			String name = line.get(RosterColumns.NAME);
			if (studentNo.isEmpty()) {
				p.add(text("people.roster.error.studentNoMissing"));
			}
			else if (studentNo.length() > 32) {
				p.add(text("people.roster.error.studentNoTooLong"));
			}
			else if (studentNos.containsKey(studentNo)) {
				p.add(text("people.roster.error.studentNoDuplicate", studentNos.get(studentNo)));
			}
			else {
				studentNos.put(studentNo, line.rowNumber());
			}
			if (name.isEmpty()) {
				p.add(text("people.roster.error.nameMissing"));
			}
			else if (name.length() > 50) {
				p.add(text("people.roster.error.nameTooLong"));
			}
			String gender = gender(line.get(RosterColumns.GENDER));
			if (gender == null) {
				p.add(text("people.roster.error.gender"));
			}
			String idNumber = ChineseIdNumber.normalise(line.get(RosterColumns.ID_NUMBER));
			if (idNumber.isEmpty()) {
				p.add(text("people.roster.error.idNumberMissing"));
			}
			else if (!ChineseIdNumber.isValid(idNumber)) {
				p.add(text("people.roster.error.idNumberInvalid"));
			}
			else {
				if (idNumbers.containsKey(idNumber)) {
					p.add(text("people.roster.error.idNumberDuplicate", idNumbers.get(idNumber)));
				}
				else {
					idNumbers.put(idNumber, line.rowNumber());
				}
				if (gender != null && ChineseIdNumber.gender(idNumber) != gender.charAt(0)) {
					p.add(text("people.roster.error.genderMismatch"));
				}
			}
			String grade = line.get(RosterColumns.GRADE);
			String className = line.get(RosterColumns.CLASS);
			Long classId = null;
			if (grade.isEmpty() || className.isEmpty()) {
				p.add(text("people.roster.error.classMissing"));
			}
			else {
				var found = RosterClassNames.find(classes, grade, className);
				if (found.isEmpty()) {
					p.add(text("people.roster.error.classUnknown", grade, className));
				}
				else {
					classId = found.get().id();
				}
			}
			Set<HardshipCategory> hardships = EnumSet.noneOf(HardshipCategory.class);
			for (String label : line.get(RosterColumns.HARDSHIP).split("[,，、;；/\\s]+")) {
				if (!label.isBlank()) {
					HardshipCategory.parse(label).ifPresentOrElse(hardships::add,
							() -> p.add(text("people.roster.error.hardshipUnknown", label)));
				}
			}
			List<GuardianEntry> guardians = new ArrayList<>();
			Set<String> phones = new TreeSet<>();
			for (int n = 1; n <= RosterColumns.GUARDIANS; n++) {
				String gName = line.get(RosterColumns.guardianName(n));
				String gPhone = line.get(RosterColumns.guardianPhone(n));
				String gRelation = line.get(RosterColumns.guardianRelation(n));
				if (n > 1 && gName.isEmpty() && gPhone.isEmpty() && gRelation.isEmpty()) {
					continue;
				}
								if (gName.isEmpty()) {
					p.add(text("people.roster.error.guardianNameMissing", n));
				}
				else if (gName.length() > 50) {
					p.add(text("people.roster.error.guardianNameTooLong", n));
				}
				if (gPhone.isEmpty()) {
					p.add(text("people.roster.error.guardianPhoneMissing", n));
				}
				else if (!Masking.isMobile(gPhone)) {
					p.add(text("people.roster.error.guardianPhoneInvalid", n));
				}
				else if (!phones.add(Masking.normalisePhone(gPhone))) {
					p.add(text("people.roster.error.guardianPhoneSame"));
				}
				Relation relation = gRelation.isEmpty() ? Relation.OTHER : Relation.parse(gRelation).orElse(null);
				if (relation == null) {
					p.add(text("people.roster.error.relationUnknown", n, gRelation));
				}
				if (!gName.isEmpty() && Masking.isMobile(gPhone) && relation != null) {
					guardians.add(new GuardianEntry(gName, Masking.normalisePhone(gPhone), relation, n == 1));
				}
			}
			if (p.isEmpty()) {
				entries.add(new Entry(line.rowNumber(), studentNo, name, Objects.requireNonNull(gender), idNumber,
						Objects.requireNonNull(classId), hardships, guardians));
			}
			else {
				problems.put(line.rowNumber(), p);
			}
		}
		// ID numbers already held by a student of another school, or by another student of this school
		Map<String, String> hashToId = new HashMap<>();
		idNumbers.keySet().forEach(id -> hashToId.put(HEX.formatHex(personal.idNumberHash(id)), id));
		for (List<String> chunk : chunks(hashToId.keySet())) {
			jdbc.sql("SELECT id_number_hash, school_id, student_no FROM student WHERE id_number_hash IN (:hashes)")
				.param("hashes", chunk.stream().map(HEX::parseHex).toList())
				.query((rs, i) -> {
					String id = hashToId.get(HEX.formatHex(rs.getBytes(1)));
					int row = idNumbers.get(id);
					if (rs.getLong(2) != schoolId) {
						problems.computeIfAbsent(row, r -> new ArrayList<>()).add(text("people.roster.error.idNumberOtherSchool"));
					}
					else {
						String owner = rs.getString(3);
						Integer rowOfOwner = studentNos.get(owner);
						String inFile = lines.stream()
							.filter(l -> l.rowNumber() == row)
							.map(l -> l.get(RosterColumns.STUDENT_NO))
							.findFirst()
							.orElse("");
						if (!owner.equals(inFile) && (rowOfOwner == null || !idNumberOfRow(lines, rowOfOwner).equals(id))) {
							problems.computeIfAbsent(row, r -> new ArrayList<>())
								.add(text("people.roster.error.idNumberOtherStudent", owner));
						}
					}
					return 0;
				})
				.list();
		}
		new java.util.TreeMap<>(problems)
			.forEach((row, reasons) -> errors.add(new RosterReport.RowError(row, String.join(text("people.roster.error.separator"), reasons))));
		return entries;
	}

	private static String idNumberOfRow(List<RosterFile.Line> lines, int row) {
		return lines.stream()
			.filter(l -> l.rowNumber() == row)
			.map(l -> ChineseIdNumber.normalise(l.get(RosterColumns.ID_NUMBER)))
			.findFirst()
			.orElse("");
	}

	private static @Nullable String gender(String text) {
		return switch (text.trim().toUpperCase(java.util.Locale.ROOT)) {
			case "男", "M", "男生" -> "M";
			case "女", "F", "女生" -> "F";
			default -> null;
		};
	}

	// ---------------------------------------------------------------- applying a clean file

	private RosterReport apply(long schoolId, @Nullable Long townId, String fileName, String sha256,
			List<Entry> entries) {
		Map<String, Existing> existing = existingStudents(schoolId);
		List<Object[]> inserts = new ArrayList<>();
		List<Object[]> updates = new ArrayList<>();
		Set<String> changed = new java.util.HashSet<>();
		for (Entry e : entries) {
			Existing old = existing.get(e.studentNo());
			String idHash = e.idNumber() == null ? null : HEX.formatHex(personal.idNumberHash(e.idNumber()));
			if (old == null) {
				PersonalData.Sealed id = e.idNumber() == null ? null : personal.idNumber(e.idNumber());
				inserts.add(new Object[] { schoolId, e.classId(), e.studentNo(), e.name(), e.gender(),
						e.idNumber() == null ? null : java.sql.Date.valueOf(ChineseIdNumber.birthDate(e.idNumber())),
						id == null ? null : id.encrypted(), id == null ? null : id.hash(),
						id == null ? null : id.masked() });
			}
			else if (!old.name().equals(e.name()) || !old.gender().equals(e.gender()) || old.classId() != e.classId()
					|| !Objects.equals(old.idHash(), idHash) || !old.status().equals("ACTIVE")) {
				PersonalData.Sealed id = e.idNumber() == null ? null : personal.idNumber(e.idNumber());
				updates.add(new Object[] { e.classId(), e.name(), e.gender(),
						e.idNumber() == null ? null : java.sql.Date.valueOf(ChineseIdNumber.birthDate(e.idNumber())),
						id == null ? null : id.encrypted(), id == null ? null : id.hash(),
						id == null ? null : id.masked(), old.id() });
				changed.add(e.studentNo());
			}
		}
		if (!inserts.isEmpty()) {
			batch.batchUpdate("""
					INSERT INTO student (school_id, class_id, student_no, name, gender, birth_date,
					                     id_number_enc, id_number_hash, id_number_masked)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", inserts);
		}
		if (!updates.isEmpty()) {
			batch.batchUpdate("""
					UPDATE student SET class_id = ?, name = ?, gender = ?, birth_date = ?, id_number_enc = ?,
					       id_number_hash = ?, id_number_masked = ?, status = 'ACTIVE', updated_at = now()
					WHERE id = ?""", updates);
		}
		Map<String, Long> ids = inserts.isEmpty() ? new HashMap<>() : studentIds(schoolId);
		existing.forEach((no, old) -> ids.putIfAbsent(no, old.id()));

		// hardship categories: add the missing ones (evidence PENDING), remove those no longer listed
		List<Object[]> hardshipAdds = new ArrayList<>();
		List<Object[]> hardshipRemovals = new ArrayList<>();
		for (Entry e : entries) {
			Existing old = existing.get(e.studentNo());
			Set<HardshipCategory> before = old == null ? Set.of() : old.hardships();
			long id = ids.get(e.studentNo());
			for (HardshipCategory c : e.hardships()) {
				if (!before.contains(c)) {
					hardshipAdds.add(new Object[] { id, c.name() });
				}
			}
			for (HardshipCategory c : before) {
				if (!e.hardships().contains(c)) {
					hardshipRemovals.add(new Object[] { id, c.name() });
				}
			}
			if (old != null && !before.equals(e.hardships())) {
				changed.add(e.studentNo());
			}
		}
		if (!hardshipAdds.isEmpty()) {
			batch.batchUpdate("INSERT INTO student_hardship (student_id, category) VALUES (?, ?) ON CONFLICT DO NOTHING",
					hardshipAdds);
		}
		if (!hardshipRemovals.isEmpty()) {
			batch.batchUpdate("DELETE FROM student_hardship WHERE student_id = ? AND category = ?", hardshipRemovals);
		}

		// guardians: one per phone number, across schools
		Map<String, GuardianEntry> byPhone = new LinkedHashMap<>();
		entries.forEach(e -> e.guardians().forEach(g -> byPhone.putIfAbsent(g.phone(), g)));
		Map<String, String> phoneOfHash = new HashMap<>();
		byPhone.keySet().forEach(p -> phoneOfHash.put(HEX.formatHex(personal.phoneHash(p)), p));
		Map<String, Long> guardianIds = guardianIds(phoneOfHash.keySet());
		List<Object[]> newGuardians = new ArrayList<>();
		List<String> newHashes = new ArrayList<>();
		phoneOfHash.forEach((hash, phone) -> {
			if (!guardianIds.containsKey(hash)) {
				PersonalData.Sealed sealed = personal.phone(phone);
				newGuardians.add(new Object[] { byPhone.get(phone).name(), sealed.encrypted(), sealed.hash(),
						sealed.masked() });
				newHashes.add(hash);
			}
		});
		if (!newGuardians.isEmpty()) {
			batch.batchUpdate("""
					INSERT INTO guardian (name, phone_enc, phone_hash, phone_masked) VALUES (?, ?, ?, ?)
					ON CONFLICT (phone_hash) DO NOTHING""", newGuardians);
			guardianIds.putAll(guardianIds(newHashes));
			for (String hash : newHashes) {
				accounts.ensureGuardianAccount(guardianIds.get(hash), HEX.parseHex(hash),
						byPhone.get(phoneOfHash.get(hash)).name());
			}
		}

		// links between students and guardians: add missing ones, correct relation / primary
		Map<Long, Map<Long, Link>> links = existingLinks(schoolId);
		List<Object[]> linkUpserts = new ArrayList<>();
		for (Entry e : entries) {
			long studentId = ids.get(e.studentNo());
			Map<Long, Link> current = links.getOrDefault(studentId, Map.of());
			for (GuardianEntry g : e.guardians()) {
				long guardianId = guardianIds.get(HEX.formatHex(personal.phoneHash(g.phone())));
				Link link = current.get(guardianId);
				if (link == null || !link.relation().equals(g.relation().name()) || link.primary() != g.primary()) {
					linkUpserts.add(new Object[] { studentId, guardianId, g.relation().name(), g.primary() });
					if (existing.containsKey(e.studentNo())) {
						changed.add(e.studentNo());
					}
				}
			}
		}
		if (!linkUpserts.isEmpty()) {
			batch.batchUpdate("""
					INSERT INTO student_guardian (student_id, guardian_id, relation, is_primary) VALUES (?, ?, ?, ?)
					ON CONFLICT (student_id, guardian_id)
					DO UPDATE SET relation = EXCLUDED.relation, is_primary = EXCLUDED.is_primary""", linkUpserts);
		}
		int created = inserts.size();
		int updated = changed.size();
		int unchanged = entries.size() - created - updated;
		Long importId = jdbc.sql("""
				INSERT INTO roster_import (school_id, file_name, file_sha256, imported_by, rows_total, students_created,
				                           students_updated, guardians_created)
				VALUES (:school, :file, :sha, :by, :rows, :created, :updated, :guardians) RETURNING id""")
			.param("school", schoolId)
			.param("file", truncate(fileName, 200))
			.param("sha", sha256)
			.param("by", CurrentUser.find().map(u -> u.id()).orElse(null))
			.param("rows", entries.size())
			.param("created", created)
			.param("updated", updated)
			.param("guardians", newGuardians.size())
			.query(Long.class)
			.single();
		audit.record(AuditLog.Entry.of("roster.import", "roster_import", importId)
			.in(townId, schoolId)
			.detail(fileName + ": " + entries.size() + " rows, " + created + " created, " + updated + " updated, "
					+ newGuardians.size() + " guardians created"));
		return new RosterReport(true, fileName, entries.size(), List.of(), created, updated, unchanged,
				newGuardians.size(), importId);
	}

	private RosterReport reject(long schoolId, @Nullable Long townId, String fileName, int rows,
			List<RosterReport.RowError> errors) {
		audit.record(AuditLog.Entry.of("roster.import", "school", schoolId)
			.in(townId, schoolId)
			.detail(fileName + ": rejected, " + errors.size() + " bad rows")
			.outcome(AuditLog.Outcome.FAILED));
		return RosterReport.rejected(fileName, rows, errors);
	}

	private Map<String, Existing> existingStudents(long schoolId) {
		Map<String, Existing> existing = new HashMap<>();
		jdbc.sql("""
				SELECT s.id, s.student_no, s.name, s.gender, s.class_id, s.id_number_hash, s.status,
				       (SELECT string_agg(h.category, ',') FROM student_hardship h WHERE h.student_id = s.id) AS hardships
				FROM student s WHERE s.school_id = :school""")
			.param("school", schoolId)
			.query((rs, i) -> {
				Set<HardshipCategory> hardships = EnumSet.noneOf(HardshipCategory.class);
				String text = rs.getString("hardships");
				if (text != null) {
					for (String c : text.split(",")) {
						hardships.add(HardshipCategory.valueOf(c));
					}
				}
				byte[] hash = rs.getBytes("id_number_hash");
				existing.put(rs.getString("student_no"),
						new Existing(rs.getLong("id"), rs.getString("name"), rs.getString("gender"),
								rs.getLong("class_id"), hash == null ? null : HEX.formatHex(hash), rs.getString("status"),
								hardships));
				return 0;
			})
			.list();
		return existing;
	}

	private Map<String, Long> studentIds(long schoolId) {
		Map<String, Long> ids = new HashMap<>();
		jdbc.sql("SELECT id, student_no FROM student WHERE school_id = :school")
			.param("school", schoolId)
			.query((rs, i) -> ids.put(rs.getString(2), rs.getLong(1)))
			.list();
		return ids;
	}

	private Map<String, Long> guardianIds(Collection<String> hexHashes) {
		Map<String, Long> ids = new HashMap<>();
		for (List<String> chunk : chunks(hexHashes)) {
			jdbc.sql("SELECT id, phone_hash FROM guardian WHERE phone_hash IN (:hashes)")
				.param("hashes", chunk.stream().map(HEX::parseHex).toList())
				.query((rs, i) -> ids.put(HEX.formatHex(rs.getBytes(2)), rs.getLong(1)))
				.list();
		}
		return ids;
	}

	private Map<Long, Map<Long, Link>> existingLinks(long schoolId) {
		Map<Long, Map<Long, Link>> links = new HashMap<>();
		jdbc.sql("""
				SELECT sg.student_id, sg.guardian_id, sg.relation, sg.is_primary
				FROM student_guardian sg JOIN student s ON s.id = sg.student_id WHERE s.school_id = :school""")
			.param("school", schoolId)
			.query((rs, i) -> links.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
				.put(rs.getLong(2), new Link(rs.getLong(2), rs.getString(3), rs.getBoolean(4))))
			.list();
		return links;
	}

	private static List<List<String>> chunks(Collection<String> values) {
		List<String> all = List.copyOf(values);
		List<List<String>> chunks = new ArrayList<>();
		for (int i = 0; i < all.size(); i += CHUNK) {
			chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
		}
		return chunks;
	}

	/** A message of the people bundle in the request's language (Chinese by default); numbers as plain text. */
	private String text(String key, Object... args) {
		Object[] plain = java.util.Arrays.stream(args).map(String::valueOf).toArray();
		return messages.getMessage(key, plain, LocaleContextHolder.getLocale());
	}

	private static String truncate(String text, int max) {
		return text.length() > max ? text.substring(0, max) : text;
	}

	private static String sha256(byte[] content) {
		try {
			return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
