package org.kehou.reporting;

/** A record of the outbox: its standard type (wire name) and the key of its source row. */
record OutboxKey(String type, String sourceKey) {
}
