package org.kehou.selection;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapInForce;
import org.kehou.catalogue.CategoryKind;
import org.kehou.catalogue.FeeCaps;
import org.kehou.catalogue.FeeCheck;
import org.kehou.courses.CourseView;
import org.kehou.courses.Courses;
import org.kehou.courses.ProgrammeEntry;
import org.kehou.courses.Programmes;
import org.kehou.courses.Selectability;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.organisation.SchoolClassView;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.people.Staff;
import org.kehou.people.StaffView;
import org.kehou.providers.Assignability;
import org.kehou.providers.InstructorView;
import org.kehou.providers.Instructors;
import org.kehou.providers.Whitelist;
import org.kehou.shared.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A school's offerings (开班) of a term: create, change, publish and cancel, lists and the weekly timetable.
 * Callers check scope with the {@code termId} / {@code offeringId} owners; this service trusts the ids it is given.
 * <p>
 * The same venue or teacher at overlapping times is refused by the database (exclusion constraints over the slot
 * rows, see {@code V2_9_1__offerings.sql}), never by check-then-insert; the violation is turned into an
 * {@link OfferingConflict} naming the other offering after the transaction rolled back. Every change is audited in
 * its transaction ({@code offering.create|update|publish|cancel}).
 */
@Service
public class Offerings {

	private static final String VENUE_CONSTRAINT = "offering_slot_venue_free";

	private static final String TEACHER_CONSTRAINT = "offering_teacher_free";

	/** A child's held places never overlap (V2_9_3); new times of an offering may not make them. */
	private static final String PLACES_CONSTRAINT = "place_no_overlap";

	private static final String COLUMNS = """
			o.id, o.term_id, o.school_id, o.course_id, o.provider_id, p.legal_name AS provider_name, o.name, o.kind,
			o.category_code, o.venue, o.min_capacity, o.capacity, o.taken, o.grades, o.class_ids, o.days_choosable,
			o.fee_per_lesson_fen, o.lesson_minutes, o.lesson_count, o.status, o.version""";

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final TransactionTemplate readTx;

	private final Terms terms;

	private final Schools schools;

	private final Courses courses;

	private final Programmes programmes;

	private final Whitelist whitelist;

	private final Instructors instructors;

	private final Staff staff;

	private final FeeCaps feeCaps;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final SelectionProperties properties;

	Offerings(JdbcClient jdbc, PlatformTransactionManager transactions, Terms terms, Schools schools, Courses courses,
			Programmes programmes, Whitelist whitelist, Instructors instructors, Staff staff, FeeCaps feeCaps,
			AuditLog audit, ApplicationEventPublisher events, SelectionProperties properties) {
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.readTx = new TransactionTemplate(transactions);
		this.readTx.setReadOnly(true);
		this.terms = terms;
		this.schools = schools;
		this.courses = courses;
		this.programmes = programmes;
		this.whitelist = whitelist;
		this.instructors = instructors;
		this.staff = staff;
		this.feeCaps = feeCaps;
		this.audit = audit;
		this.events = events;
		this.properties = properties;
	}

	/** Today in the city. */
	public static LocalDate today() {
		return LocalDate.now(Terms.CITY_ZONE);
	}

	// --- reading -------------------------------------------------------------------------------------------------

