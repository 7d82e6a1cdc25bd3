package org.kehou.supervision;

import org.jspecify.annotations.Nullable;

/**
 * The dashboard's figures of one unit (a school, or the sum over a town's or the city's schools), from the read
 * models only. Rates are null when there is nothing to divide by.
 *
 * @param schools schools in the unit (from the city's registry)
 * @param schoolsOffering schools with at least one offering in the period (not cancelled)
 * @param offerings offerings in the period
 * @param students active students reported
 * @param participants students with at least one confirmed place (as reported now, whatever the period)
 * @param places confirmed places in offerings of the period
 * @param providers distinct providers teaching offerings of the period
 * @param instructors distinct instructors of offerings of the period
 * @param present attendance marks present in the period (also: late, absent, on leave)
 * @param checkins instructor check-ins in the period, of which {@code onTime}
 * @param ratings ratings in the period, of which {@code satisfied} (overall 4 or 5)
 * @param complaints complaints received in the period; {@code overdue}: open ones past their due time now
 * @param collectedFen payments in the period; {@code exemptedFen} exempted on orders created in the period;
 *        {@code refundedFen} refunds in the period
 */
public record UnitFigures(int schools, int schoolsOffering, int offerings, long students, long participants,
		long places, int providers, int instructors, long present, long late, long absent, long onLeave, long checkins,
		long onTime, long ratings, long satisfied, long complaints, long overdue, long collectedFen, long exemptedFen,
		long refundedFen) {

	public static final UnitFigures NONE = new UnitFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0);

	/** The sum of two units; distinct counts (providers, instructors) are summed too — replace them for a total. */
	public UnitFigures plus(UnitFigures o) {
		return new UnitFigures(schools + o.schools, schoolsOffering + o.schoolsOffering, offerings + o.offerings,
				students + o.students, participants + o.participants, places + o.places, providers + o.providers,
				instructors + o.instructors, present + o.present, late + o.late, absent + o.absent, onLeave + o.onLeave,
				checkins + o.checkins, onTime + o.onTime, ratings + o.ratings, satisfied + o.satisfied,
				complaints + o.complaints, overdue + o.overdue, collectedFen + o.collectedFen,
				exemptedFen + o.exemptedFen, refundedFen + o.refundedFen);
	}

	public UnitFigures withSchools(int schools) {
		return new UnitFigures(schools, schoolsOffering, offerings, students, participants, places, providers,
				instructors, present, late, absent, onLeave, checkins, onTime, ratings, satisfied, complaints, overdue,
				collectedFen, exemptedFen, refundedFen);
	}

	public UnitFigures withActive(int providers, int instructors) {
		return new UnitFigures(schools, schoolsOffering, offerings, students, participants, places, providers,
				instructors, present, late, absent, onLeave, checkins, onTime, ratings, satisfied, complaints, overdue,
				collectedFen, exemptedFen, refundedFen);
	}

	/** Whether anything at all has been reported for the unit. */
	public boolean reported() {
		return offerings + students + places + present + late + absent + onLeave + checkins + ratings + complaints
				+ collectedFen + exemptedFen + refundedFen > 0;
	}

	/** Schools with an offering ÷ schools, in % (one decimal). */
	public @Nullable Double coverage() {
		return percent(schoolsOffering, schools);
	}

	/** Students with a confirmed place ÷ students. */
	public @Nullable Double participation() {
		return percent(participants, students);
	}

	/** Present or late ÷ marks other than on leave. */
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

	static @Nullable Double percent(long part, long whole) {
		return org.kehou.shared.dashboard.DashboardFormat.rate(part, whole);
	}
}
