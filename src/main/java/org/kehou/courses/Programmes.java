package org.kehou.courses;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapInForce;
import org.kehou.catalogue.FeeCaps;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.providers.ProviderStatus;
import org.kehou.providers.Whitelist;
import org.kehou.shared.Money;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schools' term programmes (课程遴选): which courses a school may pick ({@link Selectability}), the selectable list
 * with filters, and adding or removing a course. Callers check scope with the {@code termId} owner; this service
 * trusts the term id it is given.
 */
@Service
@Transactional(readOnly = true)
public class Programmes {

	private static final String COURSE_COLUMNS = """
			c.id, c.name, c.category_code, c.grades, c.provider_id, p.legal_name AS provider_name, c.price_fen,
			c.lesson_minutes, c.lessons_per_term, c.min_size, c.max_size""";

	/**
	 * A course is offered through the whitelist pairs {@code :wp}/{@code :wt} (provider, town): its town approved it
	 * and the provider is whitelisted there today; or it is the school's own approved course.
	 */
	private static final String SELECTABLE_CONDITION = """
			c.status = 'APPROVED' AND (c.school_id = :school OR (c.provider_id IS NOT NULL AND EXISTS (
			  SELECT 1 FROM course_town_admission a
			  JOIN unnest(CAST(:wp AS BIGINT[]), CAST(:wt AS BIGINT[])) AS w(provider_id, town_id)
			    ON w.provider_id = c.provider_id AND w.town_id = a.town_id
			  WHERE a.course_id = c.id AND a.status = 'APPROVED')))""";

	private static final String FILTER_CONDITION = """
			(CAST(:category AS VARCHAR) IS NULL OR c.category_code = :category)
			AND (CAST(:grade AS SMALLINT) IS NULL OR CAST(:grade AS SMALLINT) = ANY(c.grades))
			AND (CAST(:maxPrice AS BIGINT) IS NULL OR c.price_fen <= :maxPrice)
			AND (CAST(:provider AS BIGINT) IS NULL OR c.provider_id = :provider)
			AND (CAST(:q AS VARCHAR) IS NULL OR position(lower(:q) IN lower(c.name)) > 0)""";

	private final JdbcClient jdbc;

	private final Terms terms;

	private final Schools schools;

	private final Whitelist whitelist;

	private final FeeCaps feeCaps;

	private final AuditLog audit;

	Programmes(JdbcClient jdbc, Terms terms, Schools schools, Whitelist whitelist, FeeCaps feeCaps, AuditLog audit) {
		this.jdbc = jdbc;
		this.terms = terms;
		this.schools = schools;
		this.whitelist = whitelist;
		this.feeCaps = feeCaps;
		this.audit = audit;
	}

	/** Today in the city. */
	public static LocalDate today() {
		return LocalDate.now(Terms.CITY_ZONE);
	}

	/** The programme of a term with each entry's availability today. */
	public Programme programme(long termId) {
		Context ctx = context(termId);
		LocalDate today = today();
		Caps caps = new Caps(ctx.townId(), today);
		List<Row> rows = jdbc.sql("SELECT " + COURSE_COLUMNS + """
				, c.status, c.school_id, pc.added_at FROM programme_course pc JOIN course c ON c.id = pc.course_id
				LEFT JOIN provider p ON p.id = c.provider_id
				WHERE pc.term_id = :term ORDER BY pc.added_at, c.id""")
			.param("term", termId)
			.query((rs, i) -> new Row(course(rs, caps), rs.getString("status"), rs.getObject("school_id", Long.class),
					rs.getTimestamp("added_at").toInstant()))
			.list();
		Map<Long, ProviderStatus> statuses = whitelist.statuses(rows.stream()
			.map(r -> r.course().providerId())
			.filter(java.util.Objects::nonNull)
			.toList());
		List<Whitelist.Admitted> admitted = admitted(ctx, today);
		List<ProgrammeEntry> entries = new ArrayList<>();
		for (Row r : rows) {
			SelectableCourse c = r.course();
			ProviderStatus providerStatus = c.providerId() == null ? null : statuses.get(c.providerId());
			Selectability availability = selectability(ctx, c.id(), r.status(), r.schoolId(), c.providerId(),
					providerStatus, admitted);
			if (availability.selectable() && c.aboveCap()) {
				availability = Selectability.PRICE_ABOVE_CAP;
			}
			entries.add(new ProgrammeEntry(c.id(), c.name(), c.categoryCode(), c.grades(), c.providerId(),
					c.providerName(), c.price(), c.lessonMinutes(), c.lessonsPerTerm(), c.minSize(), c.maxSize(), c.cap(),
					r.status(), providerStatus, availability, r.addedAt()));
		}
		return new Programme(termId, ctx.term().name(), ctx.school().id(), ctx.school().name(), ctx.townId(),
				ctx.term().isClosed(), entries);
	}

