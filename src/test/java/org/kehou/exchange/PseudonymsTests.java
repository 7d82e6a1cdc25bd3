package org.kehou.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The student pseudonym: a documented vector (docs/exchange/README.md), normalisation, refusals. */
class PseudonymsTests {

	static final Pseudonyms EXAMPLE = new Pseudonyms("example-key-not-a-real-one");

	@Test
	void knownVector() {
		assertThat(EXAMPLE.of("44200020170315102X"))
			.isEqualTo("4b8ec30a8a98564467a6f048403e200db7080fa995c3ffa74cfe5a92dec997f8");
		assertThat(EXAMPLE.of("442000201704021235"))
			.isEqualTo("99ccb63fe3cb07a36cec1b7a8227b284e3d7b9dc4c2de96cbb0762772d0d0148");
	}

	@Test
	void theNumberIsNormalisedFirst() {
		assertThat(EXAMPLE.of("  44200020170315102x ")).isEqualTo(EXAMPLE.of("44200020170315102X"));
	}

	@Test
	void aPseudonymHasTheStandardsForm() {
		String pseudonym = EXAMPLE.of("442000201704021235");
		assertThat(Pseudonyms.isPseudonym(pseudonym)).isTrue();
		assertThat(Pseudonyms.isPseudonym("442000201704021235")).isFalse();
		assertThat(pseudonym).doesNotContain("442000");
	}

	@Test
	void anotherKeyGivesAnotherPseudonym() {
		assertThat(new Pseudonyms("another-city-issued-key").of("442000201704021235"))
			.isNotEqualTo(EXAMPLE.of("442000201704021235"));
	}

	@Test
	void badNumbersAreRefused() {
		// wrong check digit, impossible date, too short, letters
		for (String bad : new String[] { "442000201704021234", "442000201702301233", "4420002017040212", "ABC" }) {
			assertThatThrownBy(() -> EXAMPLE.of(bad)).as(bad)
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageNotContaining(bad);
		}
	}

	@Test
	void withoutAKeyNothingIsHashed() {
		Pseudonyms none = new Pseudonyms(" ");
		assertThat(none.configured()).isFalse();
		assertThatThrownBy(() -> none.of("442000201704021235")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("KEHOU_EXCHANGE_PSEUDONYM_KEY");
		assertThatThrownBy(() -> new Pseudonyms("short")).isInstanceOf(IllegalArgumentException.class);
	}
}
