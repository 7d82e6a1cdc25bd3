package org.kehou.supervision.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Schools;
import org.kehou.supervision.Alerts;
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
 * The city's supervision dashboard (监管平台 · 监管看板), city admin only: the city, drill-down to a town (or the
 * city-direct schools, {@code town=0}), a school and an offering by query parameters, over a period
 * ({@code from}/{@code to}, default the last 120 days). Figures come only from the read models that ingestion
 * projects; each level exports as .xlsx.
 */
@Controller
@Access(Role.CITY_ADMIN)
class DashboardPages {

	private static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private final DashboardViews views;

	private final Alerts alerts;

	private final Schools schools;

	DashboardPages(DashboardViews views, Alerts alerts, Schools schools) {
		this.views = views;
		this.alerts = alerts;
		this.schools = schools;
	}

	@GetMapping(DashboardViews.PATH)
	String dashboard(@RequestParam(required = false) @Nullable Long town,
			@RequestParam(required = false) @Nullable Long school, @RequestParam(required = false) @Nullable Long platform,
			@RequestParam(required = false) @Nullable String offering,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			Model model) {
		DashboardViews.Selection selection = new DashboardViews.Selection(town, school, platform, offering,
				views.period(from, to));
		Dashboard dashboard = views.build(CurrentUser.scope(), selection);
		model.addAttribute("dashboard", dashboard);
		model.addAttribute("selection", selection);
		// the alerts: a count with a link on every level, a school's open alerts on its page
		model.addAttribute("openAlerts", alerts.openCount(CurrentUser.scope()));
		if (school != null && offering == null) {
			schools.findSchool(school)
				.ifPresent(found -> model.addAttribute("schoolAlerts", alerts.openAtSchool(found.code())));
		}
		return "supervision/dashboard";
	}

	@GetMapping(DashboardViews.PATH + ".xlsx")
	ResponseEntity<byte[]> export(@RequestParam(required = false) @Nullable Long town,
			@RequestParam(required = false) @Nullable Long school, @RequestParam(required = false) @Nullable Long platform,
			@RequestParam(required = false) @Nullable String offering,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to) {
		DashboardViews.Selection selection = new DashboardViews.Selection(town, school, platform, offering,
				views.period(from, to));
		Dashboard dashboard = views.build(CurrentUser.scope(), selection);
		return ResponseEntity.ok()
			.contentType(XLSX)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("dashboard-" + selection.period().from() + "-" + selection.period().to() + ".xlsx",
								StandardCharsets.UTF_8)
						.build()
						.toString())
			.body(DashboardWorkbook.xlsx(dashboard, views.text("dashboard.sheet.figures")));
	}
}
