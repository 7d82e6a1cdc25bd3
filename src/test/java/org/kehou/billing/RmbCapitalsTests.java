package org.kehou.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kehou.shared.Money;

/** Amounts in Chinese capitals (人民币大写) as receipts write them. */
class RmbCapitalsTests {

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource({
			// the brief's cases
			"0.01, 壹分", "10.00, 壹拾元整", "100.05, 壹佰元零伍分", "1000000.00, 壹佰万元整", "360.00, 叁佰陆拾元整",
			// fractions
			"0.00, 零元整", "0.10, 壹角", "0.50, 伍角", "0.55, 伍角伍分", "1.01, 壹元零壹分", "20.50, 贰拾元伍角",
			"1680.32, 壹仟陆佰捌拾元叁角贰分", "5.00, 伍元整", "9.99, 玖元玖角玖分",
			// tens are 壹拾 everywhere, zeros inside collapse into one 零, trailing zeros vanish
			"16.00, 壹拾陆元整", "105.00, 壹佰零伍元整", "110.00, 壹佰壹拾元整", "1001.00, 壹仟零壹元整",
			"1010.00, 壹仟零壹拾元整", "1100.00, 壹仟壹佰元整", "100000.00, 壹拾万元整", "100010.00, 壹拾万零壹拾元整",
			"107000.53, 壹拾万柒仟元伍角叁分", "2003400.00, 贰佰万叁仟肆佰元整", "20003400.00, 贰仟万叁仟肆佰元整",
			"10000000.00, 壹仟万元整", "12345678.90, 壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角",
			// 亿 and across empty groups
			"100000000.00, 壹亿元整", "100000001.00, 壹亿零壹元整", "100010000.00, 壹亿零壹万元整",
			"101000000.00, 壹亿零壹佰万元整", "120000340.00, 壹亿贰仟万零叁佰肆拾元整", "100000010.10, 壹亿零壹拾元壹角",
			"12000030000.00, 壹佰贰拾亿零叁万元整", "1000000000000.00, 壹万亿元整", "1000000010000.00, 壹万亿零壹万元整",
			"1234500000000.00, 壹万贰仟叁佰肆拾伍亿元整" })
	void writesTheCapitals(String yuan, String capitals) {
		assertThat(RmbCapitals.of(Money.parse(yuan))).isEqualTo(capitals);
	}

	@Test
	void refusesWhatHasNoCapitals() {
		assertThatThrownBy(() -> RmbCapitals.of(-1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RmbCapitals.of(1_000_000_000_000_000_000L)).isInstanceOf(IllegalArgumentException.class);
		assertThat(RmbCapitals.of(999_999_999_999_999_999L)).startsWith("玖仟玖佰玖拾玖万");
	}
}
