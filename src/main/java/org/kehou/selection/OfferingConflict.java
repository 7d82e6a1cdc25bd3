package org.kehou.selection;

/**
 * The venue or a teacher is already booked at an overlapping time on the same weekday (409), found by the database's
 * exclusion constraints ({@code offering_slot_venue_free}, {@code offering_teacher_free}); names the other
 * offering. See docs/selection.md.
 */
public class OfferingConflict extends OfferingRefused {

	public enum Kind {
		VENUE, TEACHER
	}

	private final Kind kind;

	private final long otherOfferingId;

	/**
	 * @param args for VENUE: venue, other offering's name, weekday, start, end; for TEACHER: teacher's name, other
	 * offering's name, its school, weekday, start, end
	 */
	public OfferingConflict(Kind kind, long otherOfferingId, Object... args) {
		super(kind == Kind.VENUE ? "venueTaken" : "teacherTaken", args);
		this.kind = kind;
		this.otherOfferingId = otherOfferingId;
	}

	public Kind kind() {
		return kind;
	}

	public long otherOfferingId() {
		return otherOfferingId;
	}
}
