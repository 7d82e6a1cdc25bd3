package org.kehou.organisation;

import java.util.List;
import java.util.Optional;

import org.kehou.identity.AuditLog;
import org.kehou.identity.Scope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Schools, their grades (年级) and classes (班级). */
@Service
@Transactional(readOnly = true)
public class Schools {

	/** Default grade names, stored with the grade (data, not code). */
	static final List<String> GRADE_NAMES = List.of("一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级",
			"八年级", "九年级");

	private static final String SELECT_SCHOOL = """
			SELECT s.id, s.code, s.name, s.town_id, t.name AS town_name, s.city_direct, s.stage, s.address,
			       s.platform_id, p.name AS platform_name, s.service_starts, s.service_ends, s.active
			FROM school s
			LEFT JOIN town t ON t.id = s.town_id
			LEFT JOIN service_platform p ON p.id = s.platform_id
			""";

	private static final String FILTER = ScopeAnchors.SCHOOL_CONDITION + """
			 AND (CAST(:townId AS BIGINT) IS NULL OR s.town_id = :townId)
			 AND (CAST(:cityDirect AS BOOLEAN) IS NULL OR s.city_direct = :cityDirect)
			 AND (CAST(:name AS TEXT) IS NULL OR s.name ILIKE :name ESCAPE '\\' OR s.code ILIKE :name ESCAPE '\\')""";

	private static final String SELECT_CLASS = """
			SELECT c.id, c.school_id, c.grade_id, g.level AS grade_level, g.name AS grade_name, c.name,
			       c.homeroom_staff_id
			FROM school_class c JOIN grade g ON g.id = c.grade_id
			""";

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	Schools(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.events = events;
	}

	public Optional<SchoolView> findSchool(long schoolId) {
		return jdbc.sql(SELECT_SCHOOL + " WHERE s.id = :id").param("id", schoolId).query(SchoolView.class).optional();
	}

	public Optional<SchoolView> findSchoolByCode(String code) {
		return jdbc.sql(SELECT_SCHOOL + " WHERE s.code = :code")
			.param("code", code)
			.query(SchoolView.class)
			.optional();
	}

	/**
	 * The schools inside {@code scope} matching {@code filter}, ordered city-direct first, then by town and code.
	 */
	public Page<SchoolView> listSchools(Scope scope, SchoolFilter filter, Pageable page) {
		Optional<ScopeAnchors> anchors = ScopeAnchors.of(scope);
		if (anchors.isEmpty()) {
			return Page.empty(page);
		}
		String name = filter.name() == null ? null : "%" + escapeLike(filter.name()) + "%";
		long total = jdbc.sql("SELECT count(*) FROM school s WHERE " + FILTER)
			.param("anchorTown", anchors.get().townId())
			.param("anchorSchool", anchors.get().schoolId())
			.param("townId", filter.townId())
			.param("cityDirect", filter.cityDirect())
			.param("name", name)
			.query(Long.class)
			.single();
		List<SchoolView> content = total == 0 ? List.of()
				: jdbc.sql(SELECT_SCHOOL + " WHERE " + FILTER
						+ " ORDER BY s.city_direct DESC, t.code NULLS FIRST, s.code LIMIT :limit OFFSET :offset")
					.param("anchorTown", anchors.get().townId())
					.param("anchorSchool", anchors.get().schoolId())
					.param("townId", filter.townId())
					.param("cityDirect", filter.cityDirect())
					.param("name", name)
					.param("limit", page.getPageSize())
					.param("offset", page.getOffset())
					.query(SchoolView.class)
					.list();
		return new PageImpl<>(content, page, total);
	}

	/** Every school inside {@code scope}, unpaged and ordered like {@link #listSchools} (for filters and pickers). */
	public List<SchoolView> schoolsIn(Scope scope) {
		Optional<ScopeAnchors> anchors = ScopeAnchors.of(scope);
		if (anchors.isEmpty()) {
			return List.of();
		}
		return jdbc.sql(SELECT_SCHOOL + " WHERE " + ScopeAnchors.SCHOOL_CONDITION
				+ " ORDER BY s.city_direct DESC, t.code NULLS FIRST, s.code")
			.param("anchorTown", anchors.get().townId())
			.param("anchorSchool", anchors.get().schoolId())
			.query(SchoolView.class)
			.list();
	}

