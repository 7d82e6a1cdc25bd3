package org.kehou.selection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Everything a lottery draw depends on, frozen at draw time — so that anybody holding this and the published seed
 * can re-run the draw ({@link LotteryDraw}) and get the same result. Plain Java, no Spring and no database:
 * {@link LotteryVerify} runs it with nothing but {@code target/classes} on the class path.
 * <p>
 * The canonical form is the JSON {@link #toJson()} writes (fixed key order, no spaces, offerings by id, children by
 * id, one line per offering and per child); {@link #sha256()} is the SHA-256 of its UTF-8 bytes. {@link #fromJson}
 * reads it back (and any key order or spacing), ignoring unknown keys such as the {@code resultDigest} an export
 * carries.
 *
 * @param roundId the selection round
 * @param seed the draw's seed (hex), published after the draw
 * @param maxPerChild most live places (held or waiting) a child may have in the term
 * @param keepSiblings siblings draw as one unit
 * @param offerings the round's offerings with their free seats at draw time
 * @param children the children who submitted choices
 */
public record LotteryInputs(long roundId, String seed, int maxPerChild, boolean keepSiblings,
		List<Offering> offerings, List<Child> children) {

	/** The format name written into the canonical JSON. */
	public static final String FORMAT = "kehou-lottery-1";

	/**
	 * An offering of the round.
	 *
	 * @param free seats free at draw time (capacity − taken)
	 * @param grades grade levels that may take it
	 * @param slots weekly times, each {@code "weekday HH:MM-HH:MM"} (weekday 1 = Monday)
	 */
	public record Offering(long id, int free, List<Integer> grades, List<String> slots) {
	}

	/**
	 * A child with ranked choices.
	 *
	 * @param id the child's id (the student's record id; no name, no identity number)
	 * @param grade grade level
	 * @param weight priority weight: the highest weight among the child's groups in this round, 0 if none
	 * @param siblings sibling group key (the lowest id among the child's siblings in this draw), null: none
	 * @param choices offering ids, best first
	 * @param busy weekly times of the places the child already holds in the term
	 * @param live how many live places (held or waiting) the child already has in the term
	 * @param liveOfferings offerings where the child already has a live place (a choice of those is skipped)
	 */
	public record Child(long id, int grade, int weight, @Nullable Long siblings, List<Long> choices, List<String> busy,
			int live, List<Long> liveOfferings) {
	}

	public LotteryInputs {
		offerings = List.copyOf(offerings);
		children = List.copyOf(children);
	}

	/** The same inputs with another seed (to verify an uploaded file against a published seed). */
	public LotteryInputs withSeed(String otherSeed) {
		return new LotteryInputs(roundId, otherSeed, maxPerChild, keepSiblings, offerings, children);
	}

	/** SHA-256 (hex) of the canonical JSON. */
	public String sha256() {
		return sha256(toJson());
	}

	public static String sha256(String text) {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	// --- canonical JSON --------------------------------------------------------------------------------------------

	/** The canonical JSON (offerings and children sorted by id; keys in a fixed order). */
	public String toJson() {
		return toJson(null);
	}

	/** The canonical JSON with the draw's result digest appended (an export). */
	public String toJson(@Nullable String resultDigest) {
		StringBuilder b = new StringBuilder(128 + children.size() * 96 + offerings.size() * 64);
		b.append("{\"format\":\"").append(FORMAT).append("\",\"roundId\":").append(roundId).append(",\"seed\":");
		string(b, seed);
		b.append(",\"maxPerChild\":").append(maxPerChild).append(",\"keepSiblings\":").append(keepSiblings);
		b.append(",\"offerings\":[");
		List<Offering> os = new ArrayList<>(offerings);
		os.sort((x, y) -> Long.compare(x.id(), y.id()));
		for (int i = 0; i < os.size(); i++) {
			Offering o = os.get(i);
			b.append(i == 0 ? "\n" : ",\n").append("{\"id\":").append(o.id()).append(",\"free\":").append(o.free())
				.append(",\"grades\":");
			numbers(b, o.grades());
			b.append(",\"slots\":");
			strings(b, o.slots());
			b.append('}');
		}
		b.append("],\"children\":[");
		List<Child> cs = new ArrayList<>(children);
		cs.sort((x, y) -> Long.compare(x.id(), y.id()));
		for (int i = 0; i < cs.size(); i++) {
			Child c = cs.get(i);
			b.append(i == 0 ? "\n" : ",\n").append("{\"id\":").append(c.id()).append(",\"grade\":").append(c.grade())
				.append(",\"weight\":").append(c.weight()).append(",\"siblings\":")
				.append(c.siblings() == null ? "null" : c.siblings().toString()).append(",\"choices\":");
			numbers(b, c.choices());
			b.append(",\"busy\":");
			strings(b, c.busy());
			b.append(",\"live\":").append(c.live()).append(",\"liveOfferings\":");
			numbers(b, c.liveOfferings());
			b.append('}');
		}
		b.append("]");
		if (resultDigest != null) {
			b.append(",\n\"resultDigest\":");
			string(b, resultDigest);
		}
		return b.append("}\n").toString();
	}

	private static void numbers(StringBuilder b, List<? extends Number> list) {
		b.append('[');
		for (int i = 0; i < list.size(); i++) {
			b.append(i == 0 ? "" : ",").append(list.get(i).longValue());
		}
		b.append(']');
	}

	private static void strings(StringBuilder b, List<String> list) {
		b.append('[');
		for (int i = 0; i < list.size(); i++) {
			if (i > 0) {
				b.append(',');
			}
			string(b, list.get(i));
		}
		b.append(']');
	}

	private static void string(StringBuilder b, String s) {
		b.append('"');
		for (int i = 0; i < s.length(); i++) {
			char ch = s.charAt(i);
			switch (ch) {
				case '"' -> b.append("\\\"");
				case '\\' -> b.append("\\\\");
				case '\n' -> b.append("\\n");
				case '\r' -> b.append("\\r");
				case '\t' -> b.append("\\t");
				default -> {
					if (ch < 0x20) {
						b.append(String.format("\\u%04x", (int) ch));
					}
					else {
						b.append(ch);
					}
				}
			}
		}
		b.append('"');
	}

	/** An export read back: the inputs and the result digest it claims, if any. */
	public record Export(LotteryInputs inputs, @Nullable String resultDigest) {
	}

	/**
	 * Reads inputs from JSON (the canonical form or any equivalent JSON).
	 *
	 * @throws IllegalArgumentException when the text is not such JSON
	 */
	public static Export fromJson(String json) {
		Object parsed = new Parser(json).document();
		if (!(parsed instanceof Map<?, ?> root)) {
			throw new IllegalArgumentException("not a JSON object");
		}
		if (!FORMAT.equals(root.get("format"))) {
			throw new IllegalArgumentException("format is not " + FORMAT);
		}
		List<Offering> offerings = new ArrayList<>();
		for (Object o : list(root, "offerings")) {
			Map<?, ?> m = map(o);
			offerings.add(new Offering(number(m, "id"), (int) number(m, "free"), ints(list(m, "grades")),
					strs(list(m, "slots"))));
		}
		List<Child> children = new ArrayList<>();
		for (Object o : list(root, "children")) {
			Map<?, ?> m = map(o);
			Object siblings = m.get("siblings");
			children.add(new Child(number(m, "id"), (int) number(m, "grade"), (int) number(m, "weight"),
					siblings == null ? null : ((Number) siblings).longValue(), longs(list(m, "choices")),
					strs(list(m, "busy")), (int) number(m, "live"), longs(list(m, "liveOfferings"))));
		}
		Object seed = root.get("seed");
		if (!(seed instanceof String s)) {
			throw new IllegalArgumentException("seed missing");
		}
		Object keep = root.get("keepSiblings");
		Object digest = root.get("resultDigest");
		return new Export(new LotteryInputs(number(root, "roundId"), s, (int) number(root, "maxPerChild"),
				Boolean.TRUE.equals(keep), offerings, children), digest instanceof String d ? d : null);
	}

	private static Map<?, ?> map(Object o) {
		if (o instanceof Map<?, ?> m) {
			return m;
		}
		throw new IllegalArgumentException("expected an object");
	}

	private static List<?> list(Map<?, ?> m, String key) {
		Object o = m.get(key);
		if (o instanceof List<?> l) {
			return l;
		}
		throw new IllegalArgumentException(key + " is not a list");
	}

	private static long number(Map<?, ?> m, String key) {
		Object o = m.get(key);
		if (o instanceof Number n) {
			return n.longValue();
		}
		throw new IllegalArgumentException(key + " is not a number");
	}

	private static List<Integer> ints(List<?> l) {
		List<Integer> out = new ArrayList<>(l.size());
		for (Object o : l) {
			out.add(((Number) o).intValue());
		}
		return out;
	}

	private static List<Long> longs(List<?> l) {
		List<Long> out = new ArrayList<>(l.size());
		for (Object o : l) {
			out.add(((Number) o).longValue());
		}
		return out;
	}

	private static List<String> strs(List<?> l) {
		List<String> out = new ArrayList<>(l.size());
		for (Object o : l) {
			out.add((String) o);
		}
		return out;
	}

	/** A small strict JSON reader (objects, arrays, strings, integers, booleans, null): enough for this format. */
	private static final class Parser {

		private final String s;

		private int i;

		Parser(String s) {
			this.s = s;
		}

		Object document() {
			Object value = value();
			space();
			if (i != s.length()) {
				throw error("trailing text");
			}
			return value;
		}

		private @Nullable Object value() {
			space();
			if (i >= s.length()) {
				throw error("unexpected end");
			}
			char c = s.charAt(i);
			if (c == '{') {
				i++;
				Map<String, @Nullable Object> m = new LinkedHashMap<>();
				space();
				if (peek('}')) {
					return m;
				}
				do {
					space();
					String key = string();
					space();
					expect(':');
					m.put(key, value());
					space();
				}
				while (next(','));
				expect('}');
				return m;
			}
			if (c == '[') {
				i++;
				List<@Nullable Object> l = new ArrayList<>();
				space();
				if (peek(']')) {
					return l;
				}
				do {
					l.add(value());
					space();
				}
				while (next(','));
				expect(']');
				return l;
			}
			if (c == '"') {
				return string();
			}
			if (s.startsWith("true", i)) {
				i += 4;
				return Boolean.TRUE;
			}
			if (s.startsWith("false", i)) {
				i += 5;
				return Boolean.FALSE;
			}
			if (s.startsWith("null", i)) {
				i += 4;
				return null;
			}
			int start = i;
			if (c == '-') {
				i++;
			}
			while (i < s.length() && Character.isDigit(s.charAt(i))) {
				i++;
			}
			if (i == start || (i == start + 1 && c == '-')) {
				throw error("unexpected character");
			}
			try {
				return Long.parseLong(s.substring(start, i));
			}
			catch (NumberFormatException e) {
				throw error("bad number");
			}
		}

		private String string() {
			expect('"');
			StringBuilder b = new StringBuilder();
			while (true) {
				if (i >= s.length()) {
					throw error("unterminated string");
				}
				char c = s.charAt(i++);
				if (c == '"') {
					return b.toString();
				}
				if (c != '\\') {
					b.append(c);
					continue;
				}
				if (i >= s.length()) {
					throw error("unterminated string");
				}
				char e = s.charAt(i++);
				switch (e) {
					case '"', '\\', '/' -> b.append(e);
					case 'n' -> b.append('\n');
					case 'r' -> b.append('\r');
					case 't' -> b.append('\t');
					case 'b' -> b.append('\b');
					case 'f' -> b.append('\f');
					case 'u' -> {
						if (i + 4 > s.length()) {
							throw error("bad escape");
						}
						b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
						i += 4;
					}
					default -> throw error("bad escape");
				}
			}
		}

		private void space() {
			while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
				i++;
			}
		}

		private boolean peek(char c) {
			if (i < s.length() && s.charAt(i) == c) {
				i++;
				return true;
			}
			return false;
		}

		private boolean next(char c) {
			return peek(c);
		}

		private void expect(char c) {
			if (i >= s.length() || s.charAt(i) != c) {
				throw error("expected '" + c + "'");
			}
			i++;
		}

		private IllegalArgumentException error(String what) {
			return new IllegalArgumentException("JSON " + what + " at " + i);
		}
	}
}
