package org.kehou.demo.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * Rows in PostgreSQL's {@code COPY … FROM STDIN} text format: tab-separated, {@code \N} for NULL, bytea as
 * {@code \\x…} hex. Generated values hold no tabs, newlines or backslashes, so text needs no escaping.
 */
final class CopyText {

	private static final HexFormat HEX = HexFormat.of();

	private final String table;

	private final StringBuilder text = new StringBuilder(1 << 16);

	private boolean rowStarted;

	private int rows;

	/** @param table table name with its column list, e.g. {@code city (id, code, name)} */
	CopyText(String table) {
		this.table = table;
	}

	CopyText add(@Nullable Object value) {
		separator();
		if (value == null) {
			text.append("\\N");
		}
		else if (value instanceof byte[] bytes) {
			text.append("\\\\x");
			HEX.formatHex(text, bytes);
		}
		else {
			text.append(value);
		}
		return this;
	}

	CopyText end() {
		text.append('\n');
		rowStarted = false;
		rows++;
		return this;
	}

	int rows() {
		return rows;
	}

	private void separator() {
		if (rowStarted) {
			text.append('\t');
		}
		rowStarted = true;
	}

	long copyInto(Connection connection) throws SQLException {
		if (rows == 0) {
			return 0;
		}
		try {
			return connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY " + table + " FROM STDIN",
						new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException e) {
			throw new SQLException("COPY into " + table + " failed", e);
		}
	}
}