	/** The term's offerings, filtered, drafts and published ones first, by name. */
	public Page<OfferingView> list(long termId, OfferingFilter filter, Pageable pageable) {
		String where = """
				 WHERE o.term_id = :term
				AND (CAST(:status AS VARCHAR) IS NULL OR o.status = :status)
				AND (CAST(:category AS VARCHAR) IS NULL OR o.category_code = :category)
				AND (CAST(:grade AS SMALLINT) IS NULL OR CAST(:grade AS SMALLINT) = ANY(o.grades))
				AND (CAST(:weekday AS SMALLINT) IS NULL OR EXISTS (SELECT 1 FROM offering_slot s
				     WHERE s.offering_id = o.id AND s.weekday = CAST(:weekday AS SMALLINT)))""";
		return readTx.execute(status -> {
			long total = bind(jdbc.sql("SELECT count(*) FROM offering o" + where), termId, filter).query(Long.class)
				.single();
			if (total == 0) {
				return Page.<OfferingView>empty(pageable);
			}
			List<OfferingView> rows = views(bind(jdbc.sql("SELECT " + COLUMNS
					+ " FROM offering o LEFT JOIN provider p ON p.id = o.provider_id" + where
					+ " ORDER BY o.status = 'CANCELLED', o.name, o.id LIMIT :limit OFFSET :offset"), termId, filter)
				.param("limit", pageable.getPageSize())
				.param("offset", pageable.getOffset()));
			return new PageImpl<>(rows, pageable, total);
		});
	}

	/** Every offering of the term that is not cancelled, for the weekly grid. */
	public List<OfferingView> timetable(long termId) {
		return readTx.execute(status -> views(jdbc.sql("SELECT " + COLUMNS
				+ " FROM offering o LEFT JOIN provider p ON p.id = o.provider_id"
				+ " WHERE o.term_id = :term AND o.status <> 'CANCELLED' ORDER BY o.name, o.id").param("term", termId)));
	}

	public Optional<OfferingView> find(long offeringId) {
		return readTx.execute(status -> views(jdbc.sql("SELECT " + COLUMNS
				+ " FROM offering o LEFT JOIN provider p ON p.id = o.provider_id WHERE o.id = :id").param("id", offeringId))
			.stream()
			.findFirst());
	}

	/** The term's school's service window with the configured off-work time. */
	public ServiceWindow window(long termId) {
		return window(context(termId).school());
	}

	// --- changing ------------------------------------------------------------------------------------------------

	/**
	 * Plans a draft offering of a programme course in the term.
	 *
	 * @throws OfferingInvalid (400) bad details or an unknown course
	 * @throws OfferingRefused (409) closed term, a course not in the programme or no longer offerable, an instructor
	 * who may not teach, a fee above the cap
	 * @throws OfferingConflict (409) the venue or a teacher is taken at an overlapping time
	 */
	public OfferingView create(long termId, long courseId, OfferingDetails details) {
		AtomicReference<@Nullable Offering> attempt = new AtomicReference<>();
		long id = guarded(attempt, null, () -> {
			Context ctx = context(termId);
			requireOpen(ctx);
			CourseView course = course(courseId);
			CourseFacts facts = facts(course);
			requireOfferable(ctx, facts);
			Offering offering = Offering.plan(termId, ctx.school().id(), facts, details, window(ctx.school()));
			attempt.set(offering);
			checkClasses(ctx, offering);
			checkTeachers(ctx, course, offering.teachers());
			checkFee(ctx, offering);
			KehouUser user = CurrentUser.find().orElse(null);
			long newId = jdbc.sql("""
					INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
					  min_capacity, capacity, grades, class_ids, days_choosable, fee_per_lesson_fen, lesson_minutes,
					  lesson_count, status, created_by)
					VALUES (:term, :school, :course, :provider, :name, :kind, :category, :venue, :min, :capacity,
					  CAST(:grades AS SMALLINT[]), CAST(:classes AS BIGINT[]), :choosable, :fee, :minutes, :lessons,
					  'DRAFT', :user) RETURNING id""")
				.param("term", termId)
				.param("school", ctx.school().id())
				.param("course", courseId)
				.param("provider", offering.providerId())
				.param("name", offering.name())
				.param("kind", offering.kind().name())
				.param("category", offering.categoryCode())
				.param("venue", offering.venue())
				.param("min", offering.minCapacity())
				.param("capacity", offering.capacity())
				.param("grades", offering.grades().toArray(Integer[]::new))
				.param("classes", offering.classIds().toArray(Long[]::new))
				.param("choosable", offering.daysChoosable())
				.param("fee", offering.feePerLesson().fen())
				.param("minutes", offering.lessonMinutes())
				.param("lessons", offering.lessonCount())
				.param("user", user == null ? null : user.id())
				.query(Long.class)
				.single();
			writeTimetable(newId, ctx, offering);
			audit.record(AuditLog.Entry.of("offering.create", "offering", newId)
				.in(ctx.school().townId(), ctx.school().id())
				.detail("term " + termId + ", course " + courseId + ", " + offering.name()));
			return newId;
		});
		return find(id).orElseThrow();
	}

