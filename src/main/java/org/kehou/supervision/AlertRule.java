package org.kehou.supervision;

/**
 * The rules of the supervision platform's alerts (预警), each with its severity and who owns its alerts: the town
 * of the school concerned ({@link Owner#TOWN}; city-direct schools: the city) or the city itself for provider- and
 * platform-level ones ({@link Owner#CITY}). The message {@code alert.rule.<NAME>} names a rule and
 * {@code alert.evidence.<NAME>} renders an alert's evidence.
 */
public enum AlertRule {

	/** An open or running offering whose provider is not admitted on the city's whitelist (or has expired). */
	PROVIDER_NOT_ADMITTED(Severity.HIGH, Owner.CITY),
	/** An instructor of an open or running offering without valid documents. */
	INSTRUCTOR_DOCUMENTS(Severity.HIGH, Owner.TOWN),
	/** An offering priced above the cap in force for its category (and town). */
	FEE_ABOVE_CAP(Severity.HIGH, Owner.TOWN),
	/** More confirmed places than the offering's capacity. */
	OVER_CAPACITY(Severity.HIGH, Owner.TOWN),
	/** A session with a check-in and expected students but no attendance marks a grace period after its end. */
	ROLL_CALL_MISSING(Severity.MEDIUM, Owner.TOWN),
	/** On some school day the school's last offering ends before the time the city requires. */
	SERVICE_ENDS_EARLY(Severity.MEDIUM, Owner.TOWN),
	/** A school's satisfaction below the threshold over enough ratings. */
	LOW_SATISFACTION(Severity.MEDIUM, Owner.TOWN),
	/** A complaint still open past its due time. */
	COMPLAINT_OVERDUE(Severity.MEDIUM, Owner.TOWN),
	/** A platform with a valid credential that has not reported for longer than allowed. */
	PLATFORM_SILENT(Severity.HIGH, Owner.CITY),
	/** A school at full participation with no withdrawal at all: for review. */
	FORCED_PARTICIPATION(Severity.LOW, Owner.TOWN);

	/** How urgent. */
	public enum Severity {
		HIGH, MEDIUM, LOW
	}

	/** Who handles the rule's alerts. */
	public enum Owner {
		TOWN, CITY
	}

	private final Severity severity;

	private final Owner owner;

	AlertRule(Severity severity, Owner owner) {
		this.severity = severity;
		this.owner = owner;
	}

	public Severity severity() {
		return severity;
	}

	public Owner owner() {
		return owner;
	}
}