	/** Towns, schools and classes inside a scope (for home pages and reports). */
	public OrganisationCounts countIn(Scope scope) {
		Optional<ScopeAnchors> anchors = ScopeAnchors.of(scope);
		if (anchors.isEmpty()) {
			return new OrganisationCounts(0, 0, 0);
		}
		String town = "(CAST(:anchorTown AS BIGINT) IS NULL OR t.id = :anchorTown) AND (CAST(:anchorSchool AS BIGINT)"
				+ " IS NULL OR t.id IN (SELECT s.town_id FROM school s WHERE s.id = :anchorSchool))";
		return jdbc.sql("SELECT (SELECT count(*) FROM town t WHERE " + town + ") AS towns,"
				+ " (SELECT count(*) FROM school s WHERE s.active AND " + ScopeAnchors.SCHOOL_CONDITION + ") AS schools,"
				+ " (SELECT count(*) FROM school_class c JOIN school s ON s.id = c.school_id WHERE s.active AND "
				+ ScopeAnchors.SCHOOL_CONDITION + ") AS classes")
			.param("anchorTown", anchors.get().townId())
			.param("anchorSchool", anchors.get().schoolId())
			.query(OrganisationCounts.class)
			.single();
	}

	/** The grades of a school with their class counts, in order. */
	public List<GradeView> gradesOf(long schoolId) {
		return jdbc.sql("""
				SELECT g.id, g.school_id, g.level, g.name,
				       (SELECT count(*) FROM school_class c WHERE c.grade_id = g.id) AS class_count
				FROM grade g WHERE g.school_id = :school ORDER BY g.level""")
			.param("school", schoolId)
			.query(GradeView.class)
			.list();
	}

	public Optional<GradeView> findGrade(long gradeId) {
		return jdbc.sql("""
				SELECT g.id, g.school_id, g.level, g.name,
				       (SELECT count(*) FROM school_class c WHERE c.grade_id = g.id) AS class_count
				FROM grade g WHERE g.id = :id""").param("id", gradeId).query(GradeView.class).optional();
	}

	/** The classes of a school, by grade and name. */
	public List<SchoolClassView> classesOf(long schoolId) {
		return jdbc.sql(SELECT_CLASS + " WHERE c.school_id = :school ORDER BY g.level, length(c.name), c.name")
			.param("school", schoolId)
			.query(SchoolClassView.class)
			.list();
	}

	public Optional<SchoolClassView> findClass(long classId) {
		return jdbc.sql(SELECT_CLASS + " WHERE c.id = :id").param("id", classId).query(SchoolClassView.class).optional();
	}

	/** A class by its natural key, e.g. (school, 3, "2班") — how roster imports name classes. */
	public Optional<SchoolClassView> findClass(long schoolId, int gradeLevel, String className) {
		return jdbc.sql(SELECT_CLASS + " WHERE c.school_id = :school AND g.level = :level AND c.name = :name")
			.param("school", schoolId)
			.param("level", gradeLevel)
			.param("name", className.strip())
			.query(SchoolClassView.class)
			.optional();
	}

	/**
	 * Adds a class to a grade of the school (creating the grade when it has none yet).
	 *
	 * @throws IllegalArgumentException for an unknown school, a grade the school's stage lacks or a bad name
	 * @throws IllegalStateException when the grade already has a class of that name
	 */
	@Transactional
	public SchoolClassView addClass(long schoolId, int gradeLevel, String className) {
		SchoolView school = findSchool(schoolId)
			.orElseThrow(() -> new IllegalArgumentException("unknown school " + schoolId));
		if (!school.stage().hasGrade(gradeLevel)) {
			throw new IllegalArgumentException(
					"grade " + gradeLevel + " does not exist at a " + school.stage() + " school");
		}
		String name = Towns.requireText(className, 32, "class name");
		long gradeId = ensureGrade(schoolId, gradeLevel);
		long classId;
		try {
			classId = jdbc.sql("""
					INSERT INTO school_class (school_id, grade_id, name) VALUES (:school, :grade, :name) RETURNING id""")
				.param("school", schoolId)
				.param("grade", gradeId)
				.param("name", name)
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			throw new IllegalStateException("grade " + gradeLevel + " already has a class " + name);
		}
		audit.record(AuditLog.Entry.of("school-class.create", "school_class", classId)
			.in(school.townId(), schoolId)
			.detail(gradeLevel + "/" + name));
		events.publishEvent(new SchoolClassAdded(classId, schoolId, gradeLevel, name));
		return findClass(classId).orElseThrow();
	}

