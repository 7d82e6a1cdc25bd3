package org.kehou.supervision;

import static org.kehou.supervision.DashboardRecords.upsert;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records in the standard's format for the alert tests (offerings with chosen price, slots and instructors,
 * check-ins with expected students), the city's down records planted straight into {@code sup_down_record} (the
 * down feed's current state, filled by the feed publisher in the application), and test accounts.
 */
final class AlertRecords {

	private AlertRecords() {
	}

	/** An instructor of an offering: id, documents valid, valid until (null: not given). */
	record Instructor(String id, boolean valid, String until) {
		String json(String provider) {
			return """
					{"instructorId": "%s", "kind": "provider-instructor", "providerCode": "%s", "documentsValid": %s%s}"""
				.formatted(id, provider, valid, until == null ? "" : ", \"documentsValidUntil\": \"" + until + "\"");
		}
	}

	/** A weekly slot: day of week, start, end. */
	record Slot(int day, String start, String end) {
		String json() {
			return """
					{"dayOfWeek": %d, "start": "%s", "end": "%s"}""".formatted(day, start, end);
		}
	}

	static String offering(String id, String school, String category, String provider, long priceFen, int capacity,
			List<Slot> slots, List<Instructor> instructors, Integer sessionCount) {
		return upsert("offering", id, 1, """
				{"schoolCode": "%s", "term": "2026-autumn", "title": "课程%s", "categoryCode": "%s", "delivery": "provider",
				 "providerCode": "%s", "priceFen": %d, "capacity": %d, "weeklySlots": [%s], %s
				 "startDate": "2026-09-01", "endDate": "2027-01-15", "instructors": [%s], "status": "running"}"""
			.formatted(school, id, category, provider, priceFen, capacity,
					String.join(",", slots.stream().map(Slot::json).toList()),
					sessionCount == null ? "" : "\"sessionCount\": " + sessionCount + ",",
					String.join(",", instructors.stream().map(i -> i.json(provider)).toList())));
	}

	/** A plain compliant offering: ¥300, 16:30–17:30 on Tuesdays, one instructor with valid documents. */
	static String offering(String id, String school, String category, String provider, int capacity) {
		return offering(id, school, category, provider, 30000, capacity, List.of(new Slot(2, "16:30", "17:30")),
				List.of(new Instructor("i-ok", true, "2027-12-31")), null);
	}

	static String checkin(String id, String school, String offering, String date, int expected) {
		return upsert("checkin", id, 1, """
				{"schoolCode": "%s", "offeringId": "%s", "sessionId": "%s-%s", "instructorId": "i-ok", "date": "%s",
				 "scheduledStart": "%sT16:30:00+08:00", "scheduledEnd": "%sT17:30:00+08:00", "at": "%sT16:28:00+08:00",
				 "onTime": true, "minutesLate": 0, "expectedStudents": %d}"""
			.formatted(school, offering, offering, date, date, date, date, date, expected));
	}

	/** Plants a down record (the city's current master data) as the down feed would leave it. */
	static void down(JdbcClient jdbc, String type, String id, String data) {
		jdbc.sql("""
				INSERT INTO sup_down_record (record_type, record_id, version, deleted, data)
				VALUES (:t, :id, 1, FALSE, CAST(:d AS jsonb))
				ON CONFLICT (record_type, record_id) DO UPDATE SET version = sup_down_record.version + 1,
				  data = EXCLUDED.data, deleted = FALSE""")
			.param("t", type)
			.param("id", id)
			.param("d", data)
			.update();
	}

	static void provider(JdbcClient jdbc, String code, String status, String validUntil) {
		down(jdbc, "provider", code, """
				{"providerCode": "%s", "name": "机构%s", "creditCode": "91440000MA0000000X", "status": "%s",
				 "validFrom": "2025-01-01", "validUntil": "%s", "categoryCodes": ["art"]}"""
			.formatted(code, code, status, validUntil));
	}

	static void cap(JdbcClient jdbc, String id, String category, String townCode, String unit, long capFen) {
		down(jdbc, "cap", id, """
				{"categoryCode": "%s", %s "unit": "%s", "referencePriceFen": %d, "capFen": %d, "validFrom": "2026-01-01"}"""
			.formatted(category, townCode == null ? "" : "\"townCode\": \"" + townCode + "\",", unit, capFen, capFen));
	}

	static void schoolHours(JdbcClient jdbc, String school, String endsNoEarlierThan) {
		down(jdbc, "school", school, """
				{"schoolCode": "%s", "name": "学校%s", "townCode": "T", "townName": "镇", "stage": "primary",
				 "active": true, "serviceEndsNoEarlierThan": "%s"}""".formatted(school, school, endsNoEarlierThan));
	}

	/** An account (signed in by a random phone hash, no username) with a role anchored in a town / school. */
	static long account(JdbcClient jdbc, String name, String role, Long town, Long school) {
		return jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, town_id, school_id)
				VALUES (:h, :n, :r, :t, :s) RETURNING id""")
			.param("h", UUID.randomUUID().toString().getBytes())
			.param("n", name)
			.param("r", role)
			.param("t", town)
			.param("s", school)
			.query(Long.class)
			.single();
	}
}