	/** The courses the term's school may pick today, filtered, by category and name. */
	public Page<SelectableCourse> selectable(long termId, CourseFilter filter, Pageable pageable) {
		Context ctx = context(termId);
		LocalDate today = today();
		List<Whitelist.Admitted> admitted = admitted(ctx, today);
		Long[] wp = admitted.stream().map(Whitelist.Admitted::providerId).toArray(Long[]::new);
		Long[] wt = admitted.stream().map(Whitelist.Admitted::townId).toArray(Long[]::new);
		String where = " WHERE " + SELECTABLE_CONDITION + " AND " + FILTER_CONDITION;
		long total = bind(jdbc.sql("SELECT count(*) FROM course c" + where), ctx, wp, wt, filter)
			.query(Long.class)
			.single();
		if (total == 0) {
			return Page.empty(pageable);
		}
		Caps caps = new Caps(ctx.townId(), today);
		List<SelectableCourse> content = bind(jdbc.sql("SELECT " + COURSE_COLUMNS + """
				, EXISTS (SELECT 1 FROM programme_course pc WHERE pc.term_id = :term AND pc.course_id = c.id)
				  AS in_programme
				FROM course c LEFT JOIN provider p ON p.id = c.provider_id JOIN course_category k ON k.code = c.category_code
				""" + where + " ORDER BY k.sort, c.name, c.id LIMIT :limit OFFSET :offset"), ctx, wp, wt, filter)
			.param("term", termId)
			.param("limit", pageable.getPageSize())
			.param("offset", pageable.getOffset())
			.query((rs, i) -> course(rs, caps))
			.list();
		return new PageImpl<>(content, pageable, total);
	}

	/** Whether the term's school may pick the course today, and if not why. */
	public Selectability selectability(long termId, long courseId) {
		Context ctx = context(termId);
		return selectability(ctx, courseId, admitted(ctx, today()));
	}

