package org.kehou.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GB 32100-2015: 18 characters of 0-9 A-H J-N P-R T-U W-Y, the last a mod-31 check character. */
class UnifiedSocialCreditCodeTests {

	static final int[] WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

	/** The standard's formula written out independently: C18 = 31 − (Σ Ci·Wi mod 31), 31 ↦ 0. */
	static char expectedCheck(String first17) {
		String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += alphabet.indexOf(first17.charAt(i)) * WEIGHTS[i];
		}
		int c = 31 - sum % 31;
		return alphabet.charAt(c == 31 ? 0 : c);
	}

	@ParameterizedTest
	@ValueSource(strings = { "91442000MA4W12345", "91110000100000000", "52440000MJL000001", "12100000400000000",
			"93440101MA5CXYWTU", "Y1440300MA5FPQRT0" })
	void aCodeWithItsComputedCheckCharacterIsValid(String first17) {
		char check = expectedCheck(first17);
		assertThat(UnifiedSocialCreditCode.checkCharacter(first17)).isEqualTo(check);
		assertThat(UnifiedSocialCreditCode.isValid(first17 + check)).isTrue();
		assertThat(UnifiedSocialCreditCode.isValid(" " + (first17 + check).toLowerCase() + " ")).as("normalised").isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "91442000MA4W12345", "91110000100000000", "52440000MJL000001" })
	void everyOtherCheckCharacterIsRefused(String first17) {
		char check = expectedCheck(first17);
		for (char c : UnifiedSocialCreditCode.CHARSET.toCharArray()) {
			if (c != check) {
				assertThat(UnifiedSocialCreditCode.isValid(first17 + c)).as(first17 + c).isFalse();
			}
		}
	}

	@Test
	void aSingleChangedCharacterIsDetected() {
		String first17 = "91442000MA4W12345";
		String valid = first17 + expectedCheck(first17);
		String typo = valid.substring(0, 10) + (valid.charAt(10) == '4' ? '5' : '4') + valid.substring(11);
		assertThat(UnifiedSocialCreditCode.isValid(typo)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "91442000MA4W1234", "91442000MA4W1234567", "91442000MA4I12345X", "91442000MA4O12345X",
			"91442000MA4S12345X", "91442000MA4V12345X", "91442000MA4Z12345X", "91442000MA4W1234-X" })
	void wrongLengthOrCharactersAreRefused(String code) {
		assertThat(UnifiedSocialCreditCode.isValid(code)).isFalse();
	}

	@Test
	void theCheckCharacterNeedsSeventeenCharactersOfTheAlphabet() {
		assertThatIllegalArgumentException().isThrownBy(() -> UnifiedSocialCreditCode.checkCharacter("9144"));
		assertThatIllegalArgumentException().isThrownBy(() -> UnifiedSocialCreditCode.checkCharacter("91442000MA4I12345"));
	}
}
