package org.kehou.statistics;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one unit (a school, or the sum over a town's or the platform's schools) over a period, from the
 * service platform's own tables, with the supervision platform's definitions. Rates are null when there is nothing
 * to divide by.
 *
 * @param schools schools in the unit
 * @param schoolsOffering schools with at least one published offering whose term overlaps the period
 * @param offerings published offerings whose term overlaps the period; {@code capacity} their capacity
 * @param students active students
 * @param participants students with at least one confirmed place (now, whatever the period)
 * @param places confirmed places in the offerings of the period
 * @param providers distinct providers of the offerings of the period; {@code instructors} their distinct teachers
 *        (instructors and school staff)
 * @param present roll-call marks present in sessions of the period (also late, absent)
 * @param checkins instructor check-ins of sessions in the period, of which {@code onTime} (less than a minute after
 *        the start)
 * @param ratings ratings saved in the period, of which {@code satisfied} (overall 4 or 5)
 * @param complaints complaints filed in the period; {@code overdue} not resolved and past due now
 * @param chargedFen order lines created in the period (orders not cancelled); {@code exemptedFen} their exemptions;
 *        {@code collectedFen} payments in the period; {@code refundedFen} refunds done in the period
 */
public record Figures(int schools, int schoolsOffering, int offerings, long capacity, long students,
		long participants, long places, int providers, int instructors, long present, long late, long absent,
		long checkins, long onTime, long ratings, long satisfied, long complaints, long overdue, long chargedFen,
		long exemptedFen, long collectedFen, long refundedFen) {

	public static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	/** The sum of two units (distinct providers and instructors summed too — replace them for a total). */
	public Figures plus(Figures o) {
		return new Figures(schools + o.schools, schoolsOffering + o.schoolsOffering, offerings + o.offerings,
				capacity + o.capacity, students + o.students, participants + o.participants, places + o.places,
				providers + o.providers, instructors + o.instructors, present + o.present, late + o.late,
				absent + o.absent, checkins + o.checkins, onTime + o.onTime, ratings + o.ratings,
				satisfied + o.satisfied, complaints + o.complaints, overdue + o.overdue, chargedFen + o.chargedFen,
				exemptedFen + o.exemptedFen, collectedFen + o.collectedFen, refundedFen + o.refundedFen);
	}

	Figures withUnit(int schools, int providers, int instructors) {
		return new Figures(schools, schoolsOffering, offerings, capacity, students, participants, places, providers,
				instructors, present, late, absent, checkins, onTime, ratings, satisfied, complaints, overdue,
				chargedFen, exemptedFen, collectedFen, refundedFen);
	}

	/** Whether the unit has any service data in the period (students alone do not count). */
	public boolean hasServiceData() {
		return offerings + places + present + late + absent + checkins + ratings + complaints + chargedFen
				+ exemptedFen + collectedFen + refundedFen > 0;
	}

	/** Schools with an offering ÷ schools, in % (one decimal). */
	public @Nullable Double coverage() {
		return percent(schoolsOffering, schools);
	}

	/** Students with a confirmed place ÷ active students. */
	public @Nullable Double participation() {
		return percent(participants, students);
	}

	/** Confirmed places ÷ capacity of the offerings of the period. */
	public @Nullable Double fill() {
		return percent(places, capacity);
	}

	/** Present or late ÷ marks. */
	public @Nullable Double attendance() {
		return percent(present + late, present + late + absent);
	}

	/** On-time check-ins ÷ check-ins. */
	public @Nullable Double punctuality() {
		return percent(onTime, checkins);
	}

	/** Ratings with overall 4 or 5 ÷ ratings. */
	public @Nullable Double satisfaction() {
		return percent(satisfied, ratings);
	}

	/** Part ÷ whole in %, rounded to one decimal; null when the whole is not positive. */
	public static @Nullable Double percent(long part, long whole) {
		return org.kehou.shared.dashboard.DashboardFormat.rate(part, whole);
	}
}
