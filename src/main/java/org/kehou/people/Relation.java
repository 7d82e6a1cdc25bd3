package org.kehou.people;

import java.util.Optional;

/** How a guardian is related to a student. */
public enum Relation {
	FATHER, MOTHER, GRANDPARENT, OTHER;

	/** Parses the Chinese words used in roster files (父亲, 母亲, 爷爷 …) or the code. */
	public static Optional<Relation> parse(String text) {
		String t = text.trim();
		return switch (t) {
			case "父亲", "爸爸", "父" -> Optional.of(FATHER);
			case "母亲", "妈妈", "母" -> Optional.of(MOTHER);
			case "祖父母", "外祖父母", "爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷", "祖父", "祖母", "外祖父", "外祖母" ->
				Optional.of(GRANDPARENT);
			case "其他", "其他监护人", "监护人" -> Optional.of(OTHER);
			default -> {
				try {
					yield Optional.of(valueOf(t.toUpperCase(java.util.Locale.ROOT)));
				}
				catch (IllegalArgumentException e) {
					yield Optional.empty();
				}
			}
		};
	}
}
