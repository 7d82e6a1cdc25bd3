package org.kehou.courses;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapExceeded;
import org.kehou.catalogue.CapInForce;
import org.kehou.catalogue.CategoryKind;
import org.kehou.catalogue.CourseCategory;
import org.kehou.catalogue.FeeCaps;
import org.kehou.catalogue.FeeCheck;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TownView;
import org.kehou.organisation.Towns;
import org.kehou.providers.AdmissionStatus;
import org.kehou.providers.Assignability;
import org.kehou.providers.InstructorView;
import org.kehou.providers.Instructors;
import org.kehou.providers.ProviderStatus;
import org.kehou.providers.ProviderView;
import org.kehou.providers.Providers;
import org.kehou.shared.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The course catalogue: providers' courses with their review per town pool, schools' own courses, the instructors
 * of a course. Every price is checked against the cap in force ({@link FeeCaps}) when a course is submitted, created
 * by a school or repriced; every change is written to the audit log (and transitions to the review history) in the
 * same transaction.
 */
@Service
@Transactional(readOnly = true)
public class Courses {

	private static final String SELECT = """
			SELECT c.*, p.legal_name AS provider_name, s.name AS school_name, s.town_id AS school_town_id
			FROM course c LEFT JOIN provider p ON p.id = c.provider_id LEFT JOIN school s ON s.id = c.school_id""";

	/** Scope on course alias {@code c} and school alias {@code s}: city all, a town its pool and schools, … */
	private static final String SCOPE_CONDITION = """
			(CAST(:anchorTown AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM course_town_admission a
			     WHERE a.course_id = c.id AND a.town_id = :anchorTown) OR s.town_id = :anchorTown)
			AND (CAST(:anchorProvider AS BIGINT) IS NULL OR c.provider_id = :anchorProvider)
			AND (CAST(:anchorSchool AS BIGINT) IS NULL OR c.school_id = :anchorSchool)""";

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final FeeCaps feeCaps;

	private final Providers providers;

	private final Instructors instructors;

	private final Towns towns;

	private final Schools schools;

	private final MessageSource messages;

	private final ApplicationEventPublisher events;

	Courses(JdbcClient jdbc, AuditLog audit, FeeCaps feeCaps, Providers providers, Instructors instructors, Towns towns,
			Schools schools, MessageSource messages, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.feeCaps = feeCaps;
		this.providers = providers;
		this.instructors = instructors;
		this.towns = towns;
		this.schools = schools;
		this.messages = messages;
		this.events = events;
	}

	public Optional<CourseView> find(long courseId) {
		return jdbc.sql(SELECT + " WHERE c.id = :id").param("id", courseId).query((rs, i) -> view(rs)).optional();
	}

	/** The categories a provider may list (active, kind COURSE) or a school (every active one, basic care too). */
	public List<CourseCategory> categoriesFor(boolean school) {
		return feeCaps.categories().stream().filter(c -> school || c.kind() == CategoryKind.COURSE).toList();
	}

	/** The courses a scope sees, newest change first: city all, town its pool and its schools', provider/school own. */
	public Page<CourseSummary> list(Scope scope, @Nullable CourseStatus status, @Nullable String category,
			Pageable pageable) {
		Optional<Anchors> anchors = Anchors.of(scope);
		if (anchors.isEmpty()) {
			return Page.empty(pageable);
		}
		String from = " FROM course c LEFT JOIN provider p ON p.id = c.provider_id LEFT JOIN school s ON s.id = c.school_id";
		String where = " WHERE " + SCOPE_CONDITION + """
				 AND (CAST(:status AS VARCHAR) IS NULL OR c.status = :status)
				 AND (CAST(:category AS VARCHAR) IS NULL OR c.category_code = :category)""";
		Anchors a = anchors.get();
		long total = jdbc.sql("SELECT count(*)" + from + where)
			.param("anchorTown", a.town()).param("anchorProvider", a.provider()).param("anchorSchool", a.school())
			.param("status", status == null ? null : status.name()).param("category", blankToNull(category))
			.query(Long.class).single();
		List<CourseSummary> content = jdbc.sql("""
				SELECT c.id, c.name, c.category_code, coalesce(p.legal_name, s.name) AS owner_name,
				       c.school_id IS NOT NULL AS of_school, c.status, c.price_fen, c.lesson_minutes, c.updated_at,
				       coalesce((SELECT string_agg(t.name, '、' ORDER BY t.code) FROM course_town_admission ta
				        JOIN town t ON t.id = ta.town_id WHERE ta.course_id = c.id),
				        (SELECT t.name FROM town t WHERE t.id = s.town_id)) AS towns""" + from + where
				+ " ORDER BY c.updated_at DESC, c.id DESC LIMIT :limit OFFSET :offset")
			.param("anchorTown", a.town()).param("anchorProvider", a.provider()).param("anchorSchool", a.school())
			.param("status", status == null ? null : status.name()).param("category", blankToNull(category))
			.param("limit", pageable.getPageSize()).param("offset", pageable.getOffset())
			.query((rs, i) -> new CourseSummary(rs.getLong("id"), rs.getString("name"), rs.getString("category_code"),
					rs.getString("owner_name"), rs.getBoolean("of_school"), CourseStatus.valueOf(rs.getString("status")),
					Money.ofFen(rs.getLong("price_fen")), rs.getInt("lesson_minutes"), rs.getString("towns"),
					rs.getTimestamp("updated_at").toInstant()))
			.list();
		return new PageImpl<>(content, pageable, total);
	}

