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

	/**
	 * What is wrong with a whole batch body against the envelope schema ({@code batch.schema.json}: 1 to 1,000
	 * records, each with type, id, version and op, data for an upsert), one readable reason per problem; the records'
	 * data is not checked here ({@link #problems} does that per record). Empty when the envelope is valid.
	 */
	default List<String> envelopeProblems(JsonNode body) {
		throw new UnsupportedOperationException("This RecordSchemas does not check envelopes");
	}
}
