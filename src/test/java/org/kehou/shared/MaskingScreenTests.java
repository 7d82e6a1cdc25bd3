package org.kehou.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Free text screened for personal data before anyone else reads it (ratings' comments, complaints). */
class MaskingScreenTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"老师很好，有事打我电话13800138000|老师很好，有事打我电话138****8000",
			"电话 +86 138-0013-8000 找我|电话 138****8000 找我",
			"孩子身份证440101201001011234，请核对|孩子身份证440***********1234，请核对",
			"身份证号 44010120100101123X。|身份证号 440***********123X。",
			"退款到卡 6222 0212 3456 7890 123|退款到卡 ***************0123",
			"座机0760-88881234转|座机********1234转",
			"邮箱 zhang.san@example.com 联系|邮箱 ***@example.com 联系",
			"上了12节课，每节30元，共360元|上了12节课，每节30元，共360元",
			"2026年10月8日15:30的课取消了|2026年10月8日15:30的课取消了",
			"138****8000 已经遮盖|138****8000 已经遮盖" })
	void personalDataIsMaskedAndOrdinaryNumbersAreKept(String text, String screened) {
		assertThat(Masking.screen(text)).isEqualTo(screened);
		assertThat(Masking.screen(Masking.screen(text))).as("idempotent").isEqualTo(screened);
	}
}