	/**
	 * A provider lists a new course as a draft.
	 *
	 * @throws IllegalArgumentException for an unknown provider, a category providers may not list, bad sizes or grades
	 */
	@Transactional
	public CourseView createForProvider(long providerId, CourseDetails details) {
		if (providers.find(providerId).isEmpty()) {
			throw new IllegalArgumentException("unknown provider " + providerId);
		}
		validate(details, false);
		long id = insert(details, providerId, null, CourseStatus.DRAFT);
		audit.record(AuditLog.Entry.of("course.create", "course", id).detail("provider " + providerId + ": "
				+ details.name()));
		return find(id).orElseThrow();
	}

	/**
	 * A school lists its own course (basic care, a teacher-led club): no external review, it is approved at once when
	 * its price is within the cap in force for the school's town (the city's for a city-direct school).
	 *
	 * @throws PriceAboveCap when the price is above that cap
	 */
	@Transactional
	public CourseView createForSchool(long schoolId, CourseDetails details) {
		SchoolView school = schools.findSchool(schoolId)
			.orElseThrow(() -> new IllegalArgumentException("unknown school " + schoolId));
		validate(details, true);
		requireDeclaration(details);
		requireWithinCap(details, school.townId());
		long id = insert(details, null, schoolId, CourseStatus.APPROVED);
		audit.record(AuditLog.Entry.of("course.create", "course", id).in(school.townId(), schoolId)
			.detail(details.name() + " " + details.price() + "/" + details.lessonMinutes() + "min"));
		return find(id).orElseThrow();
	}

	/**
	 * Saves a course. A provider changes its course while drafting or correcting it; of an approved course only the
	 * price may be lowered (within the cap of every town it is in). A school changes its own course at any time
	 * before withdrawing it, within the cap.
	 *
	 * @throws IllegalStateException when the course may not be changed so (withdraw it and list a new one)
	 */
	@Transactional
	public CourseView update(long courseId, CourseDetails details) {
		Row row = lock(courseId);
		CourseView current = find(courseId).orElseThrow();
		if (current.ofSchool()) {
			if (row.course().status() == CourseStatus.WITHDRAWN) {
				throw new IllegalStateException("课程已撤回，不能修改 / a withdrawn course cannot be changed");
			}
			validate(details, true);
			requireDeclaration(details);
			requireWithinCap(details, current.schoolTownId());
			write(courseId, details);
			audit.record(AuditLog.Entry.of("course.update", "course", courseId)
				.in(current.schoolTownId(), current.schoolId()));
			return find(courseId).orElseThrow();
		}
		Course course = row.course();
		if (course.status() == CourseStatus.APPROVED && details.withPrice(current.price()).equals(current.details())
				&& current.price().isGreaterThan(details.price())) {
			for (long town : course.activeTowns()) {
				requireWithinCap(details, town);
			}
			write(courseId, details);
			apply(course, course.reprice(), current.price() + " → " + details.price());
			return find(courseId).orElseThrow();
		}
		course.requireEditable();
		validate(details, false);
		write(courseId, details);
		audit.record(AuditLog.Entry.of("course.update", "course", courseId));
		return find(courseId).orElseThrow();
	}

