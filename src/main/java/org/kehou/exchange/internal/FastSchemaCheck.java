package org.kehou.exchange.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A fast, conservative pre-check of a record's data against a JSON Schema, compiled from the schema's own text: it
 * answers only "certainly valid" ({@code true}) or "don't know" ({@code false}). The caller then runs the full
 * validator (networknt) for every "don't know", so the reasons of a refused record are always the validator's and
 * nothing it refuses is ever accepted: the check accepts a strict subset of what the schema accepts.
 * <p>
 * It supports the keywords the standard's record schemas use on their hot paths — {@code type} (one of string,
 * integer, number, boolean, object), {@code properties}, {@code required}, {@code additionalProperties: false},
 * {@code enum} / {@code const} of strings, {@code pattern} (only simple patterns without escapes; a string holding a
 * line terminator is left to the validator, since {@code $} differs between Java and ECMA-262 there),
 * {@code minLength} / {@code maxLength} (code points), {@code minimum} / {@code maximum}, and the formats
 * {@code date} (YYYY-MM-DD, a real calendar day) and {@code date-time} (YYYY-MM-DDTHH:MM:SS, optional fraction of 1
 * to 9 digits, then Z or an offset ±HH:MM; upper-case T and Z only, no leap second). A schema using anything else
 * anywhere has no fast check ({@link #compile} returns null) and always goes to the validator.
 */
final class FastSchemaCheck {

	private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "examples",
			"default", "$comment", "deprecated", "readOnly", "writeOnly");

	private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties",
			"enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "format");

	/** Patterns made only of these characters are read alike by Java and ECMA-262. */
	private static final Pattern SIMPLE_PATTERN = Pattern.compile("[\\^$\\[\\]{}()|,.:_a-zA-Z0-9+*?-]+");

	private final String type;

	private final @Nullable Map<String, FastSchemaCheck> properties;

	private final Set<String> required;

	private final boolean closed;

	private final @Nullable Set<String> allowed;

	private final @Nullable Pattern pattern;

	private final int minLength;

	private final int maxLength;

	private final @Nullable BigDecimal minimum;

	private final @Nullable BigDecimal maximum;

	private final @Nullable String format;

	private FastSchemaCheck(String type, @Nullable Map<String, FastSchemaCheck> properties, Set<String> required,
			boolean closed, @Nullable Set<String> allowed, @Nullable Pattern pattern, int minLength, int maxLength,
			@Nullable BigDecimal minimum, @Nullable BigDecimal maximum, @Nullable String format) {
		this.type = type;
		this.properties = properties;
		this.required = required;
		this.closed = closed;
		this.allowed = allowed;
		this.pattern = pattern;
		this.minLength = minLength;
		this.maxLength = maxLength;
		this.minimum = minimum;
		this.maximum = maximum;
		this.format = format;
	}

	/** The fast check of a schema, or null when the schema uses something it does not support. */
	static @Nullable FastSchemaCheck compile(JsonNode schema) {
		if (!schema.isObject()) {
			return null;
		}
		for (Map.Entry<String, JsonNode> e : schema.properties()) {
			if (!ANNOTATIONS.contains(e.getKey()) && !KEYWORDS.contains(e.getKey())) {
				return null;
			}
		}
		JsonNode typeNode = schema.get("type");
		if (typeNode == null || !typeNode.isString()) {
			return null;
		}
		String type = typeNode.stringValue();
		if (!Set.of("string", "integer", "number", "boolean", "object").contains(type)) {
			return null;
		}
		Map<String, FastSchemaCheck> properties = null;
		Set<String> required = Set.of();
		boolean closed = false;
		JsonNode props = schema.get("properties");
		JsonNode req = schema.get("required");
		JsonNode additional = schema.get("additionalProperties");
		if (!"object".equals(type)) {
			if (props != null || req != null || additional != null) {
				return null;
			}
		}
		else {
			properties = new HashMap<>();
			if (props != null) {
				if (!props.isObject()) {
					return null;
				}
				for (Map.Entry<String, JsonNode> e : props.properties()) {
					FastSchemaCheck child = compile(e.getValue());
					if (child == null) {
						return null;
					}
					properties.put(e.getKey(), child);
				}
			}
			if (req != null) {
				if (!req.isArray()) {
					return null;
				}
				required = new HashSet<>();
				for (JsonNode r : req) {
					if (!r.isString()) {
						return null;
					}
					required.add(r.stringValue());
				}
			}
			if (additional != null) {
				if (!additional.isBoolean() || additional.booleanValue()) {
					return null;
				}
				closed = true;
			}
		}
		boolean string = "string".equals(type);
		boolean number = "integer".equals(type) || "number".equals(type);
		Set<String> allowed = null;
		JsonNode values = schema.get("enum");
		JsonNode constant = schema.get("const");
		if (values != null || constant != null) {
			if (!string || (values != null && constant != null)) {
				return null;
			}
			allowed = new HashSet<>();
			if (constant != null) {
				if (!constant.isString()) {
					return null;
				}
				allowed.add(constant.stringValue());
			}
			else {
				if (!values.isArray()) {
					return null;
				}
				for (JsonNode v : values) {
					if (!v.isString()) {
						return null;
					}
					allowed.add(v.stringValue());
				}
			}
		}
		Pattern pattern = null;
		JsonNode patternNode = schema.get("pattern");
		if (patternNode != null) {
			if (!string || !patternNode.isString() || !SIMPLE_PATTERN.matcher(patternNode.stringValue()).matches()) {
				return null;
			}
			pattern = Pattern.compile(patternNode.stringValue());
		}
		Integer minLength = length(schema.get("minLength"), string, 0);
		Integer maxLength = length(schema.get("maxLength"), string, -1);
		if (minLength == null || maxLength == null) {
			return null;
		}
		BigDecimal minimum = null;
		BigDecimal maximum = null;
		for (String bound : List.of("minimum", "maximum")) {
			JsonNode b = schema.get(bound);
			if (b != null) {
				if (!number || !b.isNumber()) {
					return null;
				}
				if (bound.equals("minimum")) {
					minimum = b.decimalValue();
				}
				else {
					maximum = b.decimalValue();
				}
			}
		}
		String format = null;
		JsonNode formatNode = schema.get("format");
		if (formatNode != null) {
			if (!string || !formatNode.isString()
					|| !Set.of("date", "date-time").contains(formatNode.stringValue())) {
				return null;
			}
			format = formatNode.stringValue();
		}
		return new FastSchemaCheck(type, properties, required, closed, allowed, pattern, minLength,
				maxLength == -1 ? Integer.MAX_VALUE : maxLength, minimum, maximum, format);
	}

	/** {@code absent} when absent, null when unsupported. */
	private static @Nullable Integer length(@Nullable JsonNode node, boolean string, int absent) {
		if (node == null) {
			return absent;
		}
		if (!string || !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
			return null;
		}
		return node.intValue();
	}

	/** Whether the value is certainly valid under the schema; false means "ask the validator". */
	boolean certainlyValid(JsonNode value) {
		switch (type) {
			case "object":
				return object(value);
			case "string":
				return value.isString() && string(value.stringValue());
			case "integer":
				return value.isIntegralNumber() && bounded(value);
			case "number":
				return value.isNumber() && bounded(value);
			case "boolean":
				return value.isBoolean();
			default:
				return false;
		}
	}

	private boolean object(JsonNode value) {
		if (!value.isObject() || properties == null) {
			return false;
		}
		int present = 0;
		for (Map.Entry<String, JsonNode> e : value.properties()) {
			FastSchemaCheck child = properties.get(e.getKey());
			if (child == null) {
				if (closed) {
					return false;
				}
				continue;
			}
			if (!child.certainlyValid(e.getValue())) {
				return false;
			}
			if (required.contains(e.getKey())) {
				present++;
			}
		}
		return present == required.size();
	}

	private boolean bounded(JsonNode value) {
		if (minimum == null && maximum == null) {
			return true;
		}
		BigDecimal v = value.decimalValue();
		return (minimum == null || v.compareTo(minimum) >= 0) && (maximum == null || v.compareTo(maximum) <= 0);
	}

	private boolean string(String s) {
		if (allowed != null && !allowed.contains(s)) {
			return false;
		}
		if (minLength > 0 || maxLength != Integer.MAX_VALUE) {
			int length = s.codePointCount(0, s.length());
			if (length < minLength || length > maxLength) {
				return false;
			}
		}
		if (pattern != null) {
			for (int i = 0; i < s.length(); i++) {
				char c = s.charAt(i);
				if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
					return false;
				}
			}
			if (!pattern.matcher(s).find()) {
				return false;
			}
		}
		if (format != null) {
			return "date".equals(format) ? date(s, 0) && s.length() == 10 : dateTime(s);
		}
		return true;
	}

	/** YYYY-MM-DD at {@code at}, a real day. */
	static boolean date(String s, int at) {
		if (s.length() < at + 10 || s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-') {
			return false;
		}
		int year = digits(s, at, 4);
		int month = digits(s, at + 5, 2);
		int day = digits(s, at + 8, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1) {
			return false;
		}
		try {
			LocalDate.of(year, month, day);
			return true;
		}
		catch (DateTimeException e) {
			return false;
		}
	}

	/** YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM). */
	static boolean dateTime(String s) {
		if (!date(s, 0) || s.length() < 20 || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
			return false;
		}
		int hour = digits(s, 11, 2);
		int minute = digits(s, 14, 2);
		int second = digits(s, 17, 2);
		if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
			return false;
		}
		int i = 19;
		if (s.charAt(i) == '.') {
			int start = ++i;
			while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
				i++;
			}
			if (i == start || i - start > 9) {
				return false;
			}
		}
		if (i == s.length() - 1) {
			return s.charAt(i) == 'Z';
		}
		if (i != s.length() - 6 || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
			return false;
		}
		int offsetHour = digits(s, i + 1, 2);
		int offsetMinute = digits(s, i + 4, 2);
		return offsetHour >= 0 && offsetHour <= 23 && offsetMinute >= 0 && offsetMinute <= 59;
	}

	/** The decimal value of {@code n} ASCII digits at {@code at}, or -1. */
	private static int digits(String s, int at, int n) {
		int v = 0;
		for (int i = at; i < at + n; i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			v = v * 10 + (c - '0');
		}
		return v;
	}

	/** The property names this check knows (for tests). */
	List<String> propertyNames() {
		return properties == null ? List.of() : new ArrayList<>(properties.keySet());
	}
}
