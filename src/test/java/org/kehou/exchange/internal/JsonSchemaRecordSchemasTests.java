package org.kehou.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.kehou.exchange.RecordType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The published schemas and examples, read from the classpath as the application reads them. */
class JsonSchemaRecordSchemasTests {

	static final JsonSchemaRecordSchemas SCHEMAS = new JsonSchemaRecordSchemas();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static JsonNode example(String wire) {
		try (InputStream in = JsonSchemaRecordSchemasTests.class.getClassLoader()
			.getResourceAsStream(JsonSchemaRecordSchemas.CLASSPATH_ROOT + "examples/" + wire + ".json")) {
			assertThat(in).as("example %s", wire).isNotNull();
			return JSON.readTree(in);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	static ObjectNode attendance() {
		return (ObjectNode) example("attendance").get("records").get(0).get("data").deepCopy();
	}

	@ParameterizedTest
	@EnumSource(RecordType.class)
	void everyTypeHasAnExampleBatchThatValidates(RecordType type) {
		JsonNode batch = example(type.wire());
		assertThat(SCHEMAS.envelopeProblems(batch)).isEmpty();
		List<String> problems = new ArrayList<>();
		int upserts = 0;
		for (JsonNode record : batch.get("records")) {
			assertThat(record.get("type").asString()).isEqualTo(type.wire());
			if (record.get("op").asString().equals("upsert")) {
				upserts++;
				problems.addAll(SCHEMAS.problems(type, record.get("data")));
			}
		}
		assertThat(upserts).isPositive();
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(RecordType.class)
	void everyUpRecordNamesItsSchool(RecordType type) {
		ObjectNode data = (ObjectNode) example(type.wire()).get("records").get(0).get("data").deepCopy();
		if (type.direction() == org.kehou.exchange.Direction.UP) {
			data.remove("schoolCode");
			assertThat(SCHEMAS.problems(type, data)).containsExactly("/schoolCode: is required");
		}
		data.put("studentName", "张三");
		assertThat(SCHEMAS.problems(type, data)).contains("/studentName: is not part of the standard");
	}

	static Stream<Arguments> invalidAttendance() {
		return Stream.of(
				Arguments.of("missing field", (Edit) d -> d.remove("markedAt"), "/markedAt: is required"),
				Arguments.of("wrong enum", (Edit) d -> d.put("status", "sick"),
						"/status: must be one of present, absent, leave, late"),
				Arguments.of("extra property", (Edit) d -> d.put("comment", "x"),
						"/comment: is not part of the standard"),
				Arguments.of("bad date", (Edit) d -> d.put("date", "2026-02-30"),
						"/date: must be a date (YYYY-MM-DD)"),
				Arguments.of("date-time without offset", (Edit) d -> d.put("markedAt", "2026-03-03 16:35"),
						"/markedAt: must be a date and time with offset (e.g. 2026-03-02T16:35:00+08:00)"),
				Arguments.of("ID number instead of pseudonym", (Edit) d -> d.put("studentPseudonym", "44200020170315123X"),
						"/studentPseudonym: must match ^[0-9a-f]{64}$"),
				Arguments.of("wrong type", (Edit) d -> d.put("date", 20260303), "/date: must be a string"));
	}

	interface Edit {

		void apply(ObjectNode data);

	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidAttendance")
	void invalidRecordsGetReadableReasons(String name, Edit edit, String reason) {
		ObjectNode data = attendance();
		edit.apply(data);
		assertThat(SCHEMAS.problems(RecordType.ATTENDANCE, data)).containsExactly(reason);
	}

	@Test
	void negativeAmountsAreRefused() {
		ObjectNode payment = (ObjectNode) example("payment").get("records").get(0).get("data").deepCopy();
		payment.put("amountFen", -100);
		assertThat(SCHEMAS.problems(RecordType.PAYMENT, payment)).containsExactly("/amountFen: must be at least 1");
		ObjectNode offering = (ObjectNode) example("offering").get("records").get(0).get("data").deepCopy();
		offering.put("priceFen", -1);
		assertThat(SCHEMAS.problems(RecordType.OFFERING, offering)).containsExactly("/priceFen: must be at least 0");
		offering.put("priceFen", 12.5);
		assertThat(SCHEMAS.problems(RecordType.OFFERING, offering)).containsExactly("/priceFen: must be an integer");
	}

	@Test
	void nestedProblemsNameTheirPointer() {
		ObjectNode offering = (ObjectNode) example("offering").get("records").get(0).get("data").deepCopy();
		((ObjectNode) offering.get("weeklySlots").get(1)).put("dayOfWeek", 8);
		((ObjectNode) offering.get("instructors").get(0)).remove("documentsValid");
		assertThat(SCHEMAS.problems(RecordType.OFFERING, offering)).containsExactlyInAnyOrder(
				"/weeklySlots/1/dayOfWeek: must be at most 7", "/instructors/0/documentsValid: is required");
	}

	@Test
	void theEnvelopeIsChecked() {
		assertThat(SCHEMAS.envelopeProblems(JSON.readTree("{\"records\": []}")))
			.containsExactly("/records: must have at least 1 items");
		assertThat(SCHEMAS.envelopeProblems(JSON.readTree(
				"{\"records\": [{\"type\": \"attendance\", \"id\": \"a b\", \"version\": 0, \"op\": \"upsert\"}]}")))
			.containsExactlyInAnyOrder("/records/0/id: must match ^[A-Za-z0-9._:-]{1,64}$",
					"/records/0/version: must be at least 1", "/records/0/data: is required");
		assertThat(SCHEMAS.envelopeProblems(JSON.readTree(
				"{\"records\": [{\"type\": \"gossip\", \"id\": \"a\", \"version\": 1, \"op\": \"delete\"}]}")))
			.hasSize(1)
			.allMatch(r -> r.startsWith("/records/0/type: must be one of class, student,"));
	}

	@Test
	void theOpenApiDocumentReferencesOnlyPublishedFiles() throws IOException {
		JsonNode openApi;
		try (InputStream in = JsonSchemaRecordSchemasTests.class.getClassLoader()
			.getResourceAsStream(JsonSchemaRecordSchemas.CLASSPATH_ROOT + "openapi.yaml")) {
			openApi = tools.jackson.dataformat.yaml.YAMLMapper.builder().build().readTree(in);
		}
		assertThat(openApi.get("openapi").asString()).isEqualTo("3.1.0");
		assertThat(openApi.get("paths").propertyNames()).contains("/exchange/v1/batches", "/exchange/v1/feed",
				"/exchange/v1/openapi.yaml", "/exchange/v1/schemas/{name}", "/exchange/v1/examples/{name}");
		List<String> refs = new ArrayList<>();
		collectRefs(openApi, refs);
		assertThat(refs).isNotEmpty();
		for (String ref : refs) {
			if (ref.startsWith("./")) {
				String file = ref.substring(2).replaceAll("#.*", "");
				assertThat(JsonSchemaRecordSchemasTests.class.getClassLoader()
					.getResource(JsonSchemaRecordSchemas.CLASSPATH_ROOT + file)).as(ref).isNotNull();
			}
			else {
				assertThat(ref).startsWith("#/components/");
				String[] parts = ref.substring(2).split("/");
				assertThat(openApi.path(parts[0]).path(parts[1]).has(parts[2])).as(ref).isTrue();
			}
		}
	}

	static void collectRefs(JsonNode node, List<String> refs) {
		if (node.isObject() && node.has("$ref")) {
			refs.add(node.get("$ref").asString());
		}
		node.forEach(child -> collectRefs(child, refs));
	}

	@ParameterizedTest
	@EnumSource(RecordType.class)
	void everySchemaIsIdentifiedByItsPublishedAddress(RecordType type) throws IOException {
		try (InputStream in = JsonSchemaRecordSchemasTests.class.getClassLoader()
			.getResourceAsStream(JsonSchemaRecordSchemas.CLASSPATH_ROOT + "schemas/" + type.wire() + ".schema.json")) {
			JsonNode schema = JSON.readTree(in);
			assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
			assertThat(schema.get("$id").asString()).endsWith("/exchange/v1/schemas/" + type.wire() + ".schema.json");
			assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
		}
	}

	@Test
	void aNonObjectIsRefusedClearly() {
		assertThat(SCHEMAS.problems(RecordType.CHECKIN, JSON.readTree("[1]"))).containsExactly("/: must be an object");
	}
}
