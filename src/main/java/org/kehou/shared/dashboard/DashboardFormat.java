package org.kehou.shared.dashboard;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * How both sides' dashboards (the city's supervision dashboard and a service platform's statistics) write their
 * figures, so the same figure reads the same on both: percentages, money, the satisfaction tone and the attendance
 * line chart.
 */
public final class DashboardFormat {

	/** Satisfaction below this (per cent) is shown as a warning: the policy's exit threshold. */
	public static final double SATISFACTION_WARNING_BELOW = 80;

	private DashboardFormat() {
	}

	/**
	 * A rate as both sides define it: part ÷ whole in per cent with one decimal, e.g. {@code 96.5}; none when the whole
	 * is 0.
	 */
	public static @Nullable Double rate(long part, long whole) {
		return whole <= 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
	}

	/** {@code 96.5%}, or a dash when there is nothing to divide by. */
	public static String percent(@Nullable Double value) {
		return value == null ? "—" : value + "%";
	}

	/** Fen as yuan, e.g. {@code ¥1,234.50}. */
	public static String yuan(long fen) {
		return Money.ofFen(fen).toString();
	}

	/** The tile tone of a satisfaction figure: {@code warn} below 80 %, else {@code ok}; none without ratings. */
	public static @Nullable String satisfactionTone(@Nullable Double satisfaction) {
		return satisfaction == null ? null : satisfaction < SATISFACTION_WARNING_BELOW ? "warn" : "ok";
	}

	/** The attendance-rate line chart over days (a day without a rate is drawn as 0). */
	public static <T> Chart attendanceByDay(String title, List<T> days, Function<T, LocalDate> day,
			Function<T, @Nullable Double> rate) {
		return new Chart("attendance-by-day", title, "line", "%", days.stream().map(d -> day.apply(d).toString()).toList(),
				days.stream().map(d -> {
					Double r = rate.apply(d);
					return (Number) (r == null ? 0.0 : r);
				}).toList());
	}
}