	/**
	 * Submits a provider's course to the pools of the given towns: the provider must be admitted there now, the
	 * course declared non-academic, and its price within the cap in force in every town it goes to.
	 *
	 * @throws IllegalStateException when the provider is not admitted in a town, or the course not editable
	 * @throws PriceAboveCap naming the cap a price breaks
	 * @throws IllegalArgumentException without the declaration or a town
	 */
	@Transactional
	public CourseView submit(long courseId, Collection<Long> townIds) {
		Row row = lock(courseId);
		Course course = row.course();
		if (row.providerId() == null) {
			throw new IllegalStateException("学校自有课程无需提交审核 / a school's own course is not submitted for review");
		}
		course.requireEditable();
		CourseView current = find(courseId).orElseThrow();
		requireDeclaration(current.details());
		Set<Long> admitted = admittedTowns(row.providerId());
		if (admitted.isEmpty()) {
			throw new IllegalStateException(
					"机构尚未获准进入任何镇街的机构库，不能申报课程 / the provider is not admitted to any town's pool, so it cannot submit courses");
		}
		Set<Long> targets = new LinkedHashSet<>(townIds);
		for (long town : targets) {
			if (!admitted.contains(town)) {
				throw new IllegalStateException("机构未获准进入" + townName(town) + "的机构库 / the provider is not admitted in "
						+ townName(town));
			}
		}
		validate(current.details(), false);
		Course.Transition t = course.submit(targets);
		for (long town : course.activeTowns()) {
			requireWithinCap(current.details(), town);
		}
		apply(course, t, null);
		return find(courseId).orElseThrow();
	}

	/**
	 * A town office's decision on a course in its pool: approve (the reviewer confirms the content is not academic
	 * tutoring, and the price must still be within the town's cap in force), reject or return (with a reason).
	 *
	 * @throws AccessDeniedException unless the reviewer is a town office
	 * @throws IllegalStateException when the course is not awaiting this town's review
	 * @throws IllegalArgumentException without a required reason or confirmation
	 */
	@Transactional
	public CourseView review(long courseId, CourseAction action, @Nullable String reason, boolean notAcademicConfirmed,
			Scope reviewer) {
		Long town = reviewer.townId();
		if (reviewer.role() != Role.TOWN_ADMIN || town == null) {
			throw new AccessDeniedException("only a town office reviews courses in its pool");
		}
		Row row = lock(courseId);
		Course course = row.course();
		Course.Transition t = course.decide(action, town, reason);
		if (action == CourseAction.APPROVE) {
			if (!notAcademicConfirmed) {
				throw new IllegalArgumentException(
						"请确认课程内容不属于学科类培训 / confirm that the course is not academic-subject tutoring");
			}
			requireWithinCap(find(courseId).orElseThrow().details(), town);
		}
		apply(course, t, null);
		return find(courseId).orElseThrow();
	}

	/** The owner withdraws the course (from every pool). @throws IllegalStateException when already withdrawn */
	@Transactional
	public CourseView withdraw(long courseId) {
		Row row = lock(courseId);
		Course course = row.course();
		apply(course, course.withdraw(), null);
		return find(courseId).orElseThrow();
	}

	/**
	 * Assigns an instructor of the course's provider, if they may teach today.
	 *
	 * @throws InstructorNotAssignable listing the reasons (in the caller's language)
	 * @throws IllegalArgumentException for an instructor of another provider or a school course
	 * @throws IllegalStateException for a withdrawn course
	 */
	@Transactional
	public CourseView assignInstructor(long courseId, long instructorId) {
		Row row = lock(courseId);
		InstructorView instructor = requireOwnInstructor(row, instructorId);
		Assignability assignability = instructors.assignable(instructorId, FeeCaps.today());
		if (!assignability.assignable()) {
			Locale locale = LocaleContextHolder.getLocale();
			List<String> reasons = assignability.reasons().stream()
				.map(r -> messages.getMessage(r.messageKey(), null, r.name(), locale))
				.toList();
			throw new InstructorNotAssignable(messages.getMessage("courses.instructors.notAssignable",
					new Object[] { instructor.name(), String.join("、", reasons) }, locale), assignability.reasons());
		}
		jdbc.sql("INSERT INTO course_instructor (course_id, instructor_id) VALUES (:c, :i) ON CONFLICT DO NOTHING")
			.param("c", courseId).param("i", instructorId).update();
		touch(courseId);
		audit.record(AuditLog.Entry.of("course.instructor.assign", "course", courseId).detail("instructor " + instructorId));
		return find(courseId).orElseThrow();
	}

