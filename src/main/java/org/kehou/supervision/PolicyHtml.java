package org.kehou.supervision;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Safelist;

/**
 * A policy's rich text, cleaned to the exchange standard's safe subset of HTML (policy.schema.json {@code bodyHtml}):
 * {@code p, br, h2–h4, ul, ol, li, strong, em, a} (href http, https or mailto only; opened with
 * {@code rel="noopener noreferrer"}) and tables ({@code table, thead, tbody, tr, th, td}). Everything else — scripts,
 * styles, event handlers such as {@code onclick}, {@code javascript:} links, images, forms — is removed, keeping the
 * text. Text without any tag is taken as plain text: paragraphs split at blank lines, lines kept with {@code br}.
 * Cleaned with jsoup's {@link Safelist} (docs/libraries.md).
 */
public final class PolicyHtml {

	private static final Safelist SAFE = new Safelist()
		.addTags("p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "table", "thead", "tbody", "tr",
				"th", "td")
		.addAttributes("a", "href")
		.addProtocols("a", "href", "http", "https", "mailto")
		.addEnforcedAttribute("a", "rel", "noopener noreferrer")
		.addAttributes("th", "colspan", "rowspan")
		.addAttributes("td", "colspan", "rowspan");

	private PolicyHtml() {
	}

	/** The safe HTML of what a city admin typed (HTML or plain text); blank when nothing is left. */
	public static String clean(String input) {
		String text = input.replace("\r\n", "\n").strip();
		if (text.isEmpty()) {
			return "";
		}
		String html = text.indexOf('<') < 0 ? plain(text) : text;
		Document.OutputSettings out = new Document.OutputSettings().prettyPrint(false)
			.charset("UTF-8")
			.escapeMode(Entities.EscapeMode.base);
		return Jsoup.clean(html, "", SAFE, out).strip();
	}

	/** Whether the cleaned HTML shows any text. */
	public static boolean hasText(String html) {
		return !Jsoup.parse(html).text().isBlank();
	}

	private static String plain(String text) {
		StringBuilder html = new StringBuilder();
		for (String paragraph : text.split("\n\\s*\n")) {
			if (!paragraph.isBlank()) {
				html.append("<p>").append(Entities.escape(paragraph.strip()).replace("\n", "<br>")).append("</p>");
			}
		}
		return html.toString();
	}
}
