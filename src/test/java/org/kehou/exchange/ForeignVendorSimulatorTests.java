package org.kehou.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kehou.exchange.ForeignVendorSimulator.Kind;
import org.kehou.exchange.ForeignVendorSimulator.Simulated;
import org.kehou.exchange.ForeignVendorSimulator.Size;
import org.kehou.exchange.internal.JsonSchemaRecordSchemas;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The simulator's output against the published schemas: valid except exactly the records it marks invalid. */
class ForeignVendorSimulatorTests {

	static final JsonSchemaRecordSchemas SCHEMAS = new JsonSchemaRecordSchemas();

	static final List<Simulated> RECORDS = new ForeignVendorSimulator("4420009009",
			new Pseudonyms("simulator-test-key-0123"), 42, LocalDate.of(2026, 3, 2))
		.generate(Size.small());

	@Test
	void everyRecordValidatesExceptExactlyTheInvalidOnes() {
		List<Simulated> failing = new ArrayList<>();
		for (Simulated s : RECORDS) {
			RecordType type = RecordType.ofWire(s.record().type()).orElseThrow();
			assertThat(type.direction()).isEqualTo(Direction.UP);
			if (!SCHEMAS.problems(type, s.record().data()).isEmpty()) {
				failing.add(s);
			}
		}
		assertThat(failing).isNotEmpty().allMatch(Simulated::invalid);
		assertThat(RECORDS.stream().filter(Simulated::invalid).toList()).containsExactlyInAnyOrderElementsOf(failing);
	}

	@Test
	void everyBatchHasTheEnvelopeOfTheStandard() {
		JsonMapper json = JsonMapper.builder().build();
		for (int from = 0; from < RECORDS.size(); from += 1000) {
			ObjectNode batch = json.createObjectNode();
			ArrayNode array = batch.putArray("records");
			RECORDS.subList(from, Math.min(RECORDS.size(), from + 1000))
				.forEach(s -> array.add(ExchangeClient.toJson(s.record())));
			assertThat(SCHEMAS.envelopeProblems(batch)).isEmpty();
		}
	}

	@Test
	void coversEveryUpTypeAndTheDefectsOfARealVendor() {
		Set<String> types = new HashSet<>();
		RECORDS.forEach(s -> types.add(s.record().type()));
		assertThat(types).containsExactlyInAnyOrderElementsOf(
				RecordType.of(Direction.UP).stream().map(RecordType::wire).toList());
		Map<Kind, Integer> kinds = new HashMap<>();
		RECORDS.forEach(s -> kinds.merge(s.kind(), 1, Integer::sum));
		assertThat(kinds).containsKeys(Kind.ORIGINAL, Kind.DUPLICATE, Kind.STALE, Kind.INVALID);
		assertThat(kinds.get(Kind.INVALID)).isEqualTo(4);
		assertThat(kinds.get(Kind.STALE)).isEqualTo(3);
	}

	@Test
	void duplicatesRepeatAnEarlierRecordAndStaleVersionsComeAfterTheNewer() {
		for (int i = 0; i < RECORDS.size(); i++) {
			Simulated s = RECORDS.get(i);
			List<Simulated> before = RECORDS.subList(0, i);
			if (s.kind() == Kind.DUPLICATE) {
				assertThat(before).anyMatch(b -> b.kind() == Kind.ORIGINAL && b.record().equals(s.record()));
			}
			if (s.kind() == Kind.STALE) {
				assertThat(before).anyMatch(b -> b.record().id().equals(s.record().id())
						&& b.record().version() > s.record().version());
			}
		}
	}

	@Test
	void noIdNumberLeavesExceptInTheMarkedRecord() {
		List<Simulated> withIdNumber = RECORDS.stream()
			.filter(s -> s.record().data().toString().matches(".*\"\\d{17}[0-9X]\".*"))
			.toList();
		assertThat(withIdNumber).singleElement().satisfies(s -> assertThat(s.invalid()).isTrue());
	}

	@Test
	void theSameSeedGivesTheSameData() {
		List<Simulated> again = new ForeignVendorSimulator("4420009009", new Pseudonyms("simulator-test-key-0123"), 42,
				LocalDate.of(2026, 3, 2))
			.generate(Size.small());
		assertThat(again).isEqualTo(RECORDS);
	}

	@Test
	void theExpectedCountsFollowTheKinds() {
		Map<Outcome, Integer> expected = ForeignVendorSimulator.expected(RECORDS);
		assertThat(expected.get(Outcome.REJECTED)).isEqualTo(4);
		assertThat(expected.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(RECORDS.size());
	}
}