	/**
	 * Changes a draft or published offering (not its course, fee or number of lessons).
	 *
	 * @throws OfferingRefused (409) cancelled, closed term, an instructor who may not teach
	 * @throws OfferingConflict (409) the venue or a teacher is taken at an overlapping time
	 */
	public OfferingView update(long offeringId, OfferingDetails details) {
		return update(offeringId, details, null);
	}

	/**
	 * Changes an offering if it is still at {@code expectedVersion} (null: whatever its version), so that two
	 * administrators editing at once do not overwrite each other: the second gets 409 {@code changedMeanwhile}.
	 */
	public OfferingView update(long offeringId, OfferingDetails details, @Nullable Integer expectedVersion) {
		AtomicReference<@Nullable Offering> attempt = new AtomicReference<>();
		guarded(attempt, offeringId, () -> {
			Offering offering = load(offeringId);
			if (expectedVersion != null && expectedVersion != offering.version()) {
				throw new OfferingRefused("changedMeanwhile");
			}
			Context ctx = context(offering.termId());
			requireOpen(ctx);
			CourseView course = course(offering.courseId());
			offering.revise(facts(course), details, window(ctx.school()));
			attempt.set(offering);
			checkClasses(ctx, offering);
			checkTeachers(ctx, course, offering.teachers());
			jdbc.sql("""
					UPDATE offering SET name = :name, venue = :venue, min_capacity = :min, capacity = :capacity,
					  grades = CAST(:grades AS SMALLINT[]), class_ids = CAST(:classes AS BIGINT[]),
					  days_choosable = :choosable, version = version + 1, updated_at = now()
					WHERE id = :id""")
				.param("id", offeringId)
				.param("name", offering.name())
				.param("venue", offering.venue())
				.param("min", offering.minCapacity())
				.param("capacity", offering.capacity())
				.param("grades", offering.grades().toArray(Integer[]::new))
				.param("classes", offering.classIds().toArray(Long[]::new))
				.param("choosable", offering.daysChoosable())
				.update();
			jdbc.sql("DELETE FROM offering_teacher_slot WHERE offering_id = :id").param("id", offeringId).update();
			jdbc.sql("DELETE FROM offering_teacher WHERE offering_id = :id").param("id", offeringId).update();
			jdbc.sql("DELETE FROM offering_slot WHERE offering_id = :id").param("id", offeringId).update();
			writeTimetable(offeringId, ctx, offering);
			// the children's places follow the new times; the database refuses a change that makes two overlap
			jdbc.sql("""
					UPDATE place SET busy = place_busy(offering_id, days)
					WHERE offering_id = :id AND status IN ('CONFIRMED', 'OFFERED', 'WAITLISTED')""")
				.param("id", offeringId)
				.update();
			events.publishEvent(new OfferingRevised(offeringId, offering.termId(), offering.schoolId()));
			audit.record(AuditLog.Entry.of("offering.update", "offering", offeringId)
				.in(ctx.school().townId(), ctx.school().id())
				.detail("term " + offering.termId() + ", " + offering.name()));
			return offeringId;
		});
		return find(offeringId).orElseThrow();
	}