	/**
	 * Registers a school with all the grades of its stage.
	 *
	 * @throws IllegalStateException when the code is taken
	 */
	@Transactional
	public SchoolView register(NewSchool school) {
		long cityId = Towns.cityId(jdbc);
		if (school.townId() != null && jdbc.sql("SELECT count(*) FROM town WHERE id = :id")
			.param("id", school.townId())
			.query(Long.class)
			.single() == 0) {
			throw new IllegalArgumentException("unknown town " + school.townId());
		}
		long id;
		try {
			id = jdbc.sql("""
					INSERT INTO school (city_id, town_id, city_direct, code, name, stage, address)
					VALUES (:city, :town, :cityDirect, :code, :name, :stage, :address) RETURNING id""")
				.param("city", cityId)
				.param("town", school.townId())
				.param("cityDirect", school.townId() == null)
				.param("code", Towns.requireText(school.code(), 32, "code"))
				.param("name", Towns.requireText(school.name(), 100, "name"))
				.param("stage", school.stage().name())
				.param("address", school.address())
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			throw new IllegalStateException("a school with code " + school.code() + " exists");
		}
		for (int level = school.stage().firstGrade(); level <= school.stage().lastGrade(); level++) {
			ensureGrade(id, level);
		}
		audit.record(AuditLog.Entry.of("school.create", "school", id)
			.in(school.townId(), id)
			.detail(school.code() + " " + school.name()));
		return findSchool(id).orElseThrow();
	}

	/**
	 * Applies the city's registry entry of a school (the down feed's {@code school} record): the city's name replaces a
	 * different local one, and a service end earlier than the city's minimum is raised to it (a later one is kept).
	 * Idempotent; audited as {@code school-city-update} when something changed.
	 *
	 * @return whether anything changed
	 */
	@Transactional
	public boolean applyCityReference(long schoolId, String name, java.time.@org.jspecify.annotations.Nullable LocalTime serviceEndsNoEarlierThan) {
		String cityName = Towns.requireText(name, 100, "name");
		int n = jdbc.sql("""
				UPDATE school SET name = :name,
				  service_ends = CASE WHEN CAST(:ends AS TIME) IS NOT NULL AND service_ends < CAST(:ends AS TIME)
				                      THEN CAST(:ends AS TIME) ELSE service_ends END
				WHERE id = :id AND (name <> :name OR (CAST(:ends AS TIME) IS NOT NULL AND service_ends < CAST(:ends AS TIME)))""")
			.param("name", cityName)
			.param("ends", serviceEndsNoEarlierThan == null ? null : serviceEndsNoEarlierThan.toString())
			.param("id", schoolId)
			.update();
		if (n > 0) {
			SchoolView school = findSchool(schoolId).orElseThrow();
			audit.record(AuditLog.Entry.of("school-city-update", "school", schoolId)
				.in(school.townId(), schoolId)
				.detail(school.name() + " " + school.serviceEnds()));
		}
		return n > 0;
	}

	private long ensureGrade(long schoolId, int level) {
		jdbc.sql("""
				INSERT INTO grade (school_id, level, name) VALUES (:school, :level, :name)
				ON CONFLICT (school_id, level) DO NOTHING""")
			.param("school", schoolId)
			.param("level", level)
			.param("name", GRADE_NAMES.get(level - 1))
			.update();
		return jdbc.sql("SELECT id FROM grade WHERE school_id = :school AND level = :level")
			.param("school", schoolId)
			.param("level", level)
			.query(Long.class)
			.single();
	}

	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}
}
