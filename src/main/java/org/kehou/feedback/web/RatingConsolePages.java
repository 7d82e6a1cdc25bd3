package org.kehou.feedback.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.kehou.feedback.OfferingScore;
import org.kehou.feedback.RatingCriterion;
import org.kehou.feedback.Ratings;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.databind.json.JsonMapper;

/**
 * The console's ratings (评价统计): the offerings of a school in a term compared — average overall and per criterion,
 * count, satisfaction rate, response rate — sortable, with a bar chart (ECharts) and an .xlsx export; one offering's
 * figures and screened comments. The school is one of the reader's (city: any, town: its schools, school: itself,
 * provider: where it has offerings — and then only its own offerings are listed); a school out of reach answers 404.
 */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
class RatingConsolePages {

	/** The sort orders of the comparison. */
	static final List<String> SORTS = List.of("overall", "satisfaction", "response", "count", "name");

	/** The school and term a console reader looks at (null: none to choose from). */
	record Selection(@Nullable Long school, @Nullable Long term, List<Ratings.Choice> schools, List<Ratings.Choice> terms) {
	}

	private final Ratings ratings;

	private final MessageSource messages;

	private final JsonMapper json;

	RatingConsolePages(Ratings ratings, MessageSource messages, JsonMapper json) {
		this.ratings = ratings;
		this.messages = messages;
		this.json = json;
	}

	/** The requested school if the reader may see it (else 404), or the reader's first; the term likewise. */
	static Selection select(Ratings ratings, KehouUser reader, @Nullable Long schoolId, @Nullable Long termId) {
		List<Ratings.Choice> schools = ratings.schools(reader);
		Long school = schoolId;
		if (school != null && schools.stream().noneMatch(s -> s.id() == schoolId)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		if (school == null && !schools.isEmpty()) {
			school = schools.get(0).id();
		}
		if (school == null) {
			return new Selection(null, null, schools, List.of());
		}
		List<Ratings.Choice> terms = ratings.terms(school);
		Long term = termId;
		if (term != null && terms.stream().noneMatch(t -> t.id() == termId)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		if (term == null) {
			term = ratings.currentTerm(school).orElse(null);
		}
		return new Selection(school, term, schools, terms);
	}

	@GetMapping("/console/ratings")
	String compare(@RequestParam(required = false) @Nullable Long school, @RequestParam(required = false) @Nullable Long term,
			@RequestParam(defaultValue = "overall") String sort, Model model) {
		KehouUser me = CurrentUser.require();
		Selection s = select(ratings, me, school, term);
		String order = SORTS.contains(sort) ? sort : "overall";
		List<OfferingScore> rows = rows(me, s, order);
		model.addAttribute("selection", s);
		model.addAttribute("rows", rows);
		model.addAttribute("sort", order);
		model.addAttribute("criteria", RatingCriterion.values());
		model.addAttribute("chart", chart(rows));
		model.addAttribute("settings", ratings.properties());
		return "feedback/ratings-console";
	}

	@GetMapping("/console/ratings/export")
	ResponseEntity<byte[]> export(@RequestParam(required = false) @Nullable Long school,
			@RequestParam(required = false) @Nullable Long term, @RequestParam(defaultValue = "overall") String sort) {
		KehouUser me = CurrentUser.require();
		Selection s = select(ratings, me, school, term);
		List<OfferingScore> rows = rows(me, s, SORTS.contains(sort) ? sort : "overall");
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("ratings.xlsx", StandardCharsets.UTF_8).build().toString())
			.body(xlsx(rows));
	}

	@GetMapping("/console/ratings/offerings/{offeringId}")
	String offering(@PathVariable long offeringId, Model model) {
		OfferingScore score = ratings.offering(offeringId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("score", score);
		model.addAttribute("comments", ratings.comments(offeringId));
		model.addAttribute("criteria", RatingCriterion.values());
		return "feedback/rating-offering";
	}

	private List<OfferingScore> rows(KehouUser me, Selection s, String sort) {
		if (s.school() == null || s.term() == null) {
			return List.of();
		}
		List<OfferingScore> rows = new ArrayList<>(
				ratings.compare(s.school(), s.term(), me.role() == Role.PROVIDER_ADMIN ? me.scope().providerId() : null));
		Comparator<OfferingScore> byName = Comparator.comparing(OfferingScore::offeringName);
		Comparator<OfferingScore> order = switch (sort) {
			case "name" -> byName;
			case "count" -> Comparator.comparingInt((OfferingScore o) -> o.summary().count()).reversed().thenComparing(byName);
			case "satisfaction" -> descending(o -> o.summary().satisfaction()).thenComparing(byName);
			case "response" -> descending(OfferingScore::responsePercent).thenComparing(byName);
			default -> descending((OfferingScore o) -> o.summary().average()).thenComparing(byName);
		};
		rows.sort(order);
		return rows;
	}

	/** Highest first, offerings without a figure last. */
	private static Comparator<OfferingScore> descending(java.util.function.Function<OfferingScore, @Nullable BigDecimal> key) {
		return Comparator.comparing(key, Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder())).reversed();
	}

	/** The chart's data: offering names, average overall and satisfaction per offering, as JSON for the page. */
	private String chart(List<OfferingScore> rows) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("names", rows.stream().map(OfferingScore::offeringName).toList());
		data.put("average", rows.stream().map(r -> r.summary().average()).toList());
		data.put("satisfaction", rows.stream().map(r -> r.summary().satisfactionPercent()).toList());
		data.put("labels", List.of(message("rating.console.average"), message("rating.console.satisfaction")));
		return json.writeValueAsString(data);
	}

	private byte[] xlsx(List<OfferingScore> rows) {
		try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = book.createSheet(message("rating.console.title"));
			Row head = sheet.createRow(0);
			List<String> headers = new ArrayList<>(List.of(message("rating.console.offering"), message("rating.console.provider"),
					message("rating.console.count"), message("rating.console.eligible"), message("rating.console.average")));
			for (RatingCriterion c : RatingCriterion.values()) {
				headers.add(message(c.messageKey()));
			}
			headers.add(message("rating.console.satisfaction"));
			headers.add(message("rating.console.response"));
			for (int i = 0; i < headers.size(); i++) {
				head.createCell(i).setCellValue(headers.get(i));
			}
			int r = 1;
			for (OfferingScore o : rows) {
				Row row = sheet.createRow(r++);
				row.createCell(0).setCellValue(o.offeringName());
				row.createCell(1).setCellValue(o.providerName() == null ? message("rating.console.schoolOwn") : o.providerName());
				row.createCell(2).setCellValue(o.summary().count());
				row.createCell(3).setCellValue(o.eligible());
				number(row, 4, o.summary().average());
				int col = 5;
				for (RatingCriterion c : RatingCriterion.values()) {
					number(row, col++, o.summary().criterion(c));
				}
				number(row, col++, o.summary().satisfactionPercent());
				number(row, col, o.responsePercent());
			}
			book.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void number(Row row, int col, @Nullable BigDecimal value) {
		if (value != null) {
			row.createCell(col).setCellValue(value.doubleValue());
		}
	}

	private String message(String key) {
		return messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}
}
