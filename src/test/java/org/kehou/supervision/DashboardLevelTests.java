package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kehou.supervision.DashboardRecords.attendance;
import static org.kehou.supervision.DashboardRecords.checkin;
import static org.kehou.supervision.DashboardRecords.ingest;
import static org.kehou.supervision.DashboardRecords.offering;
import static org.kehou.supervision.DashboardRecords.place;
import static org.kehou.supervision.DashboardRecords.student;
import static org.kehou.supervision.DashboardRecords.upsert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.exchange.Signatures;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The speed-ups keep the figures and the stored data: a level's figures read in parallel ({@link CityFigures#level})
 * equal the same figures read one query after the other, for two schools and for the whole city; the data of a record
 * stored from the body as jsonb (picked by ordinal) equals the data sent, and a body PostgreSQL's jsonb would not read
 * as Jackson does takes the record-by-record way.
 */
@SupervisionTest
class DashboardLevelTests {

	static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

	static final CityFigures.Period TERM = new CityFigures.Period(LocalDate.parse("2026-09-01"),
			LocalDate.parse("2027-01-31"));

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	TestClock clock;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	PlatformCredentials credentials;

	@Autowired
	CityFigures figures;

	IngestionWorld w;

	@BeforeEach
	void world() throws Exception {
		clock.set(NOW);
		w = IngestionWorld.create(towns, schools, platforms, credentials);
		String a = w.schoolCode();
		ingest(mvc, w.credential(), NOW, List.of(offering("o-1", 1, a, "art", "P1", 20, "i-1", "i-2"),
				student("s-1", 1, a, "A1"), student("s-2", 1, a, "A2"), place("p-1", 1, a, "o-1", "A1", "confirmed"),
				attendance("m-1", 1, a, "o-1", "2026-10-13", "A1", "present"),
				attendance("m-2", 1, a, "o-1", "2026-10-14", "A2", "absent"),
				checkin("c-1", 1, a, "o-1", "2026-10-13", true)));
	}

	@Test
	void aLevelReadInParallelEqualsTheQueriesOneByOne() {
		List<String> two = List.of(w.schoolCode(), w.foreignSchoolCode());
		CityFigures.Level town = figures.level(two, two, TERM);
		assertThat(town.bySchool()).isEqualTo(figures.bySchool(two, TERM));
		assertThat(town.total()).isEqualTo(figures.total(two, figures.bySchool(two, TERM), TERM));
		assertThat(town.categories()).isEqualTo(figures.placesByCategory(two, TERM));
		assertThat(town.days()).isEqualTo(figures.attendanceByDay(two, TERM));
		assertThat(town.total().present()).isEqualTo(1);
		assertThat(town.total().instructors()).isEqualTo(2);

		List<String> all = jdbc.sql("SELECT DISTINCT school_code FROM sup_offering").query(String.class).list();
		CityFigures.Level city = figures.level(null, all, TERM);
		assertThat(city.bySchool()).isEqualTo(figures.bySchool(null, TERM));
		assertThat(city.total()).isEqualTo(figures.total(all, figures.bySchool(null, TERM), TERM));
		assertThat(city.categories()).isEqualTo(figures.placesByCategory(null, TERM));
		assertThat(city.days()).isEqualTo(figures.attendanceByDay(null, TERM));
	}

