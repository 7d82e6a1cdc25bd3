package org.kehou.selection;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * The offering aggregate (开班): a programme course turned into a class of a term with a weekly timetable, venue,
 * capacity, eligible grades and teachers. It guards its own rules (the timetable through {@link Timetable}, the
 * capacity against the course's class size and the places taken, the grades against the course's, the status
 * transitions); what needs other modules (selectability, instructors' documents, fee caps) and what needs every
 * other offering (venue and teacher conflicts: the database's exclusion constraints) is checked by
 * {@link Offerings}. The fee per lesson and the number of lessons are copied from the course when it is created.
 */
public final class Offering {

	static final int MAX_NAME = 100;

	private final @Nullable Long id;

	private final long termId;

	private final long schoolId;

	private final long courseId;

	private final @Nullable Long providerId;

	private final OfferingKind kind;

	private final String categoryCode;

	private final Money feePerLesson;

	private final int lessonMinutes;

	private final int lessonCount;

	private final int taken;

	private final int version;

	private String name;

	private String venue;

	private int minCapacity;

	private int capacity;

	private List<Integer> grades;

	private List<Long> classIds;

	private boolean daysChoosable;

	private List<Slot> slots;

	private List<TeacherRef> teachers;

	private OfferingStatus status;

	Offering(@Nullable Long id, long termId, long schoolId, long courseId, @Nullable Long providerId, OfferingKind kind,
			String categoryCode, Money feePerLesson, int lessonMinutes, int lessonCount, int taken, int version,
			String name, String venue, int minCapacity, int capacity, List<Integer> grades, List<Long> classIds,
			boolean daysChoosable, List<Slot> slots, List<TeacherRef> teachers, OfferingStatus status) {
		this.id = id;
		this.termId = termId;
		this.schoolId = schoolId;
		this.courseId = courseId;
		this.providerId = providerId;
		this.kind = kind;
		this.categoryCode = categoryCode;
		this.feePerLesson = feePerLesson;
		this.lessonMinutes = lessonMinutes;
		this.lessonCount = lessonCount;
		this.taken = taken;
		this.version = version;
		this.name = name;
		this.venue = venue;
		this.minCapacity = minCapacity;
		this.capacity = capacity;
		this.grades = List.copyOf(grades);
		this.classIds = List.copyOf(classIds);
		this.daysChoosable = daysChoosable;
		this.slots = List.copyOf(slots);
		this.teachers = List.copyOf(teachers);
		this.status = status;
	}

	/**
	 * A new draft offering of the course in the term, with the course's price and number of lessons.
	 *
	 * @throws OfferingInvalid when the details break a rule
	 */
	public static Offering plan(long termId, long schoolId, CourseFacts course, OfferingDetails details,
			ServiceWindow window) {
		Offering offering = new Offering(null, termId, schoolId, course.id(), course.providerId(), course.kind(),
				course.categoryCode(), course.price(), course.lessonMinutes(), course.lessonsPerTerm(), 0, 0,
				course.name(), "", 1, 1, course.grades(), List.of(), false, List.of(), List.of(), OfferingStatus.DRAFT);
		offering.apply(course, details, window);
		return offering;
	}

	/**
	 * Changes what a school may change (not the course, the fee or the number of lessons).
	 *
	 * @throws OfferingRefused when the offering is cancelled
	 * @throws OfferingInvalid when the details break a rule, or the capacity falls below the places taken
	 */
	public void revise(CourseFacts course, OfferingDetails details, ServiceWindow window) {
		if (status == OfferingStatus.CANCELLED) {
			throw new OfferingRefused("cancelled");
		}
		apply(course, details, window);
	}

	/** Publishes a draft: it needs at least one teacher. */
	public void publish() {
		if (status != OfferingStatus.DRAFT) {
			throw new OfferingRefused("notDraft");
		}
		if (teachers.isEmpty()) {
			throw new OfferingRefused("noTeacher");
		}
		status = OfferingStatus.PUBLISHED;
	}

	/** Cancels a draft or a published offering (final). */
	public void cancel() {
		if (status == OfferingStatus.CANCELLED) {
			throw new OfferingRefused("cancelled");
		}
		status = OfferingStatus.CANCELLED;
	}

	private void apply(CourseFacts course, OfferingDetails d, ServiceWindow window) {
		String newName = d.name() == null || d.name().isBlank() ? course.name() : d.name().strip();
		if (newName.length() > MAX_NAME) {
			throw new OfferingInvalid("name", "nameTooLong", MAX_NAME);
		}
		String newVenue = d.venue() == null ? "" : d.venue().strip();
		if (newVenue.isEmpty()) {
			throw new OfferingInvalid("venue", "venueMissing");
		}
		if (newVenue.length() > MAX_NAME) {
			throw new OfferingInvalid("venue", "venueTooLong", MAX_NAME);
		}
		if (d.minCapacity() < 1) {
			throw new OfferingInvalid("minCapacity", "minCapacity");
		}
		if (d.capacity() < d.minCapacity()) {
			throw new OfferingInvalid("capacity", "capacityBelowMin", d.minCapacity());
		}
		if (d.capacity() > course.maxSize()) {
			throw new OfferingInvalid("capacity", "capacityAboveCourse", course.maxSize());
		}
		if (d.capacity() < taken) {
			throw new OfferingInvalid("capacity", "capacityBelowTaken", taken);
		}
		if (d.grades().isEmpty()) {
			throw new OfferingInvalid("grades", "gradesEmpty");
		}
		for (Integer g : d.grades()) {
			if (g == null || !course.grades().contains(g)) {
				throw new OfferingInvalid("grades", "gradeNotInCourse", g, course.grades());
			}
		}
		if (kind != OfferingKind.BASIC_CARE && (!d.classIds().isEmpty() || d.daysChoosable())) {
			throw new OfferingInvalid("classIds", "basicCareOnly");
		}
		Set<String> keys = new HashSet<>();
		for (TeacherRef t : d.teachers()) {
			if (!t.valid()) {
				throw new OfferingInvalid("teachers", "teacherEitherOr");
			}
			if (!keys.add(t.key())) {
				throw new OfferingInvalid("teachers", "teacherTwice");
			}
			if (t.instructorId() != null && course.providerId() == null) {
				throw new OfferingInvalid("teachers", "instructorOnSchoolCourse");
			}
		}
		List<Slot> checked = Timetable.check(kind, d.slots(), window);
		this.name = newName;
		this.venue = newVenue;
		this.minCapacity = d.minCapacity();
		this.capacity = d.capacity();
		this.grades = d.grades().stream().distinct().sorted().toList();
		this.classIds = d.classIds().stream().distinct().sorted().toList();
		this.daysChoosable = d.daysChoosable();
		this.slots = checked;
		this.teachers = d.teachers();
	}

	/** The venue as the conflict constraint compares it: trimmed, spaces collapsed, lower case. */
	public static String venueKey(String venue) {
		return venue.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

	public @Nullable Long id() {
		return id;
	}

	public long termId() {
		return termId;
	}

	public long schoolId() {
		return schoolId;
	}

	public long courseId() {
		return courseId;
	}

	public @Nullable Long providerId() {
		return providerId;
	}

	public OfferingKind kind() {
		return kind;
	}

	public String categoryCode() {
		return categoryCode;
	}

	public Money feePerLesson() {
		return feePerLesson;
	}

	public int lessonMinutes() {
		return lessonMinutes;
	}

	public int lessonCount() {
		return lessonCount;
	}

	public int taken() {
		return taken;
	}

	public int version() {
		return version;
	}

	public String name() {
		return name;
	}

	public String venue() {
		return venue;
	}

	public int minCapacity() {
		return minCapacity;
	}

	public int capacity() {
		return capacity;
	}

	public List<Integer> grades() {
		return grades;
	}

	public List<Long> classIds() {
		return classIds;
	}

	public boolean daysChoosable() {
		return daysChoosable;
	}

	public List<Slot> slots() {
		return slots;
	}

	public List<TeacherRef> teachers() {
		return teachers;
	}

	public OfferingStatus status() {
		return status;
	}
}