	/**
	 * Publishes a draft for the selection rounds, after checking again that the course can still be offered, its
	 * instructors may still teach and its fee is within the cap in force.
	 */
	public OfferingView publish(long offeringId) {
		tx.executeWithoutResult(status -> {
			Offering offering = load(offeringId);
			Context ctx = context(offering.termId());
			requireOpen(ctx);
			CourseView course = course(offering.courseId());
			requireOfferable(ctx, facts(course));
			offering.publish();
			checkTeachers(ctx, course, offering.teachers());
			checkFee(ctx, offering);
			setStatus(offeringId, OfferingStatus.PUBLISHED);
			audit.record(AuditLog.Entry.of("offering.publish", "offering", offeringId)
				.in(ctx.school().townId(), ctx.school().id())
				.detail("term " + offering.termId() + ", " + offering.name()));
			events.publishEvent(new OfferingPublished(offeringId, offering.termId(), offering.schoolId()));
		});
		return find(offeringId).orElseThrow();
	}

	/** Cancels an offering (final): its venue and teachers' times become free. */
	public OfferingView cancel(long offeringId) {
		tx.executeWithoutResult(status -> {
			Offering offering = load(offeringId);
			Context ctx = context(offering.termId());
			requireOpen(ctx);
			offering.cancel();
			setStatus(offeringId, OfferingStatus.CANCELLED);
			jdbc.sql("UPDATE offering_slot SET active = FALSE WHERE offering_id = :id").param("id", offeringId).update();
			jdbc.sql("UPDATE offering_teacher_slot SET active = FALSE WHERE offering_id = :id")
				.param("id", offeringId)
				.update();
			audit.record(AuditLog.Entry.of("offering.cancel", "offering", offeringId)
				.in(ctx.school().townId(), ctx.school().id())
				.detail("term " + offering.termId() + ", " + offering.name()));
			events.publishEvent(new OfferingCancelled(offeringId, offering.termId(), offering.schoolId()));
		});
		return find(offeringId).orElseThrow();
	}

	// --- rules that need other modules ---------------------------------------------------------------------------

	private record Context(TermView term, SchoolView school) {
	}

	private Context context(long termId) {
		TermView term = terms.findTerm(termId).orElseThrow(() -> new IllegalArgumentException("unknown term " + termId));
		SchoolView school = schools.findSchool(term.schoolId()).orElseThrow();
		return new Context(term, school);
	}

	private ServiceWindow window(SchoolView school) {
		return new ServiceWindow(school.serviceStarts(), school.serviceEnds(), properties.offWork());
	}

	private static void requireOpen(Context ctx) {
		if (ctx.term().isClosed()) {
			throw new OfferingRefused("termClosed");
		}
	}

	private CourseView course(long courseId) {
		return courses.find(courseId).orElseThrow(() -> new OfferingInvalid("courseId", "unknownCourse", courseId));
	}

	private CourseFacts facts(CourseView c) {
		var d = c.details();
		OfferingKind kind = feeCaps.category(d.categoryCode())
			.map(k -> k.kind() == CategoryKind.BASIC_CARE ? OfferingKind.BASIC_CARE : OfferingKind.COURSE)
			.orElse(OfferingKind.COURSE);
		return new CourseFacts(c.id(), c.providerId(), d.name(), d.categoryCode(), kind, d.grades(), d.minSize(),
				d.maxSize(), d.price(), d.lessonMinutes(), d.lessonsPerTerm());
	}

	/**
	 * The course must be in the term's programme and selectable today (invariant 4: its provider admitted, not
	 * suspended or expelled). The provider's row is share-locked first, so a concurrent suspension either commits
	 * before this check or waits for this transaction.
	 */
	private void requireOfferable(Context ctx, CourseFacts course) {
		if (course.providerId() != null) {
			whitelist.lockStatus(course.providerId());
		}
		Optional<ProgrammeEntry> entry = programmes.programme(ctx.term().id())
			.entries()
			.stream()
			.filter(e -> e.courseId() == course.id())
			.findFirst();
		if (entry.isEmpty()) {
			throw new OfferingRefused("notInProgramme", course.name());
		}
		Selectability s = entry.get().availability();
		// a price above the cap is refused by checkFee, whose message names the cap and its source
		if (!s.selectable() && s != Selectability.PRICE_ABOVE_CAP) {
			throw new OfferingRefused("notOfferable", course.name(),
					new DefaultMessageSourceResolvable("programme.availability." + s.name()));
		}
	}

