package org.kehou.supervision;

import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An alert as the pages show it: its rule, severity and state, the school (and town) or provider / platform it is
 * about, the evidence (the arguments of {@code alert.evidence.<rule>} and the record ids it rests on) and who handles
 * it. Times in the city's zone.
 */
public record AlertView(long id, AlertRule rule, String severity, String status, @Nullable String schoolCode,
		@Nullable Long schoolId, @Nullable String schoolName, @Nullable Long townId, @Nullable String townName,
		@Nullable String providerCode, @Nullable Long platformId, List<String> args, List<String> recordIds,
		OffsetDateTime raisedAt, OffsetDateTime seenAt, @Nullable OffsetDateTime conditionClearedAt,
		@Nullable Long assigneeId, @Nullable String assigneeName, @Nullable OffsetDateTime closedAt,
		@Nullable String closedBy, @Nullable String resolution) {

	/** The evidence message's arguments. */
	public Object[] evidenceArgs() {
		return args.toArray();
	}

	/** Open or assigned: still to be handled. */
	public boolean active() {
		return "OPEN".equals(status) || "ASSIGNED".equals(status);
	}

	/** The badge class of its severity. */
	public String severityBadge() {
		return switch (severity) {
			case "HIGH" -> "err";
			case "MEDIUM" -> "warn";
			default -> "";
		};
	}
}
