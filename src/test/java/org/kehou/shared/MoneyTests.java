package org.kehou.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTests {

	@ParameterizedTest
	@CsvSource({ "¥2.50, 250", "2.5, 250", "30, 3000", "￥0.05, 5", "2.50元, 250", "-¥1.20, -120", "' ¥ 12.3 ', 1230" })
	void parses(String text, long fen) {
		assertThat(Money.parse(text)).isEqualTo(Money.ofFen(fen));
	}

	@ParameterizedTest
	@CsvSource({ "abc", "2.505", "''", "¥", "'1,000'", "¥-1" })
	void refusesWhatIsNotAnAmount(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Money.parse(text));
	}

	@Test
	void formatsWithTwoDecimals() {
		assertThat(Money.ofFen(250)).hasToString("¥2.50");
		assertThat(Money.ofFen(5)).hasToString("¥0.05");
		assertThat(Money.ofFen(-120)).hasToString("-¥1.20");
		assertThat(Money.ofFen(300000)).hasToString("¥3000.00");
		assertThat(Money.parse(Money.ofFen(333).toString())).isEqualTo(Money.ofFen(333));
	}

	@Test
	void addsAndMultiplies() {
		assertThat(Money.ofFen(250).plus(Money.ofFen(105))).isEqualTo(Money.ofFen(355));
		assertThat(Money.ofFen(250).minus(Money.ofFen(300))).isEqualTo(Money.ofFen(-50));
		assertThat(Money.ofFen(250).times(20)).isEqualTo(Money.ofFen(5000));
	}

	@Test
	void proratesHalfUpToTheFen() {
		assertThat(Money.ofFen(250).prorate(60, 45)).isEqualTo(Money.ofFen(333)); // 333.33…
		assertThat(Money.ofFen(250).prorate(90, 45)).isEqualTo(Money.ofFen(500));
		assertThat(Money.ofFen(250).prorate(40, 45)).isEqualTo(Money.ofFen(222)); // 222.22…
		assertThat(Money.ofFen(1).prorate(1, 2)).isEqualTo(Money.ofFen(1)); // 0.5 → 1
		assertThat(Money.ofFen(3000).prorate(50, 60)).isEqualTo(Money.ofFen(2500));
		assertThatIllegalArgumentException().isThrownBy(() -> Money.ofFen(1).prorate(1, 0));
	}

	@Test
	void compares() {
		assertThat(Money.ofFen(250)).isGreaterThan(Money.ofFen(249));
		assertThat(Money.ofFen(250).isGreaterThan(Money.ofFen(250))).isFalse();
		assertThat(Money.ofFen(250).min(Money.ofFen(200))).isEqualTo(Money.ofFen(200));
		assertThat(Money.ofYuan(new BigDecimal("2.5"))).isEqualTo(Money.ofFen(250));
		assertThatIllegalArgumentException().isThrownBy(() -> Money.ofYuan(new BigDecimal("2.505")));
	}
}
