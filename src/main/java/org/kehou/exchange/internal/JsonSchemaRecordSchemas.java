package org.kehou.exchange.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import org.kehou.exchange.RecordSchemas;
import org.kehou.exchange.RecordType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The standard's JSON Schemas (2020-12), read once from the classpath ({@code exchange/v1/schemas/}, packaged from
 * {@code docs/exchange/schemas/}) and kept compiled: one {@link Schema} per record type and one for the batch
 * envelope. Format assertions ({@code date}, {@code date-time}) are on. Reasons name the field by its JSON pointer,
 * e.g. {@code /status: must be one of present, absent, leave, late}.
 */
@Component
public class JsonSchemaRecordSchemas implements RecordSchemas {

	/** Where the published files are on the classpath. */
	public static final String CLASSPATH_ROOT = "exchange/v1/";

	private final Map<RecordType, Schema> schemas = new EnumMap<>(RecordType.class);

	private final Schema batch;

	/** The fast pre-checks of the types whose schemas allow one ({@link FastSchemaCheck}). */
	private final Map<RecordType, FastSchemaCheck> fast = new EnumMap<>(RecordType.class);

	public JsonSchemaRecordSchemas() {
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.formatAssertionsEnabled(true)
			.pathType(PathType.JSON_POINTER)
			.build();
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				builder -> builder.schemaRegistryConfig(config));
		for (RecordType type : RecordType.values()) {
			schemas.put(type, load(registry, type.wire()));
			FastSchemaCheck check = FastSchemaCheck.compile(read(type.wire()));
			if (check != null) {
				fast.put(type, check);
			}
		}
		this.batch = load(registry, "batch");
	}

	private static Schema load(SchemaRegistry registry, String name) {
		String path = CLASSPATH_ROOT + "schemas/" + name + ".schema.json";
		try (InputStream in = JsonSchemaRecordSchemas.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("The exchange schema " + path + " is not on the classpath");
			}
			Schema schema = registry.getSchema(in, InputFormat.JSON);
			schema.initializeValidators();
			return schema;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static JsonNode read(String name) {
		String path = CLASSPATH_ROOT + "schemas/" + name + ".schema.json";
		try (InputStream in = JsonSchemaRecordSchemas.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("The exchange schema " + path + " is not on the classpath");
			}
			return JsonMapper.builder().build().readTree(in);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * The schema's problems with the data. Data that the type's {@link FastSchemaCheck} finds certainly valid has
	 * none (that check accepts a strict subset of what the schema accepts); anything else goes to the validator,
	 * whose errors give the reasons.
	 */
	@Override
	public List<String> problems(RecordType type, JsonNode data) {
		FastSchemaCheck check = fast.get(type);
		if (check != null && check.certainlyValid(data)) {
			return List.of();
		}
		return reasons(schemas.get(type).validate(data));
	}

	/** Whether a type has a fast pre-check (for tests). */
	boolean hasFastCheck(RecordType type) {
		return fast.containsKey(type);
	}

	/** The validator's own verdict, without the fast pre-check (for tests). */
	List<String> validatorProblems(RecordType type, JsonNode data) {
		return reasons(schemas.get(type).validate(data));
	}

	@Override
	public List<String> envelopeProblems(JsonNode body) {
		return reasons(batch.validate(body));
	}

	private static List<String> reasons(List<Error> errors) {
		if (errors.isEmpty()) {
			return List.of();
		}
		List<String> reasons = new ArrayList<>(errors.size());
		for (Error error : errors) {
			reasons.add(reason(error));
		}
		return reasons;
	}

	static String reason(Error error) {
		String at = error.getInstanceLocation().toString();
		if (at.isEmpty()) {
			at = "/";
		}
		String keyword = error.getKeyword() == null ? "" : error.getKeyword();
		JsonNode schemaNode = error.getSchemaNode();
		String property = error.getProperty();
		switch (keyword) {
			case "required":
				return child(at, property) + ": is required";
			case "additionalProperties":
				return child(at, property) + ": is not part of the standard";
			case "enum":
				return at + ": must be one of " + join(schemaNode);
			case "const":
				return at + ": must be " + schemaNode.asString();
			case "type":
				return at + ": must be " + article(schemaNode.asString());
			case "format":
				return at + ": must be " + format(schemaNode.asString());
			case "minimum":
				return at + ": must be at least " + schemaNode.asString();
			case "maximum":
				return at + ": must be at most " + schemaNode.asString();
			case "minLength":
				return at + ": must have at least " + schemaNode.asString() + " characters";
			case "maxLength":
				return at + ": must have at most " + schemaNode.asString() + " characters";
			case "minItems":
				return at + ": must have at least " + schemaNode.asString() + " items";
			case "maxItems":
				return at + ": must have at most " + schemaNode.asString() + " items";
			case "uniqueItems":
				return at + ": must not repeat an item";
			case "pattern":
				return at + ": must match " + schemaNode.asString();
			default:
				return at + ": " + stripLocation(error.getMessage(), error.getInstanceLocation().toString());
		}
	}

	private static String child(String at, String property) {
		if (property == null) {
			return at;
		}
		return (at.equals("/") ? "" : at) + "/" + property;
	}

	private static String join(JsonNode values) {
		if (!values.isArray()) {
			return values.asString();
		}
		return StreamSupport.stream(values.spliterator(), false)
			.map(JsonNode::asString)
			.collect(Collectors.joining(", "));
	}

	private static String article(String type) {
		return switch (type) {
			case "integer" -> "an integer";
			case "object" -> "an object";
			case "array" -> "an array";
			default -> "a " + type;
		};
	}

	private static String format(String format) {
		return switch (format) {
			case "date" -> "a date (YYYY-MM-DD)";
			case "date-time" -> "a date and time with offset (e.g. 2026-03-02T16:35:00+08:00)";
			default -> "a valid " + format;
		};
	}

	private static String stripLocation(String message, String location) {
		if (message != null && !location.isEmpty() && message.startsWith(location + ": ")) {
			return message.substring(location.length() + 2);
		}
		return message == null ? "is invalid" : message;
	}
}
