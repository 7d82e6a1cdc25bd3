package org.kehou.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kehou.exchange.Direction;
import org.kehou.exchange.RecordType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fast pre-check never accepts what the validator refuses: for every up type's example data and many mutations
 * of each of its fields (removed, wrong types, empty, too long, line breaks, malformed and impossible dates and
 * times, out-of-range numbers, an unknown field), "certainly valid" implies no validator error — and the hot types
 * really take the fast path.
 */
class FastSchemaCheckTests {

	static final JsonSchemaRecordSchemas SCHEMAS = JsonSchemaRecordSchemasTests.SCHEMAS;

	static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	static final List<Object> VALUES = List.of("", "x", "ABC", "a\n", "a b", "4420001001", "4420001001\n",
			"x".repeat(65), "2026-03-03", "2026-02-30", "2026-13-01", "2026-3-3", "2026-03-03\n", "2026-03-03T16:35:00+08:00",
			"2026-03-03T16:35:00Z", "2026-03-03T16:35:00.123Z", "2026-03-03t16:35:00z", "2026-03-03T24:00:00Z",
			"2026-03-03T16:35:60Z", "2026-03-03T16:35:00", "2026-03-03T16:35:00+8:00", "2026-03-03T16:35:00+24:00",
			"2026-03-03T16:35:00.Z", "2026-03-03T16:35:00.1234567890Z", "present", "late", "PRESENT", "spring",
			"2026-spring", "16:35", "24:00", "0".repeat(64), "A".repeat(64), "g".repeat(64), 0, -1, 1, 5, 6, 1440,
			1441, 100000000000L, 1.5, 1.0, true, false, "true");

	@ParameterizedTest
	@EnumSource(RecordType.class)
	void neverAcceptsWhatTheValidatorRefuses(RecordType type) {
		if (type.direction() != Direction.UP) {
			return;
		}
		JsonNode batch = JsonSchemaRecordSchemasTests.example(type.wire());
		List<String> wrong = new ArrayList<>();
		int tried = 0;
		for (JsonNode record : batch.get("records")) {
			JsonNode data = record.get("data");
			if (data == null || !data.isObject()) {
				continue;
			}
			List<ObjectNode> variants = new ArrayList<>();
			variants.add(((ObjectNode) data).deepCopy());
			ObjectNode extra = ((ObjectNode) data).deepCopy();
			extra.put("unknownField", "x");
			variants.add(extra);
			for (Map.Entry<String, JsonNode> field : data.properties()) {
				ObjectNode removed = ((ObjectNode) data).deepCopy();
				removed.remove(field.getKey());
				variants.add(removed);
				ObjectNode nulled = ((ObjectNode) data).deepCopy();
				nulled.putNull(field.getKey());
				variants.add(nulled);
				ObjectNode nested = ((ObjectNode) data).deepCopy();
				nested.putObject(field.getKey());
				variants.add(nested);
				for (Object value : VALUES) {
					ObjectNode v = ((ObjectNode) data).deepCopy();
					v.set(field.getKey(), node(value));
					variants.add(v);
				}
			}
			for (ObjectNode v : variants) {
				tried++;
				if (SCHEMAS.problems(type, v).isEmpty() != SCHEMAS.validatorProblems(type, v).isEmpty()
						|| !SCHEMAS.problems(type, v).equals(SCHEMAS.validatorProblems(type, v))) {
					wrong.add(v.toString());
				}
			}
		}
		assertThat(tried).isPositive();
		assertThat(wrong).as("verdicts differing from the validator's").isEmpty();
	}

	@Test
	void theHotTypesTakeTheFastPath() {
		for (RecordType type : List.of(RecordType.ofWire("attendance").orElseThrow(),
				RecordType.ofWire("checkin").orElseThrow())) {
			assertThat(SCHEMAS.hasFastCheck(type)).as(type.wire()).isTrue();
		}
		JsonNode data = JsonSchemaRecordSchemasTests.attendance();
		assertThat(FastSchemaCheck.compile(schemaOf("attendance")).certainlyValid(data)).isTrue();
	}

	@Test
	void datesAndTimes() {
		assertThat(FastSchemaCheck.dateTime("2026-03-03T16:35:00+08:00")).isTrue();
		assertThat(FastSchemaCheck.dateTime("2026-03-03T16:35:00.5Z")).isTrue();
		assertThat(FastSchemaCheck.dateTime("2026-02-29T16:35:00Z")).isFalse();
		assertThat(FastSchemaCheck.dateTime("2028-02-29T16:35:00Z")).isTrue();
		assertThat(FastSchemaCheck.dateTime("2026-03-03 16:35:00Z")).isFalse();
		assertThat(FastSchemaCheck.dateTime("2026-03-03T16:35:00+08:00x")).isFalse();
		assertThat(FastSchemaCheck.date("2026-04-31", 0)).isFalse();
	}

	private static JsonNode schemaOf(String wire) {
		try (var in = FastSchemaCheckTests.class.getClassLoader()
			.getResourceAsStream(JsonSchemaRecordSchemas.CLASSPATH_ROOT + "schemas/" + wire + ".schema.json")) {
			return JsonSchemaRecordSchemasTests.JSON.readTree(in);
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static JsonNode node(Object value) {
		if (value instanceof String s) {
			return NODES.stringNode(s);
		}
		if (value instanceof Integer i) {
			return NODES.numberNode(i);
		}
		if (value instanceof Long l) {
			return NODES.numberNode(l);
		}
		if (value instanceof Double d) {
			return NODES.numberNode(d);
		}
		return NODES.booleanNode((Boolean) value);
	}
}