	@Transactional
	public CourseView removeInstructor(long courseId, long instructorId) {
		Row row = lock(courseId);
		requireOwnInstructor(row, instructorId);
		int n = jdbc.sql("DELETE FROM course_instructor WHERE course_id = :c AND instructor_id = :i")
			.param("c", courseId).param("i", instructorId).update();
		if (n > 0) {
			touch(courseId);
			audit.record(AuditLog.Entry.of("course.instructor.remove", "course", courseId)
				.detail("instructor " + instructorId));
		}
		return find(courseId).orElseThrow();
	}

	/** Whether the scope owns the course (its provider's or its school's administrator) and so may change it. */
	public static boolean owns(Scope scope, CourseView course) {
		return switch (scope.role()) {
			case PROVIDER_ADMIN -> course.providerId() != null && course.providerId().equals(scope.providerId());
			case SCHOOL_ADMIN -> course.schoolId() != null && course.schoolId().equals(scope.schoolId());
			default -> false;
		};
	}

	/** @throws AccessDeniedException unless the scope owns the course (others may only read it) */
	public CourseView requireOwner(long courseId, Scope scope) {
		CourseView course = find(courseId).orElseThrow(() -> new IllegalArgumentException("unknown course " + courseId));
		if (!owns(scope, course)) {
			throw new AccessDeniedException("only the course's provider or school changes it");
		}
		return course;
	}

	/** The cap in force today for the course's category and lesson length in a town (null: the city's). */
	public Optional<CapInForce> capFor(CourseView course, @Nullable Long townId) {
		return feeCaps.capFor(course.details().categoryCode(), townId, course.details().lessonMinutes(), FeeCaps.today());
	}

	/** The towns where the provider is admitted today (approved, not expired, provider neither suspended nor expelled). */
	public List<TownView> admittedTownsOf(long providerId) {
		return admittedTowns(providerId).stream().map(towns::findTown).flatMap(Optional::stream).toList();
	}

	/**
	 * The courses in scope, not withdrawn, whose price is above the cap in force on {@code date} in a town where
	 * they are admitted or pending (a school's course: the school's town), with that cap.
	 */
	public List<AboveCap> aboveCap(Scope scope, LocalDate date) {
		Optional<Anchors> anchors = Anchors.of(scope);
		if (anchors.isEmpty()) {
			return List.of();
		}
		Anchors a = anchors.get();
		record Candidate(long id, String name, String owner, String category, @Nullable Long town, @Nullable String townName,
				int minutes, Money price) {
		}
		List<Candidate> candidates = jdbc.sql("""
				SELECT c.id, c.name, coalesce(p.legal_name, s.name) AS owner_name, c.category_code, c.lesson_minutes,
				       c.price_fen, coalesce(ta.town_id, s.town_id) AS town_id, t.name AS town_name
				FROM course c LEFT JOIN provider p ON p.id = c.provider_id LEFT JOIN school s ON s.id = c.school_id
				LEFT JOIN course_town_admission ta ON ta.course_id = c.id AND ta.status IN ('APPROVED', 'PENDING')
				LEFT JOIN town t ON t.id = coalesce(ta.town_id, s.town_id)
				WHERE c.status <> 'WITHDRAWN' AND (c.school_id IS NOT NULL OR ta.town_id IS NOT NULL)
				  AND (CAST(:anchorTown AS BIGINT) IS NULL OR coalesce(ta.town_id, s.town_id) = :anchorTown)
				  AND (CAST(:anchorProvider AS BIGINT) IS NULL OR c.provider_id = :anchorProvider)
				  AND (CAST(:anchorSchool AS BIGINT) IS NULL OR c.school_id = :anchorSchool)
				ORDER BY c.id, t.code""")
			.param("anchorTown", a.town()).param("anchorProvider", a.provider()).param("anchorSchool", a.school())
			.query((rs, i) -> new Candidate(rs.getLong("id"), rs.getString("name"), rs.getString("owner_name"),
					rs.getString("category_code"), rs.getObject("town_id", Long.class), rs.getString("town_name"),
					rs.getInt("lesson_minutes"), Money.ofFen(rs.getLong("price_fen"))))
			.list();
		Map<String, Optional<CapInForce>> caps = new HashMap<>();
		List<AboveCap> above = new ArrayList<>();
		for (Candidate c : candidates) {
			Optional<CapInForce> cap = caps.computeIfAbsent(c.category() + "/" + c.town() + "/" + c.minutes(),
					k -> feeCaps.capFor(c.category(), c.town(), c.minutes(), date));
			if (cap.isPresent() && c.price().isGreaterThan(cap.get().amount())) {
				above.add(new AboveCap(c.id(), c.name(), c.owner(), c.town(), c.townName(), c.price(), cap.get()));
			}
		}
		return above;
	}

