package org.kehou.selection;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** PostgreSQL arrays (grades, class ids, days) read into lists, for the module's row mappers. */
final class SqlArrays {

	private SqlArrays() {
	}

	static List<Integer> ints(@Nullable Array array) throws SQLException {
		List<Integer> list = new ArrayList<>();
		if (array != null) {
			for (Object o : (Object[]) array.getArray()) {
				list.add(((Number) o).intValue());
			}
		}
		return list;
	}

	static List<Long> longs(@Nullable Array array) throws SQLException {
		List<Long> list = new ArrayList<>();
		if (array != null) {
			for (Object o : (Object[]) array.getArray()) {
				list.add(((Number) o).longValue());
			}
		}
		return list;
	}
}
