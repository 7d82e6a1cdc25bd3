package org.kehou.selection.web;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.selection.OfferingDetails;
import org.kehou.selection.OfferingInvalid;
import org.kehou.selection.OfferingView;
import org.kehou.selection.Slot;
import org.kehou.selection.TeacherRef;

/**
 * The console's offering form: one optional time slot per school day (index 0 = Monday), teachers picked from the
 * course's instructors and the school's staff. Bound from the request, turned into {@link OfferingDetails}; never an
 * entity.
 */
public class OfferingForm {

	private @Nullable Long course;

	private @Nullable String name;

	private @Nullable String venue;

	private @Nullable String minCapacity;

	private @Nullable String capacity;

	private List<Integer> grades = new ArrayList<>();

	private List<Long> classIds = new ArrayList<>();

	private boolean daysChoosable;

	private List<String> starts = new ArrayList<>(List.of("", "", "", "", ""));

	private List<String> ends = new ArrayList<>(List.of("", "", "", "", ""));

	private List<Long> instructorIds = new ArrayList<>();

	private List<Long> staffIds = new ArrayList<>();

	private @Nullable Integer version;

	static OfferingForm of(OfferingView o) {
		OfferingForm f = new OfferingForm();
		f.course = o.courseId();
		f.name = o.name();
		f.venue = o.venue();
		f.minCapacity = String.valueOf(o.minCapacity());
		f.capacity = String.valueOf(o.capacity());
		f.grades = new ArrayList<>(o.grades());
		f.classIds = new ArrayList<>(o.classIds());
		f.daysChoosable = o.daysChoosable();
		f.version = o.version();
		for (Slot s : o.slots()) {
			f.starts.set(s.weekday() - 1, s.starts().toString());
			f.ends.set(s.weekday() - 1, s.ends().toString());
		}
		o.teachers().forEach(t -> {
			if (t.instructorId() != null) {
				f.instructorIds.add(t.instructorId());
			}
			if (t.staffId() != null) {
				f.staffIds.add(t.staffId());
			}
		});
		return f;
	}

	OfferingDetails toDetails() {
		List<Slot> slots = new ArrayList<>();
		for (int day = 0; day < 5; day++) {
			String from = at(starts, day);
			String to = at(ends, day);
			if (from.isEmpty() && to.isEmpty()) {
				continue;
			}
			try {
				slots.add(new Slot(day + 1, LocalTime.parse(from), LocalTime.parse(to)));
			}
			catch (DateTimeParseException e) {
				throw new OfferingInvalid("slots", "time");
			}
		}
		List<TeacherRef> teachers = new ArrayList<>();
		instructorIds.forEach(id -> teachers.add(TeacherRef.instructor(id)));
		staffIds.forEach(id -> teachers.add(TeacherRef.staff(id)));
		return new OfferingDetails(name, venue == null ? "" : venue, number("minCapacity", minCapacity),
				number("capacity", capacity), grades, classIds, daysChoosable, slots, teachers);
	}

	private static String at(List<String> values, int i) {
		return i < values.size() && values.get(i) != null ? values.get(i).strip() : "";
	}

	private static int number(String field, @Nullable String text) {
		try {
			return Integer.parseInt(text == null ? "" : text.strip());
		}
		catch (NumberFormatException e) {
			throw new OfferingInvalid(field, "number");
		}
	}

	public @Nullable Long getCourse() {
		return course;
	}

	public void setCourse(@Nullable Long course) {
		this.course = course;
	}

	public @Nullable String getName() {
		return name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public @Nullable String getVenue() {
		return venue;
	}

	public void setVenue(@Nullable String venue) {
		this.venue = venue;
	}

	public @Nullable String getMinCapacity() {
		return minCapacity;
	}

	public void setMinCapacity(@Nullable String minCapacity) {
		this.minCapacity = minCapacity;
	}

	public @Nullable String getCapacity() {
		return capacity;
	}

	public void setCapacity(@Nullable String capacity) {
		this.capacity = capacity;
	}

	public List<Integer> getGrades() {
		return grades;
	}

	public void setGrades(List<Integer> grades) {
		this.grades = grades;
	}

	public List<Long> getClassIds() {
		return classIds;
	}

	public void setClassIds(List<Long> classIds) {
		this.classIds = classIds;
	}

	public boolean isDaysChoosable() {
		return daysChoosable;
	}

	public void setDaysChoosable(boolean daysChoosable) {
		this.daysChoosable = daysChoosable;
	}

	public List<String> getStarts() {
		return starts;
	}

	public void setStarts(List<String> starts) {
		this.starts = starts;
	}

	public List<String> getEnds() {
		return ends;
	}

	public void setEnds(List<String> ends) {
		this.ends = ends;
	}

	public List<Long> getInstructorIds() {
		return instructorIds;
	}

	public void setInstructorIds(List<Long> instructorIds) {
		this.instructorIds = instructorIds;
	}

	public @Nullable Integer getVersion() {
		return version;
	}

	public void setVersion(@Nullable Integer version) {
		this.version = version;
	}

	public List<Long> getStaffIds() {
		return staffIds;
	}

	public void setStaffIds(List<Long> staffIds) {
		this.staffIds = staffIds;
	}
}
