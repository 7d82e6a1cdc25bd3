package org.kehou.supervision;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.kehou.exchange.Signatures;
import org.kehou.organisation.NewSchool;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Stage;
import org.kehou.organisation.Towns;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Test data made through the modules' own services: a platform serving one school, another platform serving another
 * (the "foreign" school), and a credential of the first. Codes carry a random suffix so test classes sharing the
 * database never collide.
 */
record IngestionWorld(String tag, long platformId, String schoolCode, long otherPlatformId, String foreignSchoolCode,
		IssuedCredential credential) {

	static final String PATH = "/exchange/v1/batches";

	static IngestionWorld create(Towns towns, Schools schools, ServicePlatforms platforms,
			PlatformCredentials credentials) {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		towns.defineCity("TESTCITY", "测试市");
		long town = towns.registerTown("ST-" + tag, "监管镇" + tag, "TOWN").id();
		long platform = platforms.register("SP-" + tag, "甲平台" + tag, "甲科技公司", null);
		long other = platforms.register("SQ-" + tag, "乙平台" + tag, "乙科技公司", null);
		String code = "SS1-" + tag;
		String foreign = "SS2-" + tag;
		long school = schools.register(new NewSchool(code, "监管一小" + tag, town, Stage.PRIMARY, null)).id();
		long foreignSchool = schools.register(new NewSchool(foreign, "监管二小" + tag, town, Stage.PRIMARY, null)).id();
		platforms.assign(school, platform);
		platforms.assign(foreignSchool, other);
		return new IngestionWorld(tag, platform, code, other, foreign, credentials.issue(platform));
	}

	/** The data of a valid attendance record at the world's school. */
	String attendanceData(String school, int student) {
		String pseudonym = Signatures.sha256Hex(("s" + student).getBytes(StandardCharsets.UTF_8));
		return """
				{"schoolCode": "%s", "offeringId": "o-1", "sessionId": "o-1-2026-11-02", "date": "2026-11-02",
				 "studentPseudonym": "%s", "status": "present", "markedAt": "2026-11-02T16:35:00+08:00"}"""
			.formatted(school, pseudonym);
	}

	String attendance(String id, long version) {
		return attendance(id, version, schoolCode);
	}

	String attendance(String id, long version, String school) {
		return """
				{"type": "attendance", "id": "%s", "version": %d, "op": "upsert", "data": %s}"""
			.formatted(id, version, attendanceData(school, Math.abs(id.hashCode())));
	}

	static String delete(String type, String id, long version) {
		return """
				{"type": "%s", "id": "%s", "version": %d, "op": "delete"}""".formatted(type, id, version);
	}

	static String batch(String... records) {
		return batch(List.of(records));
	}

	static String batch(List<String> records) {
		return "{\"records\": [" + String.join(",\n", records) + "]}";
	}

	/** {@code n} valid attendance records with ids {@code prefix-0 … prefix-(n-1)}. */
	List<String> attendances(String prefix, int n, long version) {
		List<String> list = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			list.add(attendance(prefix + "-" + i, version));
		}
		return list;
	}

	MockHttpServletRequestBuilder signed(String body, Instant now) {
		return signed(body, credential.appId(), credential.secret(), now.getEpochSecond(), Signatures.newNonce());
	}

	static MockHttpServletRequestBuilder signed(String body, String appId, String secret, long timestamp,
			String nonce) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return post(PATH).contentType(MediaType.APPLICATION_JSON)
			.content(bytes)
			.header(Signatures.APP_ID, appId)
			.header(Signatures.TIMESTAMP, String.valueOf(timestamp))
			.header(Signatures.NONCE, nonce)
			.header(Signatures.SIGNATURE, Signatures.sign(secret, "POST", PATH, timestamp, nonce, bytes));
	}
}
