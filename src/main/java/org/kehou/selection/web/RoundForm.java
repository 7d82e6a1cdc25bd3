package org.kehou.selection.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.organisation.Terms;
import org.kehou.selection.PriorityGroup;
import org.kehou.selection.RoundDetails;
import org.kehou.selection.RoundMode;
import org.kehou.selection.SelectionRound;

/**
 * The console's round form (a school's round, or a town's for all its schools). Times are entered as local date-times
 * in the city's time zone ({@code <input type="datetime-local">}); the waitlist either confirms a freed place at once
 * ({@code AUTO}) or offers it for {@code offerHours} ({@code OFFER}). Bound from the request and checked field by
 * field with readable messages ({@code rounds.field.error.*}) before it becomes {@link RoundDetails}; never an entity.
 */
public class RoundForm {

	static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	private @Nullable String name;

	private String mode = RoundMode.FIRST_COME.name();

	private @Nullable String opensAt;

	private @Nullable String closesAt;

	private @Nullable String dropUntil;

	private @Nullable String maxPerChild = "2";

	private @Nullable String maxChoices = "3";

	private boolean keepSiblings;

	private String waitlist = "AUTO";

	private @Nullable String offerHours = "24";

	private Map<String, String> priorities = new LinkedHashMap<>();

	public RoundForm() {
		for (PriorityGroup g : PriorityGroup.values()) {
			priorities.put(g.name(), "0");
		}
	}

	static RoundForm of(SelectionRound r) {
		RoundForm f = new RoundForm();
		f.name = r.name();
		f.mode = r.mode().name();
		f.opensAt = local(r.opensAt());
		f.closesAt = local(r.closesAt());
		f.dropUntil = r.dropUntil() == null ? null : local(r.dropUntil());
		f.maxPerChild = String.valueOf(r.maxPerChild());
		f.maxChoices = String.valueOf(r.maxChoices());
		f.keepSiblings = r.keepSiblings();
		f.waitlist = r.offerHours() == null ? "AUTO" : "OFFER";
		f.offerHours = r.offerHours() == null ? "24" : String.valueOf(r.offerHours());
		r.priorities().forEach((g, w) -> f.priorities.put(g, String.valueOf(w)));
		return f;
	}

	static String local(Instant instant) {
		return LOCAL.format(instant.atZone(Terms.CITY_ZONE));
	}

	/**
	 * The details, or the field errors (field → message key) put into {@code errors}; {@code null} when there are
	 * any.
	 */
	@Nullable RoundDetails toDetails(Map<String, String> errors) {
		String n = name == null ? "" : name.strip();
		if (n.isEmpty() || n.length() > RoundDetails.NAME_MAX) {
			errors.put("name", "rounds.field.error.name");
		}
		RoundMode m = null;
		try {
			m = RoundMode.valueOf(mode);
		}
		catch (IllegalArgumentException e) {
			errors.put("mode", "rounds.field.error.mode");
		}
		Instant opens = time(opensAt, "opensAt", true, errors);
		Instant closes = time(closesAt, "closesAt", true, errors);
		Instant drop = time(dropUntil, "dropUntil", false, errors);
		if (opens != null && closes != null && !closes.isAfter(opens)) {
			errors.put("closesAt", "rounds.field.error.closesBeforeOpens");
		}
		if (opens != null && drop != null && drop.isBefore(opens)) {
			errors.put("dropUntil", "rounds.field.error.dropBeforeOpens");
		}
		Integer max = number(maxPerChild, 1, 20, "maxPerChild", "rounds.field.error.maxPerChild", errors);
		boolean lottery = m == RoundMode.LOTTERY;
		Integer choices = lottery ? number(maxChoices, 1, 10, "maxChoices", "rounds.field.error.maxChoices", errors)
				: null;
		Integer hours = "OFFER".equals(waitlist)
				? number(offerHours, 1, 168, "offerHours", "rounds.field.error.offerHours", errors) : null;
		Map<String, Integer> weights = new LinkedHashMap<>();
		if (lottery) {
			for (PriorityGroup g : PriorityGroup.values()) {
				Integer w = number(priorities.getOrDefault(g.name(), "0"), 0, 100, "priorities",
						"rounds.field.error.priority", errors);
				if (w != null && w > 0) {
					weights.put(g.name(), w);
				}
			}
		}
		if (!errors.isEmpty()) {
			return null;
		}
		return new RoundDetails(n, m, opens, closes, drop, max, choices, lottery && keepSiblings, hours, weights);
	}

	private static @Nullable Instant time(@Nullable String value, String field, boolean required,
			Map<String, String> errors) {
		if (value == null || value.isBlank()) {
			if (required) {
				errors.put(field, "rounds.field.error.time");
			}
			return null;
		}
		try {
			return LocalDateTime.parse(value.strip()).atZone(Terms.CITY_ZONE).toInstant();
		}
		catch (DateTimeParseException e) {
			errors.put(field, "rounds.field.error.time");
			return null;
		}
	}

	private static @Nullable Integer number(@Nullable String value, int min, int max, String field, String key,
			Map<String, String> errors) {
		try {
			int n = Integer.parseInt(value == null ? "" : value.strip());
			if (n >= min && n <= max) {
				return n;
			}
		}
		catch (NumberFormatException e) {
			// below
		}
		errors.put(field, key);
		return null;
	}

	public @Nullable String getName() {
		return name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public String getMode() {
		return mode;
	}

	public void setMode(@Nullable String mode) {
		this.mode = mode == null ? "" : mode;
	}

	public @Nullable String getOpensAt() {
		return opensAt;
	}

	public void setOpensAt(@Nullable String opensAt) {
		this.opensAt = opensAt;
	}

	public @Nullable String getClosesAt() {
		return closesAt;
	}

	public void setClosesAt(@Nullable String closesAt) {
		this.closesAt = closesAt;
	}

	public @Nullable String getDropUntil() {
		return dropUntil;
	}

	public void setDropUntil(@Nullable String dropUntil) {
		this.dropUntil = dropUntil;
	}

	public @Nullable String getMaxPerChild() {
		return maxPerChild;
	}

	public void setMaxPerChild(@Nullable String maxPerChild) {
		this.maxPerChild = maxPerChild;
	}

	public @Nullable String getMaxChoices() {
		return maxChoices;
	}

	public void setMaxChoices(@Nullable String maxChoices) {
		this.maxChoices = maxChoices;
	}

	public boolean isKeepSiblings() {
		return keepSiblings;
	}

	public void setKeepSiblings(boolean keepSiblings) {
		this.keepSiblings = keepSiblings;
	}

	public String getWaitlist() {
		return waitlist;
	}

	public void setWaitlist(@Nullable String waitlist) {
		this.waitlist = "OFFER".equals(waitlist) ? "OFFER" : "AUTO";
	}

	public @Nullable String getOfferHours() {
		return offerHours;
	}

	public void setOfferHours(@Nullable String offerHours) {
		this.offerHours = offerHours;
	}

	public Map<String, String> getPriorities() {
		return priorities;
	}

	public void setPriorities(Map<String, String> priorities) {
		this.priorities = priorities;
	}
}