	private InstructorView requireOwnInstructor(Row row, long instructorId) {
		if (row.providerId() == null) {
			throw new IllegalArgumentException("学校自有课程不安排机构教师 / a school's own course has no provider instructors");
		}
		if (row.course().status() == CourseStatus.WITHDRAWN) {
			throw new IllegalStateException("课程已撤回 / the course is withdrawn");
		}
		InstructorView instructor = instructors.find(instructorId)
			.orElseThrow(() -> new IllegalArgumentException("unknown instructor " + instructorId));
		if (instructor.providerId() != row.providerId()) {
			throw new IllegalArgumentException("只能安排本机构的教师 / only the provider's own instructors teach its courses");
		}
		return instructor;
	}

	private Set<Long> admittedTowns(long providerId) {
		ProviderView provider = providers.find(providerId)
			.orElseThrow(() -> new IllegalArgumentException("unknown provider " + providerId));
		Set<Long> admitted = new LinkedHashSet<>();
		if (provider.status() == ProviderStatus.SUSPENDED || provider.status() == ProviderStatus.EXPELLED) {
			return admitted;
		}
		LocalDate today = FeeCaps.today();
		for (ProviderView.Admission a : provider.admissions()) {
			if (a.status() == AdmissionStatus.APPROVED && (a.validUntil() == null || !a.validUntil().isBefore(today))) {
				admitted.add(a.townId());
			}
		}
		return admitted;
	}

	private void requireWithinCap(CourseDetails details, @Nullable Long townId) {
		FeeCheck check = feeCaps.check(details.categoryCode(), townId, details.lessonMinutes(), details.price());
		if (check instanceof CapExceeded exceeded) {
			CapInForce cap = exceeded.cap();
			String zh;
			String en;
			if (cap.townId() == null) {
				zh = "市级";
				en = "the city";
			}
			else {
				String name = townName(cap.townId());
				zh = name;
				en = name;
			}
			throw new PriceAboveCap(cap, details.price(), zh, en);
		}
	}

	private static void requireDeclaration(CourseDetails details) {
		if (!details.notAcademic()) {
			throw new IllegalArgumentException(
					"请声明本课程不属于学科类培训（不教授新课程内容、不集体补课） / declare that the course is not academic-subject tutoring");
		}
	}

	private void validate(CourseDetails d, boolean school) {
		CourseCategory category = feeCaps.category(d.categoryCode()).filter(CourseCategory::active)
			.orElseThrow(() -> new IllegalArgumentException("unknown course category: " + d.categoryCode()));
		if (!school && category.kind() != CategoryKind.COURSE) {
			throw new IllegalArgumentException("机构课程不能选择该类别 / providers list courses, not " + category.code());
		}
		if (d.name().isBlank() || d.name().length() > 100) {
			throw new IllegalArgumentException("course name: 1 to 100 characters");
		}
		if (d.grades().isEmpty() || d.grades().stream().anyMatch(g -> g == null || g < 1 || g > 9)) {
			throw new IllegalArgumentException("年级须为 1–9 / grades are 1 to 9");
		}
		if (d.lessonMinutes() < 10 || d.lessonMinutes() > 240) {
			throw new IllegalArgumentException("每课时 10–240 分钟 / a lesson lasts 10 to 240 minutes");
		}
		if (d.lessonsPerTerm() < 1 || d.lessonsPerTerm() > 200) {
			throw new IllegalArgumentException("每学期 1–200 课时 / 1 to 200 lessons per term");
		}
		if (d.price().isNegative() || d.materials().isNegative()) {
			throw new IllegalArgumentException("金额不能为负 / amounts may not be negative");
		}
		if (d.minSize() < 1 || d.maxSize() > 500 || d.maxSize() < d.minSize()) {
			throw new IllegalArgumentException("班额：最少 ≥ 1，最多 ≤ 500 且不少于最少人数 / class size: 1 ≤ min ≤ max ≤ 500");
		}
	}

