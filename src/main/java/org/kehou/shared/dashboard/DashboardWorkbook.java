package org.kehou.shared.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A dashboard as an .xlsx workbook: a sheet with the key figures (label, value), a sheet with the table of child
 * units, and one sheet per chart (label, value).
 */
public final class DashboardWorkbook {

	private DashboardWorkbook() {
	}

	public static byte[] xlsx(Dashboard dashboard, String figuresSheet) {
		try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet figures = book.createSheet(WorkbookUtil.createSafeSheetName(figuresSheet));
			Row title = figures.createRow(0);
			title.createCell(0).setCellValue(dashboard.title());
			int r = 1;
			for (Dashboard.Tile tile : dashboard.tiles()) {
				Row row = figures.createRow(r++);
				row.createCell(0).setCellValue(tile.label());
				row.createCell(1).setCellValue(tile.value());
				if (tile.hint() != null) {
					row.createCell(2).setCellValue(tile.hint());
				}
			}
			DashboardTable table = dashboard.table();
			if (!table.headers().isEmpty()) {
				Sheet units = book.createSheet(WorkbookUtil.createSafeSheetName(table.caption()));
				Row head = units.createRow(0);
				for (int i = 0; i < table.headers().size(); i++) {
					head.createCell(i).setCellValue(table.headers().get(i));
				}
				int u = 1;
				for (DashboardTable.Row line : table.rows()) {
					Row row = units.createRow(u++);
					row.createCell(0).setCellValue(line.label());
					for (int i = 0; i < line.cells().size(); i++) {
						row.createCell(i + 1).setCellValue(line.cells().get(i));
					}
				}
			}
			for (Chart chart : dashboard.charts()) {
				Sheet sheet = book.createSheet(WorkbookUtil.createSafeSheetName(chart.title()));
				int c = 0;
				for (int i = 0; i < chart.labels().size(); i++) {
					Row row = sheet.createRow(c++);
					row.createCell(0).setCellValue(chart.labels().get(i));
					row.createCell(1).setCellValue(chart.values().get(i).doubleValue());
				}
			}
			book.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
