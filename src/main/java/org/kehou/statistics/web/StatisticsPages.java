package org.kehou.statistics.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.shared.dashboard.Dashboard;
import org.kehou.shared.dashboard.DashboardWorkbook;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The service platform's statistics (数据统计): the city admin sees the platform, a town admin its town, a school
 * admin its school, with drill-down to towns, schools and offerings by query parameters
 * ({@code ?town=&school=&offering=&from=&to=}) and an .xlsx export of every level. The same dashboard components as
 * the city's supervision dashboard.
 */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
class StatisticsPages {

	private static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private final StatisticsViews views;

	StatisticsPages(StatisticsViews views) {
		this.views = views;
	}

	@GetMapping(StatisticsViews.PATH)
	String statistics(@RequestParam(required = false) @Nullable Long town,
			@RequestParam(required = false) @Nullable Long school, @RequestParam(required = false) @Nullable Long offering,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			Model model) {
		StatisticsViews.Selection selection = new StatisticsViews.Selection(town, school, offering,
				views.period(from, to));
		model.addAttribute("dashboard", views.build(CurrentUser.scope(), selection));
		model.addAttribute("selection", selection);
		return "statistics/dashboard";
	}

	@GetMapping(StatisticsViews.PATH + ".xlsx")
	ResponseEntity<byte[]> export(@RequestParam(required = false) @Nullable Long town,
			@RequestParam(required = false) @Nullable Long school, @RequestParam(required = false) @Nullable Long offering,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to) {
		StatisticsViews.Selection selection = new StatisticsViews.Selection(town, school, offering,
				views.period(from, to));
		Dashboard dashboard = views.build(CurrentUser.scope(), selection);
		return ResponseEntity.ok()
			.contentType(XLSX)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("statistics-" + selection.period().from() + "-" + selection.period().to() + ".xlsx",
								StandardCharsets.UTF_8)
						.build()
						.toString())
			.body(DashboardWorkbook.xlsx(dashboard, views.text("statistics.sheet.figures")));
	}
}