	private long insert(CourseDetails d, @Nullable Long providerId, @Nullable Long schoolId, CourseStatus status) {
		return jdbc.sql("""
				INSERT INTO course (provider_id, school_id, name, category_code, description, grades, lesson_minutes,
				  lessons_per_term, price_fen, materials_fen, min_size, max_size, not_academic, status)
				VALUES (:provider, :school, :name, :category, :description, CAST(:grades AS SMALLINT[]), :minutes,
				  :lessons, :price, :materials, :min, :max, :notAcademic, :status)
				RETURNING id""")
			.param("provider", providerId).param("school", schoolId).param("name", d.name().strip())
			.param("category", d.categoryCode()).param("description", blankToNull(d.description()))
			.param("grades", grades(d)).param("minutes", d.lessonMinutes()).param("lessons", d.lessonsPerTerm())
			.param("price", d.price().fen()).param("materials", d.materials().fen()).param("min", d.minSize())
			.param("max", d.maxSize()).param("notAcademic", d.notAcademic()).param("status", status.name())
			.query(Long.class).single();
	}

	private void write(long courseId, CourseDetails d) {
		jdbc.sql("""
				UPDATE course SET name = :name, category_code = :category, description = :description,
				  grades = CAST(:grades AS SMALLINT[]), lesson_minutes = :minutes, lessons_per_term = :lessons,
				  price_fen = :price, materials_fen = :materials, min_size = :min, max_size = :max,
				  not_academic = :notAcademic, updated_at = now()
				WHERE id = :id""")
			.param("name", d.name().strip()).param("category", d.categoryCode())
			.param("description", blankToNull(d.description())).param("grades", grades(d))
			.param("minutes", d.lessonMinutes()).param("lessons", d.lessonsPerTerm()).param("price", d.price().fen())
			.param("materials", d.materials().fen()).param("min", d.minSize()).param("max", d.maxSize())
			.param("notAcademic", d.notAcademic()).param("id", courseId)
			.update();
	}

	private void touch(long courseId) {
		jdbc.sql("UPDATE course SET updated_at = now() WHERE id = :id").param("id", courseId).update();
	}

	private static Short[] grades(CourseDetails d) {
		return d.grades().stream().distinct().sorted().map(Integer::shortValue).toArray(Short[]::new);
	}

	/** The course's row locked for the transition, as its aggregate. */
	private record Row(Course course, @Nullable Long providerId, @Nullable Long schoolId) {
	}