	/**
	 * Adds a selectable course to the term's programme.
	 *
	 * @throws ProgrammeRefused (409) when the course is not selectable (the reason says why), already in the
	 * programme, or the term is closed
	 * @throws IllegalArgumentException for an unknown course
	 */
	@Transactional
	public ProgrammeEntry add(long termId, long courseId) {
		Context ctx = context(termId);
		requireOpen(ctx);
		// hold the provider's row against a concurrent suspension or expulsion until this insert commits
		jdbc.sql("SELECT provider_id FROM course WHERE id = :id AND provider_id IS NOT NULL")
			.param("id", courseId)
			.query((rs, i) -> rs.getLong("provider_id"))
			.list()
			.forEach(whitelist::lockStatus);
		Selectability s = selectability(ctx, courseId, admitted(ctx, today()));
		if (!s.selectable()) {
			throw new ProgrammeRefused(ProgrammeRefused.Reason.of(s), "course " + courseId + " cannot be picked: " + s);
		}
		KehouUser user = CurrentUser.find().orElse(null);
		int inserted = jdbc.sql("""
				INSERT INTO programme_course (term_id, course_id, added_by) VALUES (:term, :course, :user)
				ON CONFLICT (term_id, course_id) DO NOTHING""")
			.param("term", termId)
			.param("course", courseId)
			.param("user", user == null ? null : user.id())
			.update();
		if (inserted == 0) {
			throw new ProgrammeRefused(ProgrammeRefused.Reason.ALREADY_IN_PROGRAMME,
					"course " + courseId + " is already in the programme");
		}
		audit.record(AuditLog.Entry.of("programme.add", "course", courseId)
			.in(ctx.townId(), ctx.school().id())
			.detail("term " + termId));
		return programme(termId).entries()
			.stream()
			.filter(e -> e.courseId() == courseId)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Removes a course from the term's programme.
	 *
	 * @return false when it was not in the programme
	 * @throws ProgrammeRefused (409) when the term is closed
	 */
	@Transactional
	public boolean remove(long termId, long courseId) {
		Context ctx = context(termId);
		requireOpen(ctx);
		int deleted;
		try {
			deleted = jdbc.sql("DELETE FROM programme_course WHERE term_id = :term AND course_id = :course")
				.param("term", termId)
				.param("course", courseId)
				.update();
		}
		catch (DataIntegrityViolationException e) {
			// the selection module's offerings refer to the entry (constraint offering_in_programme)
			throw new ProgrammeRefused(ProgrammeRefused.Reason.HAS_OFFERINGS,
					"course " + courseId + " has offerings in term " + termId);
		}
		if (deleted == 0) {
			return false;
		}
		audit.record(AuditLog.Entry.of("programme.remove", "course", courseId)
			.in(ctx.townId(), ctx.school().id())
			.detail("term " + termId));
		return true;
	}

	/** The providers with a course in the selectable list of the term (for the provider filter), by name. */
	public Map<Long, String> selectableProviders(long termId) {
		Context ctx = context(termId);
		List<Whitelist.Admitted> admitted = admitted(ctx, today());
		Map<Long, String> providers = new java.util.LinkedHashMap<>();
		jdbc.sql("SELECT DISTINCT p.id, p.legal_name FROM course c JOIN provider p ON p.id = c.provider_id WHERE "
				+ SELECTABLE_CONDITION + " ORDER BY p.legal_name, p.id")
			.param("school", ctx.school().id())
			.param("wp", admitted.stream().map(Whitelist.Admitted::providerId).toArray(Long[]::new))
			.param("wt", admitted.stream().map(Whitelist.Admitted::townId).toArray(Long[]::new))
			.query((rs, i) -> providers.put(rs.getLong("id"), rs.getString("legal_name")))
			.list();
		return providers;
	}

	private record Context(TermView term, SchoolView school) {

		@Nullable
		Long townId() {
			return school.townId();
		}
	}

	private record Row(SelectableCourse course, String status, @Nullable Long schoolId, java.time.Instant addedAt) {
	}

	private Context context(long termId) {
		TermView term = terms.findTerm(termId).orElseThrow(() -> new IllegalArgumentException("unknown term " + termId));
		SchoolView school = schools.findSchool(term.schoolId()).orElseThrow();
		return new Context(term, school);
	}

	private static void requireOpen(Context ctx) {
		if (ctx.term().isClosed()) {
			throw new ProgrammeRefused(ProgrammeRefused.Reason.TERM_CLOSED, "the term is closed");
		}
	}

	/** The whitelist pairs that count for the school: its town's, or every town's for a city-direct school. */
	private List<Whitelist.Admitted> admitted(Context ctx, LocalDate date) {
		Long town = ctx.townId();
		if (town == null) {
			return whitelist.admitted(date);
		}
		return whitelist.admittedProviderIds(town, date).stream().map(p -> new Whitelist.Admitted(p, town)).toList();
	}

	private Selectability selectability(Context ctx, long courseId, List<Whitelist.Admitted> admitted) {
		record Course(String status, @Nullable Long schoolId, @Nullable Long providerId, String category, int minutes,
				Money price) {
		}
		Course c = jdbc.sql("""
				SELECT status, school_id, provider_id, category_code, lesson_minutes, price_fen FROM course
				WHERE id = :id""")
			.param("id", courseId)
			.query((rs, i) -> new Course(rs.getString("status"), rs.getObject("school_id", Long.class),
					rs.getObject("provider_id", Long.class), rs.getString("category_code"), rs.getInt("lesson_minutes"),
					Money.ofFen(rs.getLong("price_fen"))))
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("unknown course " + courseId));
		ProviderStatus providerStatus = c.providerId() == null ? null
				: whitelist.status(c.providerId()).orElse(null);
		Selectability s = selectability(ctx, courseId, c.status(), c.schoolId(), c.providerId(), providerStatus,
				admitted);
		if (s.selectable() && !feeCaps.check(c.category(), ctx.townId(), c.minutes(), c.price(), today()).ok()) {
			return Selectability.PRICE_ABOVE_CAP;
		}
		return s;
	}

