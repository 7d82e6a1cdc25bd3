package org.kehou.cityfeed;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Safelist;

/**
 * A policy's body as received, cleaned again on arrival with the safelist of the exchange standard
 * (policy.schema.json {@code bodyHtml}; the same list the supervision side cleans with): {@code p, br, h2–h4, ul,
 * ol, li, strong, em, a} (http, https, mailto; {@code rel="noopener noreferrer"}) and tables. The wire is never
 * trusted: a script or an event handler that reached the feed is removed here.
 */
final class PolicyHtml {

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

	static String clean(String html) {
		Document.OutputSettings out = new Document.OutputSettings().prettyPrint(false)
			.charset("UTF-8")
			.escapeMode(Entities.EscapeMode.base);
		return Jsoup.clean(html, "", SAFE, out).strip();
	}
}