	/** Basic care for classes: each class must be of the school and of one of the eligible grades. */
	private void checkClasses(Context ctx, Offering offering) {
		if (offering.classIds().isEmpty()) {
			return;
		}
		Map<Long, SchoolClassView> classes = new HashMap<>();
		schools.classesOf(ctx.school().id()).forEach(c -> classes.put(c.id(), c));
		for (Long id : offering.classIds()) {
			SchoolClassView c = classes.get(id);
			if (c == null) {
				throw new OfferingInvalid("classIds", "classNotOfSchool", id);
			}
			if (!offering.grades().contains(c.gradeLevel())) {
				throw new OfferingInvalid("classIds", "classNotOfGrades", c.name());
			}
		}
	}

	/**
	 * Instructors must teach the course and be assignable (invariant 4) today and, for a term still to come, on its
	 * first day; staff must be active staff of the school.
	 */
	private void checkTeachers(Context ctx, CourseView course, List<TeacherRef> teachers) {
		Set<Long> ofCourse = new java.util.HashSet<>();
		course.instructors().forEach(i -> ofCourse.add(i.id()));
		Set<LocalDate> dates = new LinkedHashSet<>();
		dates.add(today());
		if (ctx.term().startsOn().isAfter(today())) {
			dates.add(ctx.term().startsOn());
		}
		for (TeacherRef t : teachers) {
			if (t.instructorId() != null) {
				long id = t.instructorId();
				InstructorView instructor = instructors.find(id)
					.filter(i -> course.providerId() != null && i.providerId() == course.providerId())
					.orElseThrow(() -> new OfferingInvalid("teachers", "unknownInstructor", id));
				if (!ofCourse.contains(id)) {
					throw new OfferingRefused("instructorNotOnCourse", instructor.name());
				}
				for (LocalDate date : dates) {
					Assignability a = instructors.assignable(id, date);
					if (!a.assignable()) {
						throw new OfferingRefused("instructorNotAssignable", instructor.name(), date,
								new DefaultMessageSourceResolvable(a.reasons().get(0).messageKey()));
					}
				}
			}
			else {
				long id = java.util.Objects.requireNonNull(t.staffId());
				StaffView member = staff.find(id)
					.filter(s -> s.schoolId() == ctx.school().id())
					.orElseThrow(() -> new OfferingInvalid("teachers", "unknownStaff", id));
				if (!member.active()) {
					throw new OfferingRefused("staffInactive", member.name());
				}
			}
		}
	}

	/** The fee per lesson never above the cap in force for the school's town (invariant 3). */
	private void checkFee(Context ctx, Offering offering) {
		Long town = ctx.school().townId();
		Optional<CapInForce> cap = feeCaps.capFor(offering.categoryCode(), town, offering.lessonMinutes(), today());
		if (cap.isEmpty()) {
			if (offering.feePerLesson().fen() > 0) {
				throw new OfferingRefused("noCap", offering.feePerLesson());
			}
			return;
		}
		FeeCheck check = feeCaps.check(offering.categoryCode(), town, offering.lessonMinutes(),
				offering.feePerLesson());
		if (!check.ok()) {
			throw new OfferingRefused("feeAboveCap", offering.feePerLesson(), check.cap().amount(),
					check.cap().source());
		}
	}

	// --- persistence ---------------------------------------------------------------------------------------------

