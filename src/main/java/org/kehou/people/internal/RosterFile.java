package org.kehou.people.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/** Reads the first sheet of a roster .xlsx into rows of cell texts, keyed by the header of row 1. */
final class RosterFile {

	static final int MAX_ROWS = 5000;

	/** One data row: its number as Excel shows it (the header is row 1) and its cells by column header. */
	record Line(int rowNumber, Map<String, String> cells) {

		String get(String column) {
			String value = cells.get(column);
			return value == null ? "" : value.trim();
		}

		boolean blank() {
			return cells.values().stream().allMatch(String::isBlank);
		}
	}

	/** A file that cannot be read as a roster at all (not .xlsx, headers missing, too many rows). */
	static final class Unreadable extends IllegalArgumentException {

		private final String key;

		private final Object[] args;

		Unreadable(String key, Object... args) {
			super(key);
			this.key = key;
			this.args = args;
		}

		String key() {
			return key;
		}

		Object[] args() {
			return args;
		}
	}

	private RosterFile() {
	}

	static List<Line> read(InputStream in) {
		try (Workbook workbook = WorkbookFactory.create(in)) {
			if (workbook.getNumberOfSheets() == 0) {
				throw new Unreadable("people.roster.file.noSheet");
			}
			Sheet sheet = workbook.getSheetAt(0);
			DataFormatter format = new DataFormatter(java.util.Locale.ROOT);
			Row header = sheet.getRow(sheet.getFirstRowNum());
			if (header == null) {
				throw new Unreadable("people.roster.file.noHeader");
			}
			Map<Integer, String> columns = new HashMap<>();
			for (Cell cell : header) {
				String name = format.formatCellValue(cell).trim().replace("*", "");
				if (!name.isEmpty()) {
					columns.put(cell.getColumnIndex(), name);
				}
			}
			List<String> missing = RosterColumns.REQUIRED.stream().filter(c -> !columns.containsValue(c)).toList();
			if (!missing.isEmpty()) {
				throw new Unreadable("people.roster.file.missingColumns", String.join("、", missing));
			}
			if (sheet.getLastRowNum() - header.getRowNum() > MAX_ROWS) {
				throw new Unreadable("people.roster.file.tooManyRows", String.valueOf(MAX_ROWS));
			}
			List<Line> lines = new ArrayList<>();
			for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
				Row row = sheet.getRow(r);
				if (row == null) {
					continue;
				}
				Map<String, String> cells = new HashMap<>();
				columns.forEach((index, name) -> {
					Cell cell = row.getCell(index);
					cells.put(name, cell == null ? "" : format.formatCellValue(cell));
				});
				Line line = new Line(r + 1, cells);
				if (!line.blank()) {
					lines.add(line);
				}
			}
			return lines;
		}
		catch (IOException | RuntimeException e) {
			if (e instanceof Unreadable unreadable) {
				throw unreadable;
			}
			throw new Unreadable("people.roster.file.unreadable");
		}
	}
}
