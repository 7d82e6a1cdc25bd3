package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.kehou.exchange.Signatures;
import org.springframework.test.web.servlet.MockMvc;

/** Records in the standard's format for the dashboard tests, and a way to ingest them as a platform. */
final class DashboardRecords {

	private DashboardRecords() {
	}

	static String pseudonym(String student) {
		return Signatures.sha256Hex(student.getBytes(StandardCharsets.UTF_8));
	}

	static String upsert(String type, String id, long version, String data) {
		return """
				{"type": "%s", "id": "%s", "version": %d, "op": "upsert", "data": %s}""".formatted(type, id, version,
				data);
	}

	static String offering(String id, long version, String school, String category, String provider, int capacity,
			String... instructors) {
		StringBuilder list = new StringBuilder();
		for (String i : instructors) {
			list.append(list.isEmpty() ? "" : ",")
				.append("""
						{"instructorId": "%s", "kind": "provider-instructor", "providerCode": "%s", "documentsValid": true}"""
					.formatted(i, provider));
		}
		return upsert("offering", id, version, """
				{"schoolCode": "%s", "term": "2026-autumn", "title": "课程%s", "categoryCode": "%s", "delivery": "provider",
				 "providerCode": "%s", "priceFen": 48000, "capacity": %d, "weeklySlots": [{"dayOfWeek": 2, "start": "16:30", "end": "17:30"}],
				 "startDate": "2026-09-01", "endDate": "2027-01-15", "instructors": [%s], "status": "running"}"""
			.formatted(school, id, category, provider, capacity, list));
	}

	static String student(String id, long version, String school, String student) {
		return upsert("student", id, version, """
				{"schoolCode": "%s", "studentPseudonym": "%s", "grade": 3, "classId": "c-3-1", "gender": "male",
				 "hardship": false, "active": true}""".formatted(school, pseudonym(student)));
	}

	static String place(String id, long version, String school, String offering, String student, String status) {
		return upsert("place", id, version, """
				{"schoolCode": "%s", "offeringId": "%s", "studentPseudonym": "%s", "status": "%s",
				 "confirmedAt": "2026-09-01T19:02:11+08:00"}""".formatted(school, offering, pseudonym(student), status));
	}

	static String attendance(String id, long version, String school, String offering, String date, String student,
			String status) {
		return upsert("attendance", id, version, """
				{"schoolCode": "%s", "offeringId": "%s", "sessionId": "%s-%s", "date": "%s", "studentPseudonym": "%s",
				 "status": "%s", "markedAt": "%sT16:35:00+08:00"}"""
			.formatted(school, offering, offering, date, date, pseudonym(student), status, date));
	}

	static String checkin(String id, long version, String school, String offering, String date, boolean onTime) {
		return upsert("checkin", id, version, """
				{"schoolCode": "%s", "offeringId": "%s", "sessionId": "%s-%s", "instructorId": "i-1", "date": "%s",
				 "scheduledStart": "%sT16:30:00+08:00", "scheduledEnd": "%sT17:30:00+08:00", "at": "%sT16:3%d:00+08:00",
				 "onTime": %s, "minutesLate": %d}"""
			.formatted(school, offering, offering, date, date, date, date, date, onTime ? 0 : 5, onTime,
					onTime ? 0 : 5));
	}

	static String rating(String id, String school, String offering, int overall, String date) {
		return upsert("rating", id, 1, """
				{"schoolCode": "%s", "offeringId": "%s", "scores": {"overall": %d}, "ratedAt": "%sT20:11:00+08:00"}"""
			.formatted(school, offering, overall, date));
	}

	static String complaint(String id, String school, String status, String received, String due) {
		return upsert("complaint", id, 1, """
				{"schoolCode": "%s", "subjectKind": "offering", "level": "school", "status": "%s",
				 "receivedAt": "%s", "dueAt": "%s"}""".formatted(school, status, received, due));
	}

	static String order(String id, String school, String offering, String place, String student, long exempted) {
		return upsert("order", id, 1, """
				{"schoolCode": "%s", "offeringId": "%s", "placeId": "%s", "studentPseudonym": "%s", "priceFen": 48000,
				 "exemptedFen": %d, "dueFen": %d, "status": "%s", "createdAt": "2026-09-02T10:00:00+08:00"}"""
			.formatted(school, offering, place, pseudonym(student), exempted, 48000 - exempted,
					exempted == 48000 ? "exempted" : "paid"));
	}

	static String payment(String id, String school, String order, long amount, String date) {
		return upsert("payment", id, 1, """
				{"schoolCode": "%s", "orderId": "%s", "amountFen": %d, "channel": "wechat", "paidAt": "%sT10:05:00+08:00"}"""
			.formatted(school, order, amount, date));
	}

	static String refund(String id, String school, String order, long amount, String date) {
		return upsert("refund", id, 1, """
				{"schoolCode": "%s", "orderId": "%s", "amountFen": %d, "reason": "withdrawal", "refundedAt": "%sT10:00:00+08:00"}"""
			.formatted(school, order, amount, date));
	}

	/** Posts the records as one signed batch and asserts that none was rejected. */
	static void ingest(MockMvc mvc, IssuedCredential credential, Instant now, List<String> records) throws Exception {
		String body = IngestionWorld.batch(records);
		String response = mvc
			.perform(IngestionWorld.signed(body, credential.appId(), credential.secret(), now.getEpochSecond(),
					Signatures.newNonce()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(response).contains("\"rejected\":0");
	}
}
