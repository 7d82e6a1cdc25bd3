package org.kehou.feedback.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.kehou.feedback.SurveyResults;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * A campaign's results as an .xlsx workbook: a sheet of figures (response rate; per question the counts and shares per
 * choice or value, the scale average) and a sheet of the text answers (screened; with the respondent's name only for
 * named campaigns — an anonymous campaign's export holds no identity).
 */
@Component
class SurveyExport {

	private final MessageSource messages;

	SurveyExport(MessageSource messages) {
		this.messages = messages;
	}

	byte[] xlsx(SurveyResults results) {
		Locale locale = LocaleContextHolder.getLocale();
		try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet figures = book.createSheet(messages.getMessage("survey.export.figures", null, locale));
			int r = 0;
			cells(figures.createRow(r++), results.survey().title());
			cells(figures.createRow(r++), messages.getMessage("survey.results.eligible", null, locale),
					String.valueOf(results.eligible()));
			cells(figures.createRow(r++), messages.getMessage("survey.results.answered", null, locale),
					String.valueOf(results.answered()));
			cells(figures.createRow(r++), messages.getMessage("survey.results.rate", null, locale),
					results.responseRate() + "%");
			r++;
			for (SurveyResults.QuestionResult q : results.questions()) {
				cells(figures.createRow(r++), q.question().position() + ". " + q.question().text(),
						messages.getMessage("survey.results.responses", new Object[] { q.responses() }, locale));
				for (SurveyResults.Count c : q.counts()) {
					Row row = figures.createRow(r++);
					row.createCell(1).setCellValue(c.label());
					row.createCell(2).setCellValue(c.count());
					row.createCell(3).setCellValue(c.share() + "%");
				}
				if (q.average() != null) {
					Row row = figures.createRow(r++);
					row.createCell(1).setCellValue(messages.getMessage("survey.results.average", null, locale));
					row.createCell(2).setCellValue(q.average().toPlainString());
				}
				r++;
			}
			Sheet texts = book.createSheet(messages.getMessage("survey.export.texts", null, locale));
			int t = 0;
			for (SurveyResults.QuestionResult q : results.questions()) {
				for (SurveyResults.TextAnswer a : q.texts()) {
					Row row = texts.createRow(t++);
					row.createCell(0).setCellValue(q.question().position() + ". " + q.question().text());
					row.createCell(1).setCellValue(a.text());
					if (a.respondent() != null) {
						row.createCell(2).setCellValue(a.respondent());
					}
				}
			}
			book.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void cells(Row row, String... values) {
		for (int i = 0; i < values.length; i++) {
			row.createCell(i).setCellValue(values[i]);
		}
	}
}
