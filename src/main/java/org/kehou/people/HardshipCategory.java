package org.kehou.people;

import java.util.Arrays;
import java.util.Optional;

/** Hardship categories that qualify a student for fee reductions or exemptions (paid from the special fund). */
public enum HardshipCategory {
	/** 低保 */
	SUBSISTENCE("低保"),
	/** 建档立卡 */
	POVERTY_REGISTERED("建档立卡"),
	/** 特殊教育需要 */
	SPECIAL_NEEDS("特殊需要"),
	/** 孤儿 */
	ORPHAN("孤儿"),
	/** 留守儿童 */
	LEFT_BEHIND("留守儿童"),
	/** 随迁子女 */
	MIGRANT("随迁子女");

	private final String label;

	HardshipCategory(String label) {
		this.label = label;
	}

	/** The Chinese label used in roster files. */
	public String label() {
		return label;
	}

	/** Parses a Chinese label (as in the roster template) or the code. */
	public static Optional<HardshipCategory> parse(String text) {
		String t = text.trim();
		return Arrays.stream(values())
			.filter(c -> c.label.equals(t) || c.name().equalsIgnoreCase(t)
					|| (c == SPECIAL_NEEDS && (t.equals("特殊教育需要") || t.equals("残疾")))
					|| (c == LEFT_BEHIND && t.equals("留守")) || (c == MIGRANT && t.equals("随迁")))
			.findFirst();
	}
}
