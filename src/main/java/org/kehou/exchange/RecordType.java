package org.kehou.exchange;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The record types of the exchange standard v1, by their wire name (the {@code type} of a record). Each has a JSON
 * Schema {@code <wire name>.schema.json} in {@code docs/exchange/schemas/}.
 */
public enum RecordType {
	// up: what a service platform reports
	CLASS("class", Direction.UP),
	STUDENT("student", Direction.UP),
	TEACHER("teacher", Direction.UP),
	OFFERING("offering", Direction.UP),
	PLACE("place", Direction.UP),
	ORDER("order", Direction.UP),
	PAYMENT("payment", Direction.UP),
	REFUND("refund", Direction.UP),
	ATTENDANCE("attendance", Direction.UP),
	CHECKIN("checkin", Direction.UP),
	SESSION_CANCELLED("session-cancelled", Direction.UP),
	RATING("rating", Direction.UP),
	COMPLAINT("complaint", Direction.UP),
	POLICY_READ("policy-read", Direction.UP),
	// down: what the city publishes
	SCHOOL("school", Direction.DOWN),
	PROVIDER("provider", Direction.DOWN),
	CATEGORY("category", Direction.DOWN),
	CAP("cap", Direction.DOWN),
	POLICY("policy", Direction.DOWN);

	private final String wire;

	private final Direction direction;

	RecordType(String wire, Direction direction) {
		this.wire = wire;
		this.direction = direction;
	}

	/** The name on the wire, e.g. {@code session-cancelled}. */
	public String wire() {
		return wire;
	}

	public Direction direction() {
		return direction;
	}

	/** The type of a wire name; empty for an unknown name. */
	public static Optional<RecordType> ofWire(String wire) {
		return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
	}

	/** The types of one direction, in declaration order. */
	public static List<RecordType> of(Direction direction) {
		return Arrays.stream(values()).filter(t -> t.direction == direction).toList();
	}
}