	private Selectability selectability(Context ctx, long courseId, String status, @Nullable Long schoolId,
			@Nullable Long providerId, @Nullable ProviderStatus providerStatus, List<Whitelist.Admitted> admitted) {
		if (schoolId != null) {
			if (schoolId != ctx.school().id()) {
				return Selectability.OTHER_SCHOOLS_COURSE;
			}
			return "APPROVED".equals(status) ? Selectability.SELECTABLE : Selectability.COURSE_NOT_APPROVED;
		}
		if (providerStatus == ProviderStatus.EXPELLED) {
			return Selectability.PROVIDER_EXPELLED;
		}
		if (providerStatus == ProviderStatus.SUSPENDED) {
			return Selectability.PROVIDER_SUSPENDED;
		}
		if (!"APPROVED".equals(status)) {
			return Selectability.COURSE_NOT_APPROVED;
		}
		List<Long> towns = admitted.stream().filter(a -> providerId != null && a.providerId() == providerId)
			.map(Whitelist.Admitted::townId)
			.toList();
		if (towns.isEmpty()) {
			return Selectability.PROVIDER_NOT_ADMITTED;
		}
		boolean approvedInTown = jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM course_town_admission WHERE course_id = :course AND status = 'APPROVED'
				               AND town_id = ANY(:towns))""")
			.param("course", courseId)
			.param("towns", towns.toArray(Long[]::new))
			.query(Boolean.class)
			.single();
		return approvedInTown ? Selectability.SELECTABLE : Selectability.COURSE_NOT_APPROVED_IN_TOWN;
	}

	private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Context ctx, Long[] wp, Long[] wt,
			CourseFilter filter) {
		return spec.param("school", ctx.school().id())
			.param("wp", wp)
			.param("wt", wt)
			.param("category", filter.category())
			.param("grade", filter.grade())
			.param("maxPrice", filter.maxPrice() == null ? null : filter.maxPrice().fen())
			.param("provider", filter.providerId())
			.param("q", filter.q());
	}

	private SelectableCourse course(ResultSet rs, Caps caps) throws SQLException {
		String category = rs.getString("category_code");
		int minutes = rs.getInt("lesson_minutes");
		boolean inProgramme = hasColumn(rs, "in_programme") && rs.getBoolean("in_programme");
		return new SelectableCourse(rs.getLong("id"), rs.getString("name"), category, grades(rs.getArray("grades")),
				rs.getObject("provider_id", Long.class), rs.getString("provider_name"), Money.ofFen(rs.getLong("price_fen")),
				minutes, rs.getInt("lessons_per_term"), rs.getInt("min_size"), rs.getInt("max_size"),
				caps.capFor(category, minutes), inProgramme);
	}

	private static boolean hasColumn(ResultSet rs, String column) throws SQLException {
		var meta = rs.getMetaData();
		for (int i = 1; i <= meta.getColumnCount(); i++) {
			if (column.equalsIgnoreCase(meta.getColumnLabel(i))) {
				return true;
			}
		}
		return false;
	}

	private static List<Integer> grades(@Nullable Array array) throws SQLException {
		if (array == null) {
			return List.of();
		}
		List<Integer> grades = new ArrayList<>();
		for (Object o : (Object[]) array.getArray()) {
			grades.add(((Number) o).intValue());
		}
		return grades;
	}

	/** The caps in force for the school's town, looked up once per category and lesson length. */
	private final class Caps {

		private final @Nullable Long townId;

		private final LocalDate date;

		private final Map<String, Optional<CapInForce>> known = new HashMap<>();

		Caps(@Nullable Long townId, LocalDate date) {
			this.townId = townId;
			this.date = date;
		}

		@Nullable
		CapInForce capFor(String category, int minutes) {
			return known.computeIfAbsent(category + "/" + minutes,
					k -> feeCaps.capFor(category, townId, minutes, date))
				.orElse(null);
		}
	}
}
