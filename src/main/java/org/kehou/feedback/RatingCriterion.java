package org.kehou.feedback;

/**
 * The set criteria a guardian scores from 1 to 5 besides the overall score: teaching (教学), safety (安全),
 * punctuality (准时) and the child's interest (孩子兴趣). Message key {@code rating.criterion.<NAME>}.
 */
public enum RatingCriterion {

	TEACHING, SAFETY, PUNCTUALITY, INTEREST;

	/** Lowest score. */
	public static final int MIN = 1;

	/** Highest score. */
	public static final int MAX = 5;

	public String messageKey() {
		return "rating.criterion." + name();
	}

	/** The column of {@code offering_rating} that holds the score. */
	String column() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}
}
