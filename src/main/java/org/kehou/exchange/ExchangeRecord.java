package org.kehou.exchange;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One record on the wire: {@code {"type": "attendance", "id": "…", "version": 3, "op": "upsert", "data": {…}}}.
 *
 * @param type the wire name of its {@link RecordType}
 * @param id its id on the sending platform (1–64 of {@code A-Z a-z 0-9 . _ : -}), stable across versions
 * @param version larger is newer; the same id and version is the same record
 * @param op upsert or delete
 * @param data the content for an upsert (checked against the type's schema); null for a delete
 */
public record ExchangeRecord(String type, String id, long version, Operation op, @Nullable JsonNode data) {

	public static ExchangeRecord upsert(RecordType type, String id, long version, JsonNode data) {
		return new ExchangeRecord(type.wire(), id, version, Operation.UPSERT, data);
	}

	public static ExchangeRecord delete(RecordType type, String id, long version) {
		return new ExchangeRecord(type.wire(), id, version, Operation.DELETE, null);
	}
}
