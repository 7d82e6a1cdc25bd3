package org.kehou.courses;

/**
 * Whether a school may put a course in its term programme, and if not why. A provider's course is selectable at a
 * school of a town when the course is {@code APPROVED}, the town approved it for its pool
 * ({@code course_town_admission}) and the provider is on the town's whitelist today
 * ({@link org.kehou.providers.Whitelist}); a school's own course when it is {@code APPROVED}. A city-direct school
 * (no town) may pick a provider's course approved in any town pool whose whitelist holds the provider.
 */
public enum Selectability {
	SELECTABLE,
	/** The course is not (or no longer) approved: draft, submitted, returned, rejected or withdrawn. */
	COURSE_NOT_APPROVED,
	/** Another school's own course. */
	OTHER_SCHOOLS_COURSE,
	/** The school's town (any town, for a city-direct school) has not approved the course for its pool. */
	COURSE_NOT_APPROVED_IN_TOWN,
	/** The city suspended the provider. */
	PROVIDER_SUSPENDED,
	/** The city expelled the provider (退出): its courses can never be offered again. */
	PROVIDER_EXPELLED,
	/** The provider is not (or no longer) on the town's whitelist: not admitted, or its admission expired. */
	PROVIDER_NOT_ADMITTED,
	/** The price per lesson is above the cap in force at the school (a cap lowered after the approval). */
	PRICE_ABOVE_CAP;

	public boolean selectable() {
		return this == SELECTABLE;
	}
}
