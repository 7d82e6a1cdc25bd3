package org.kehou.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.kehou.shared.Money;

/** The rules of one cap, without the database: proration and the per-minute comparison towns are held to. */
class FeeCapTests {

	static FeeCap cap(@Nullable Long townId, long fen, int minutes) {
		return new FeeCap(1, "BASIC_CARE", townId, Money.ofFen(fen), minutes, LocalDate.of(2026, 1, 1), "文件", "city",
				Instant.EPOCH);
	}

	@Test
	void proratesToTheLessonLengthHalfUp() {
		FeeCap basicCare = cap(null, 250, 45);
		assertThat(basicCare.forLesson(45)).isEqualTo(Money.ofFen(250));
		assertThat(basicCare.forLesson(60)).isEqualTo(Money.ofFen(333));
		assertThat(basicCare.forLesson(30)).isEqualTo(Money.ofFen(167)); // 166.67
		assertThat(basicCare.level()).isEqualTo(CapLevel.CITY);
		assertThat(cap(7L, 200, 45).level()).isEqualTo(CapLevel.TOWN);
	}

	@Test
	void comparesCapsPerMinute() {
		FeeCap city = cap(null, 3000, 60);
		assertThat(cap(7L, 2300, 45).isAbove(city)).isTrue(); // 0.511 > 0.5 per minute
		assertThat(cap(7L, 2250, 45).isAbove(city)).isFalse(); // equal
		assertThat(cap(7L, 3500, 90).isAbove(city)).isFalse();
		assertThat(cap(7L, 3001, 60).isAbove(city)).isTrue();
	}

	@Test
	void aRefusalNamesTheCitysCap() {
		TownCapAboveCity refusal = new TownCapAboveCity(cap(null, 250, 45));
		assertThat(refusal).isInstanceOf(IllegalStateException.class).hasMessageContaining("¥2.50/45分钟（文件）");
		assertThat(refusal.cityCap().amount()).isEqualTo(Money.ofFen(250));
	}
}
