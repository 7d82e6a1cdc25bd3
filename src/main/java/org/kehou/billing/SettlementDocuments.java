package org.kehou.billing;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.kehou.organisation.Terms;
import org.kehou.shared.Money;

import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;

/** Draws a settlement statement as an .xlsx workbook (Apache POI) and as a PDF (OpenPDF, {@link Pdf}). */
final class SettlementDocuments {

	static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private SettlementDocuments() {
	}

	static String at(@Nullable Instant instant) {
		return instant == null ? "" : AT.format(instant.atZone(Terms.CITY_ZONE));
	}

	static String period(SettlementView s, Settlements.Texts t) {
		String name = s.month() == null ? s.termName()
				: t.get("settlement.month", String.valueOf(s.month().getYear()), s.month().getMonthValue());
		return name + "（" + s.from() + " – " + s.to() + "）";
	}

	// --- xlsx --------------------------------------------------------------------------------------------------------

	static byte[] xlsx(Statement statement, Settlements.Texts t) {
		SettlementView s = statement.settlement();
		try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			CellStyle money = book.createCellStyle();
			money.setDataFormat(book.createDataFormat().getFormat("0.00"));
			Sheet sheet = book.createSheet(t.get("settlement.doc.sheet"));
			int r = 0;
			r = pair(sheet, r, t.get("settlement.doc.title"), "#" + s.id());
			r = pair(sheet, r, t.get("settlement.provider"), s.providerName());
			r = pair(sheet, r, t.get("settlement.school"), s.schoolName());
			r = pair(sheet, r, t.get("settlement.period"), period(s, t));
			r = pair(sheet, r, t.get("settlement.status"), t.get("settlement.status." + s.status()));
			r = pair(sheet, r, t.get("settlement.computedTo"), String.valueOf(s.computedTo()));
			r++;
			String[] heads = { "settlement.col.offering", "settlement.col.date", "settlement.col.time",
					"settlement.col.state", "settlement.col.checkIn", "settlement.col.children",
					"settlement.col.fee", "settlement.col.amount" };
			Row head = sheet.createRow(r++);
			for (int i = 0; i < heads.length; i++) {
				head.createCell(i).setCellValue(t.get(heads[i]));
			}
			for (Statement.OfferingPart o : statement.offerings()) {
				for (Statement.SessionLine l : o.sessions()) {
					Row row = sheet.createRow(r++);
					row.createCell(0).setCellValue(o.name());
					row.createCell(1).setCellValue(l.date().toString());
					row.createCell(2).setCellValue(l.starts() + "–" + l.ends());
					row.createCell(3).setCellValue(t.get("settlement.state." + l.state()));
					row.createCell(4).setCellValue(l.checkIns());
					row.createCell(5).setCellValue(l.children());
					yuan(row.createCell(6), o.feePerLesson(), money);
					yuan(row.createCell(7), l.amount(), money);
				}
			}
			Row total = sheet.createRow(r++);
			total.createCell(0).setCellValue(t.get("settlement.total"));
			total.createCell(3).setCellValue(t.get("settlement.givenCount", statement.count(SessionState.GIVEN)));
			total.createCell(5).setCellValue(statement.childLessons());
			yuan(total.createCell(7), statement.total(), money);
			r++;
			r = pair(sheet, r, t.get("settlement.creditsTotal"), statement.creditsTotal().toString());
			r = pair(sheet, r, t.get("settlement.submitted"), who(s.submittedBy(), s.submittedAt()));
			r = pair(sheet, r, t.get("settlement.decided"), who(s.decidedBy(), s.decidedAt()));
			if (s.returnReason() != null) {
				pair(sheet, r, t.get("settlement.returnReason"), s.returnReason());
			}
			for (int i = 0; i < heads.length; i++) {
				sheet.setColumnWidth(i, i == 0 || i == 4 ? 28 * 256 : 14 * 256);
			}

			Sheet credits = book.createSheet(t.get("settlement.credits"));
			String[] creditHeads = { "settlement.col.date", "settlement.col.offering", "settlement.col.child",
					"settlement.col.reason", "settlement.col.lessons", "settlement.col.amount" };
			Row ch = credits.createRow(0);
			for (int i = 0; i < creditHeads.length; i++) {
				ch.createCell(i).setCellValue(t.get(creditHeads[i]));
			}
			int c = 1;
			for (Statement.CreditLine l : statement.credits()) {
				Row row = credits.createRow(c++);
				row.createCell(0).setCellValue(l.date().toString());
				row.createCell(1).setCellValue(l.offeringName());
				row.createCell(2).setCellValue(l.childName());
				row.createCell(3).setCellValue(t.get("settlement.creditReason." + l.reason()));
				row.createCell(4).setCellValue(l.lessons());
				yuan(row.createCell(5), l.amount(), money);
			}
			book.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static int pair(Sheet sheet, int r, String label, String value) {
		Row row = sheet.createRow(r);
		row.createCell(0).setCellValue(label);
		row.createCell(1).setCellValue(value);
		return r + 1;
	}

	/** A numeric cell in yuan with two decimals (the spreadsheet's own number; the figures come from whole fen). */
	private static void yuan(Cell cell, Money m, CellStyle style) {
		cell.setCellValue(m.yuan().doubleValue());
		cell.setCellStyle(style);
	}

	private static String who(@Nullable String name, @Nullable Instant at) {
		return name == null && at == null ? "—" : (name == null ? "" : name + " ") + at(at);
	}

	// --- pdf ---------------------------------------------------------------------------------------------------------

	static byte[] pdf(Statement statement, Settlements.Texts t) {
		SettlementView s = statement.settlement();
		return Pdf.a4(true, document -> {
			document.add(centered(t.get("settlement.doc.title"), Pdf.bold(16)));
			document.add(centered(t.get("settlement.doc.number", s.id()) + "　" + t.get("settlement.status." + s.status()),
					Pdf.font(10)));
			PdfPTable parties = table(new float[] { 1, 3, 1, 3 });
			label(parties, t.get("settlement.provider"));
			value(parties, s.providerName());
			label(parties, t.get("settlement.school"));
			value(parties, s.schoolName());
			label(parties, t.get("settlement.period"));
			value(parties, period(s, t));
			label(parties, t.get("settlement.computedTo"));
			value(parties, String.valueOf(s.computedTo()));
			document.add(parties);

			for (Statement.OfferingPart o : statement.offerings()) {
				document.add(new Paragraph(o.name() + "　" + t.get("settlement.feeEach", o.feePerLesson()), Pdf.bold(11)));
				if (o.sessions().isEmpty()) {
					document.add(new Paragraph(t.get("settlement.noSessions"), Pdf.font(9)));
					continue;
				}
				PdfPTable table = table(new float[] { 2, 2, 4, 3, 1.5f, 2 });
				for (String h : new String[] { "settlement.col.date", "settlement.col.time", "settlement.col.checkIn",
						"settlement.col.state", "settlement.col.children", "settlement.col.amount" }) {
					label(table, t.get(h));
				}
				for (Statement.SessionLine l : o.sessions()) {
					value(table, l.date().toString());
					value(table, l.starts() + "–" + l.ends());
					value(table, l.checkIns().isEmpty() ? "—" : l.checkIns());
					value(table, t.get("settlement.state." + l.state()));
					number(table, String.valueOf(l.children()));
					number(table, l.amount().toString());
				}
				PdfPCell sub = new PdfPCell(new Phrase(t.get("settlement.subtotal", o.count(SessionState.GIVEN)), Pdf.bold(9)));
				sub.setColspan(4);
				table.addCell(sub);
				number(table, String.valueOf(o.childLessons()));
				number(table, o.amount().toString());
				document.add(table);
			}

			PdfPTable totals = table(new float[] { 2, 3, 2, 3 });
			label(totals, t.get("settlement.col.given"));
			value(totals, String.valueOf(statement.count(SessionState.GIVEN)));
			label(totals, t.get("settlement.col.notGiven"));
			value(totals, t.get("settlement.notGivenCounts", statement.count(SessionState.NOT_CHECKED_IN),
					statement.count(SessionState.CANCELLED)));
			label(totals, t.get("settlement.col.childLessons"));
			value(totals, String.valueOf(statement.childLessons()));
			label(totals, t.get("settlement.creditsTotal"));
			value(totals, statement.creditsTotal().toString());
			label(totals, t.get("settlement.total"));
			PdfPCell total = new PdfPCell(new Phrase(statement.total() + "（" + t.get("settlement.capitals") + "："
					+ RmbCapitals.of(statement.total()) + "）", Pdf.bold(11)));
			total.setColspan(3);
			totals.addCell(total);
			document.add(totals);
			document.add(new Paragraph(t.get("settlement.formula"), Pdf.font(8)));

			if (!statement.credits().isEmpty()) {
				document.add(new Paragraph(t.get("settlement.credits"), Pdf.bold(11)));
				PdfPTable credits = table(new float[] { 2, 4, 2, 2, 1, 2 });
				for (String h : new String[] { "settlement.col.date", "settlement.col.offering", "settlement.col.child",
						"settlement.col.reason", "settlement.col.lessons", "settlement.col.amount" }) {
					label(credits, t.get(h));
				}
				for (Statement.CreditLine l : statement.credits()) {
					value(credits, l.date().toString());
					value(credits, l.offeringName());
					value(credits, l.childName());
					value(credits, t.get("settlement.creditReason." + l.reason()));
					number(credits, String.valueOf(l.lessons()));
					number(credits, l.amount().toString());
				}
				document.add(credits);
			}

			PdfPTable approval = table(new float[] { 1, 3, 1, 3 });
			label(approval, t.get("settlement.submitted"));
			value(approval, who(s.submittedBy(), s.submittedAt()));
			label(approval, t.get("settlement.decided"));
			value(approval, who(s.decidedBy(), s.decidedAt()));
			if (s.returnReason() != null) {
				label(approval, t.get("settlement.returnReason"));
				PdfPCell reason = new PdfPCell(new Phrase(s.returnReason(), Pdf.font(9)));
				reason.setColspan(3);
				approval.addCell(reason);
			}
			document.add(approval);
			if (!statement.frozen()) {
				document.add(new Paragraph(t.get("settlement.provisional"), Pdf.font(8)));
			}
		});
	}

	private static Paragraph centered(String text, Font font) {
		Paragraph p = new Paragraph(text, font);
		p.setAlignment(Element.ALIGN_CENTER);
		p.setSpacingAfter(6);
		return p;
	}

	static PdfPTable table(float[] widths) {
		PdfPTable table = new PdfPTable(widths);
		table.setWidthPercentage(100);
		table.setSpacingBefore(6);
		table.setSpacingAfter(6);
		return table;
	}

	static void label(PdfPTable table, String text) {
		PdfPCell cell = new PdfPCell(new Phrase(text, Pdf.bold(9)));
		cell.setBackgroundColor(new Color(0xEE, 0xF2, 0xF7));
		table.addCell(cell);
	}

	static void value(PdfPTable table, String text) {
		table.addCell(new PdfPCell(new Phrase(text, Pdf.font(9))));
	}

	static void number(PdfPTable table, String text) {
		PdfPCell cell = new PdfPCell(new Phrase(text, Pdf.font(9)));
		cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
		table.addCell(cell);
	}
}