	@Test
	void theDataStoredFromTheBodyAsJsonbEqualTheDataSent() throws Exception {
		String a = w.schoolCode();
		ingest(mvc, w.credential(), NOW, List.of(attendance("m-9", 1, a, "o-1", "2026-10-15", "A1", "late")));
		JsonNode sent = json.readTree(attendance("m-9", 1, a, "o-1", "2026-10-15", "A1", "late")).get("data");
		String stored = jdbc.sql("SELECT data::text FROM sup_record WHERE platform_id = :p AND type = 'attendance'"
				+ " AND record_id = 'm-9'").param("p", w.platformId()).query(String.class).single();
		assertThat(json.readTree(stored)).isEqualTo(sent);
		assertThat(jdbc.sql("SELECT count(*) FROM sup_attendance_mark WHERE platform_id = :p AND record_id = 'm-9'"
				+ " AND status = 'late'").param("p", w.platformId()).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aBodyWithASurrogateEscapeIsStoredRecordByRecord() throws Exception {
		String a = w.schoolCode();
		String good = attendance("m-10", 1, a, "o-1", "2026-10-16", "A2", "present");
		// a rejected record (unknown field) carrying an escaped emoji: the body goes the record-by-record way
		String bad = upsert("attendance", "m-11", 1, "{\"schoolCode\": \"" + a + "\", \"note\": \"\\ud83d\\ude00\"}");
		String body = IngestionWorld.batch(List.of(good, bad));
		assertThat(Ingestion.jsonbSafe(body.getBytes(StandardCharsets.UTF_8))).isFalse();
		String response = mvc
			.perform(IngestionWorld.signed(body, w.credential().appId(), w.credential().secret(), NOW.getEpochSecond(),
					Signatures.newNonce()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(response).contains("\"accepted\":1").contains("\"rejected\":1");
		String stored = jdbc.sql("SELECT data::text FROM sup_record WHERE platform_id = :p AND type = 'attendance'"
				+ " AND record_id = 'm-10'").param("p", w.platformId()).query(String.class).single();
		assertThat(json.readTree(stored)).isEqualTo(json.readTree(good).get("data"));
	}

	@Test
	void aNumberJsonbCannotHoldInARejectedRecordRejectsOnlyThatRecord() throws Exception {
		String a = w.schoolCode();
		String good = attendance("m-12", 1, a, "o-1", "2026-10-17", "A3", "present");
		String bad = upsert("attendance", "m-13", 1, "{\"schoolCode\": \"" + a + "\", \"note\": 1e999999}");
		String body = IngestionWorld.batch(List.of(good, bad));
		assertThat(Ingestion.jsonbSafe(body.getBytes(StandardCharsets.UTF_8))).isFalse();
		String response = mvc
			.perform(IngestionWorld.signed(body, w.credential().appId(), w.credential().secret(), NOW.getEpochSecond(),
					Signatures.newNonce()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(response).contains("\"accepted\":1").contains("\"rejected\":1");
		assertThat(jdbc.sql("SELECT count(*) FROM sup_record WHERE platform_id = :p AND record_id IN ('m-12', 'm-13')")
			.param("p", w.platformId()).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aBodyJsonbWouldReadOtherwiseTakesTheRecordByRecordWay() {
		// numbers outside strings only: a pseudonym's hex text like "3e12345" in a string keeps the fast way
		assertThat(Ingestion.jsonbSafe("{\"records\": [{\"data\": {\"x\": \"a3e123456\", \"n\": 1e300}}]}"
			.getBytes(StandardCharsets.UTF_8))).isTrue();
		assertThat(Ingestion.jsonbSafe("{\"records\": [{\"data\": {\"n\": 1E+99999}}]}".getBytes(StandardCharsets.UTF_8)))
			.isFalse();
		assertThat(Ingestion.jsonbSafe(("{\"records\": [{\"data\": {\"n\": " + "9".repeat(6_000) + "}}]}")
			.getBytes(StandardCharsets.UTF_8))).isFalse();
		assertThat(Ingestion.jsonbSafe("{\"records\": [{\"data\": {\"x\": \"a\\\\u0000\"}}]}".getBytes(StandardCharsets.UTF_8)))
			.as("an escaped backslash followed by u0000 is no NUL").isTrue();
		assertThat(Ingestion.jsonbSafe("{\"records\": [{\"data\": {\"x\": \"中文\"}}]}".getBytes(StandardCharsets.UTF_8)))
			.isTrue();
		assertThat(Ingestion.jsonbSafe("{\"records\": [{\"data\": {\"x\": \"a\\u0000\"}}]}".getBytes(StandardCharsets.UTF_8)))
			.isFalse();
		assertThat(Ingestion.jsonbSafe("{\"records\": [{\"data\": {\"x\": \"\\ud83d\"}}]}".getBytes(StandardCharsets.UTF_8)))
			.isFalse();
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}' };
		assertThat(Ingestion.jsonbSafe(bom)).isFalse();
		assertThat(Ingestion.jsonbSafe("{\"records\": []}".getBytes(StandardCharsets.UTF_16BE))).isFalse();
	}
}