	private Row lock(long courseId) {
		Row row = jdbc.sql("SELECT status, provider_id, school_id FROM course WHERE id = :id FOR UPDATE")
			.param("id", courseId)
			.query((rs, i) -> new Row(new Course(courseId, CourseStatus.valueOf(rs.getString("status")), Map.of()),
					rs.getObject("provider_id", Long.class), rs.getObject("school_id", Long.class)))
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("unknown course " + courseId));
		Map<Long, AdmissionStatus> admissions = new LinkedHashMap<>();
		jdbc.sql("SELECT town_id, status FROM course_town_admission WHERE course_id = :id ORDER BY town_id")
			.param("id", courseId)
			.query((rs, i) -> admissions.put(rs.getLong("town_id"), AdmissionStatus.valueOf(rs.getString("status"))))
			.list();
		return new Row(new Course(courseId, row.course().status(), admissions), row.providerId(), row.schoolId());
	}

	private void apply(Course course, Course.Transition t, @Nullable String detail) {
		jdbc.sql("UPDATE course SET status = :status, updated_at = now() WHERE id = :id")
			.param("status", course.status().name()).param("id", course.id()).update();
		course.admissions().forEach((town, status) -> jdbc.sql("""
				INSERT INTO course_town_admission (course_id, town_id, status) VALUES (:course, :town, :status)
				ON CONFLICT (course_id, town_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
				WHERE course_town_admission.status <> EXCLUDED.status""")
			.param("course", course.id()).param("town", town).param("status", status.name()).update());
		KehouUser user = CurrentUser.find().orElse(null);
		jdbc.sql("""
				INSERT INTO course_review (course_id, action, from_status, to_status, town_id, reason, reviewer_id,
				                           reviewer_name)
				VALUES (:course, :action, :from, :to, :town, :reason, :reviewer, :reviewerName)""")
			.param("course", course.id()).param("action", t.action().name()).param("from", t.from().name())
			.param("to", t.to().name()).param("town", t.townId()).param("reason", t.reason())
			.param("reviewer", user == null ? null : user.id())
			.param("reviewerName", user == null ? null : user.displayName())
			.update();
		audit.record(AuditLog.Entry.of("course." + t.action().name().toLowerCase(Locale.ROOT), "course", course.id())
			.in(t.townId(), null)
			.detail(t.from() + " → " + t.to() + (t.reason() == null ? "" : ": " + t.reason())
					+ (detail == null ? "" : " " + detail)));
		events.publishEvent(new CourseStatusChanged(course.id(), t.action(), t.from(), t.to(), t.townId()));
	}

	private String townName(long townId) {
		return towns.findTown(townId).map(TownView::name).orElse("#" + townId);
	}

	private CourseView view(ResultSet rs) throws SQLException {
		long id = rs.getLong("id");
		List<CourseView.Admission> admissions = jdbc.sql("""
				SELECT a.town_id, t.name, a.status FROM course_town_admission a JOIN town t ON t.id = a.town_id
				WHERE a.course_id = :id ORDER BY t.code""")
			.param("id", id)
			.query((r, i) -> new CourseView.Admission(r.getLong("town_id"), r.getString("name"),
					AdmissionStatus.valueOf(r.getString("status"))))
			.list();
		List<CourseView.Instructor> teaching = jdbc.sql("""
				SELECT i.id, i.name FROM course_instructor ci JOIN instructor i ON i.id = ci.instructor_id
				WHERE ci.course_id = :id ORDER BY i.name, i.id""")
			.param("id", id)
			.query((r, i) -> new CourseView.Instructor(r.getLong("id"), r.getString("name")))
			.list();
		List<CourseView.Review> reviews = jdbc.sql("""
				SELECT r.action, r.from_status, r.to_status, t.name AS town_name, r.reason, r.reviewer_name, r.at
				FROM course_review r LEFT JOIN town t ON t.id = r.town_id
				WHERE r.course_id = :id ORDER BY r.at DESC, r.id DESC""")
			.param("id", id)
			.query((r, i) -> new CourseView.Review(CourseAction.valueOf(r.getString("action")),
					CourseStatus.valueOf(r.getString("from_status")), CourseStatus.valueOf(r.getString("to_status")),
					r.getString("town_name"), r.getString("reason"), r.getString("reviewer_name"),
					r.getTimestamp("at").toInstant()))
			.list();
		Array array = rs.getArray("grades");
		List<Integer> grades = new ArrayList<>();
		for (Object g : (Object[]) array.getArray()) {
			grades.add(((Number) g).intValue());
		}
		CourseDetails details = new CourseDetails(rs.getString("name"), rs.getString("category_code"),
				rs.getString("description"), grades, rs.getInt("lesson_minutes"), rs.getInt("lessons_per_term"),
				Money.ofFen(rs.getLong("price_fen")), Money.ofFen(rs.getLong("materials_fen")), rs.getInt("min_size"),
				rs.getInt("max_size"), rs.getBoolean("not_academic"));
		return new CourseView(id, rs.getObject("provider_id", Long.class), rs.getString("provider_name"),
				rs.getObject("school_id", Long.class), rs.getString("school_name"),
				rs.getObject("school_town_id", Long.class), details, CourseStatus.valueOf(rs.getString("status")),
				admissions, teaching, reviews, rs.getTimestamp("updated_at").toInstant());
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	/** The scope anchors of course queries; empty for roles that see no courses. */
	private record Anchors(@Nullable Long town, @Nullable Long provider, @Nullable Long school) {

		static Optional<Anchors> of(Scope scope) {
			return switch (scope.role()) {
				case CITY_ADMIN -> Optional.of(new Anchors(null, null, null));
				case TOWN_ADMIN -> Optional.ofNullable(scope.townId()).map(t -> new Anchors(t, null, null));
				case PROVIDER_ADMIN -> Optional.ofNullable(scope.providerId()).map(p -> new Anchors(null, p, null));
				case SCHOOL_ADMIN -> Optional.ofNullable(scope.schoolId()).map(s -> new Anchors(null, null, s));
				default -> Optional.empty();
			};
		}
	}

}
