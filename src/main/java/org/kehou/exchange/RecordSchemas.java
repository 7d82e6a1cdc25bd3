package org.kehou.exchange;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas of the standard: checks a record's {@code data} against its type's schema. Implemented in
 * {@code internal} from the schema files published in {@code docs/exchange/schemas/}.
 */
public interface RecordSchemas {

	/**
	 * What is wrong with a record's data for its type, one readable reason per problem (with the JSON pointer of the
	 * field); empty when the data is valid.
	 */
	List<String> problems(RecordType type, JsonNode data);
}