	private Offering load(long offeringId) {
		return jdbc.sql("SELECT * FROM offering WHERE id = :id FOR UPDATE")
			.param("id", offeringId)
			.query((rs, i) -> new Offering(rs.getLong("id"), rs.getLong("term_id"), rs.getLong("school_id"),
					rs.getLong("course_id"), rs.getObject("provider_id", Long.class), OfferingKind.valueOf(rs.getString("kind")),
					rs.getString("category_code"), Money.ofFen(rs.getLong("fee_per_lesson_fen")), rs.getInt("lesson_minutes"),
					rs.getInt("lesson_count"), rs.getInt("taken"), rs.getInt("version"), rs.getString("name"),
					rs.getString("venue"), rs.getInt("min_capacity"), rs.getInt("capacity"), SqlArrays.ints(rs.getArray("grades")),
					SqlArrays.longs(rs.getArray("class_ids")), rs.getBoolean("days_choosable"), slotsOf(rs.getLong("id")),
					teachersOf(rs.getLong("id")), OfferingStatus.valueOf(rs.getString("status"))))
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("unknown offering " + offeringId));
	}

	private List<Slot> slotsOf(long offeringId) {
		return jdbc.sql("SELECT weekday, starts_at, ends_at FROM offering_slot WHERE offering_id = :id")
			.param("id", offeringId)
			.query((rs, i) -> new Slot(rs.getInt("weekday"), rs.getObject("starts_at", LocalTime.class),
					rs.getObject("ends_at", LocalTime.class)))
			.list();
	}

	private List<TeacherRef> teachersOf(long offeringId) {
		return jdbc.sql("SELECT instructor_id, staff_id FROM offering_teacher WHERE offering_id = :id ORDER BY teacher_key")
			.param("id", offeringId)
			.query((rs, i) -> new TeacherRef(rs.getObject("instructor_id", Long.class), rs.getObject("staff_id", Long.class)))
			.list();
	}

	private void setStatus(long offeringId, OfferingStatus status) {
		jdbc.sql("UPDATE offering SET status = :s, version = version + 1, updated_at = now() WHERE id = :id")
			.param("s", status.name())
			.param("id", offeringId)
			.update();
	}

	/** The slot rows, teachers and (teacher, slot) rows the conflict constraints look at. */
	private void writeTimetable(long offeringId, Context ctx, Offering offering) {
		boolean active = offering.status() != OfferingStatus.CANCELLED;
		String venueKey = Offering.venueKey(offering.venue());
		for (Slot s : offering.slots()) {
			jdbc.sql("""
					INSERT INTO offering_slot (offering_id, term_id, venue_key, weekday, starts_at, ends_at, active)
					VALUES (:o, :t, :v, :w, :s, :e, :a)""")
				.param("o", offeringId).param("t", ctx.term().id()).param("v", venueKey).param("w", s.weekday())
				.param("s", s.starts()).param("e", s.ends()).param("a", active)
				.update();
		}
		for (TeacherRef t : offering.teachers()) {
			jdbc.sql("""
					INSERT INTO offering_teacher (offering_id, teacher_key, instructor_id, staff_id)
					VALUES (:o, :k, :i, :s)""")
				.param("o", offeringId).param("k", t.key()).param("i", t.instructorId()).param("s", t.staffId())
				.update();
			for (Slot s : offering.slots()) {
				jdbc.sql("""
						INSERT INTO offering_teacher_slot (offering_id, teacher_key, term_dates, weekday, starts_at, ends_at,
						  active)
						VALUES (:o, :k, daterange(:from, :to, '[]'), :w, :s, :e, :a)""")
					.param("o", offeringId).param("k", t.key()).param("from", ctx.term().startsOn())
					.param("to", ctx.term().endsOn()).param("w", s.weekday()).param("s", s.starts())
					.param("e", s.ends()).param("a", active)
					.update();
			}
		}
	}

	/**
	 * Runs a change in its own transaction; when an exclusion constraint refuses it, the transaction has rolled back
	 * and the offering that holds the venue or teacher is looked up to name it.
	 */
	private long guarded(AtomicReference<@Nullable Offering> attempt, @Nullable Long self, Supplier<Long> work) {
		try {
			return java.util.Objects.requireNonNull(tx.execute(status -> work.get()));
		}
		catch (DataIntegrityViolationException e) {
			String message = String.valueOf(e.getMostSpecificCause().getMessage());
			Offering offering = attempt.get();
			if (message.contains(PLACES_CONSTRAINT)) {
				throw new OfferingRefused("placesOverlap");
			}
			if (offering == null || !(message.contains(VENUE_CONSTRAINT) || message.contains(TEACHER_CONSTRAINT))) {
				throw e;
			}
			throw conflict(offering, self, message.contains(VENUE_CONSTRAINT)).orElseThrow(
					() -> new OfferingRefused("conflictGone"));
		}
	}

	private Optional<OfferingConflict> conflict(Offering offering, @Nullable Long self, boolean venue) {
		long me = self == null ? -1 : self;
		TermView term = terms.findTerm(offering.termId()).orElseThrow();
		for (Slot s : offering.slots()) {
			if (venue) {
				var other = jdbc.sql("""
						SELECT o.id, o.name, s.weekday, s.starts_at, s.ends_at FROM offering_slot s JOIN offering o ON o.id = s.offering_id
						WHERE s.active AND s.term_id = :t AND s.venue_key = :v AND s.weekday = :w AND s.starts_at < :e
						  AND s.ends_at > :s AND s.offering_id <> :me ORDER BY s.starts_at LIMIT 1""")
					.param("t", offering.termId()).param("v", Offering.venueKey(offering.venue()))
					.param("w", s.weekday()).param("s", s.starts()).param("e", s.ends()).param("me", me)
					.query((rs, i) -> new OfferingConflict(OfferingConflict.Kind.VENUE, rs.getLong("id"),
							offering.venue(), rs.getString("name"), weekday(rs.getInt("weekday")),
							rs.getObject("starts_at", LocalTime.class), rs.getObject("ends_at", LocalTime.class)))
					.optional();
				if (other.isPresent()) {
					return other;
				}
				continue;
			}
			for (TeacherRef t : offering.teachers()) {
				var other = jdbc.sql("""
						SELECT o.id, o.name, sc.name AS school, ts.weekday, ts.starts_at, ts.ends_at,
						       coalesce(i.name, st.name) AS teacher
						FROM offering_teacher_slot ts JOIN offering o ON o.id = ts.offering_id
						JOIN school sc ON sc.id = o.school_id
						JOIN offering_teacher ot ON ot.offering_id = ts.offering_id AND ot.teacher_key = ts.teacher_key
						LEFT JOIN instructor i ON i.id = ot.instructor_id LEFT JOIN staff st ON st.id = ot.staff_id
						WHERE ts.active AND ts.teacher_key = :k AND ts.weekday = :w AND ts.starts_at < :e AND ts.ends_at > :s
						  AND ts.term_dates && daterange(:from, :to, '[]') AND ts.offering_id <> :me
						ORDER BY ts.starts_at LIMIT 1""")
					.param("k", t.key()).param("w", s.weekday()).param("s", s.starts()).param("e", s.ends())
					.param("from", term.startsOn()).param("to", term.endsOn()).param("me", me)
					.query((rs, i) -> new OfferingConflict(OfferingConflict.Kind.TEACHER, rs.getLong("id"),
							rs.getString("teacher"), rs.getString("name"), rs.getString("school"),
							weekday(rs.getInt("weekday")), rs.getObject("starts_at", LocalTime.class),
							rs.getObject("ends_at", LocalTime.class)))
					.optional();
				if (other.isPresent()) {
					return other;
				}
			}
		}
		return Optional.empty();
	}

	/** A weekday as a message the caller's language resolves ({@code selection.weekday.1} …). */
	static DefaultMessageSourceResolvable weekday(int weekday) {
		return new DefaultMessageSourceResolvable("selection.weekday." + weekday);
	}

	private List<OfferingView> views(JdbcClient.StatementSpec spec) {
		record Row(long id, long termId, long schoolId, long courseId, @Nullable Long providerId,
				@Nullable String providerName, String name, OfferingKind kind, String category, String venue, int min,
				int capacity, int taken, List<Integer> grades, List<Long> classIds, boolean choosable, Money fee,
				int minutes, int lessons, OfferingStatus status, int version) {
		}
		List<Row> rows = spec.query((rs, i) -> new Row(rs.getLong("id"), rs.getLong("term_id"), rs.getLong("school_id"),
				rs.getLong("course_id"), rs.getObject("provider_id", Long.class), rs.getString("provider_name"),
				rs.getString("name"), OfferingKind.valueOf(rs.getString("kind")), rs.getString("category_code"),
				rs.getString("venue"), rs.getInt("min_capacity"), rs.getInt("capacity"), rs.getInt("taken"),
				SqlArrays.ints(rs.getArray("grades")), SqlArrays.longs(rs.getArray("class_ids")), rs.getBoolean("days_choosable"),
				Money.ofFen(rs.getLong("fee_per_lesson_fen")), rs.getInt("lesson_minutes"), rs.getInt("lesson_count"),
				OfferingStatus.valueOf(rs.getString("status")), rs.getInt("version")))
			.list();
		if (rows.isEmpty()) {
			return List.of();
		}
		Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
		Map<Long, List<Slot>> slots = new HashMap<>();
		jdbc.sql("""
				SELECT offering_id, weekday, starts_at, ends_at FROM offering_slot WHERE offering_id = ANY(:ids)
				ORDER BY weekday, starts_at""")
			.param("ids", ids)
			.query((rs, i) -> slots.computeIfAbsent(rs.getLong("offering_id"), k -> new ArrayList<>())
				.add(new Slot(rs.getInt("weekday"), rs.getObject("starts_at", LocalTime.class),
						rs.getObject("ends_at", LocalTime.class))))
			.list();
		Map<Long, List<OfferingView.Teacher>> teachers = new HashMap<>();
		jdbc.sql("""
				SELECT t.offering_id, t.teacher_key, t.instructor_id, t.staff_id, coalesce(i.name, s.name) AS name
				FROM offering_teacher t LEFT JOIN instructor i ON i.id = t.instructor_id LEFT JOIN staff s ON s.id = t.staff_id
				WHERE t.offering_id = ANY(:ids) ORDER BY t.teacher_key""")
			.param("ids", ids)
			.query((rs, i) -> teachers.computeIfAbsent(rs.getLong("offering_id"), k -> new ArrayList<>())
				.add(new OfferingView.Teacher(rs.getString("teacher_key"), rs.getObject("instructor_id", Long.class),
						rs.getObject("staff_id", Long.class), rs.getString("name"))))
			.list();
		return rows.stream()
			.map(r -> new OfferingView(r.id(), r.termId(), r.schoolId(), r.courseId(), r.providerId(), r.providerName(),
					r.name(), r.kind(), r.category(), r.venue(), r.min(), r.capacity(), r.taken(), r.grades(), r.classIds(),
					r.choosable(), r.fee(), r.minutes(), r.lessons(), r.status(), r.version(),
					slots.getOrDefault(r.id(), List.of()), teachers.getOrDefault(r.id(), List.of())))
			.toList();
	}

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, long termId, OfferingFilter filter) {
		return spec.param("term", termId)
			.param("status", filter.status() == null ? null : filter.status().name())
			.param("category", filter.category())
			.param("grade", filter.grade())
			.param("weekday", filter.weekday());
	}

}
