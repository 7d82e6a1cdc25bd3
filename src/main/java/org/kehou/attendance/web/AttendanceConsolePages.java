package org.kehou.attendance.web;

import java.time.LocalDate;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.AttendanceReport;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Terms;
import org.kehou.selection.Offerings;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The school admin's attendance page (考勤统计): the school's offerings with held sessions, marks, leave and the
 * attendance rate for a day, week or term, and the .xlsx export of the same ({@code /api/v1/schools/{id}/attendance.xlsx}).
 * The school is the caller's own.
 */
@Controller
@Access(Role.SCHOOL_ADMIN)
class AttendanceConsolePages {

	private final AttendanceReport report;

	private final Terms terms;

	private final Offerings offerings;

	AttendanceConsolePages(AttendanceReport report, Terms terms, Offerings offerings) {
		this.report = report;
		this.terms = terms;
		this.offerings = offerings;
	}

	@GetMapping("/console/attendance")
	String school(@RequestParam(defaultValue = "WEEK") AttendanceReport.Period period,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			Model model) {
		long school = Objects.requireNonNull(CurrentUser.scope().schoolId());
		LocalDate day = date == null ? Sessions.now().toLocalDate() : date;
		AttendanceReport.Range range = SessionApi.schoolRange(terms, school, period, day);
		model.addAttribute("school", school);
		model.addAttribute("period", period);
		model.addAttribute("periods", AttendanceReport.Period.values());
		model.addAttribute("date", day);
		model.addAttribute("range", range);
		model.addAttribute("lines", report.school(school, range));
		return "attendance/school";
	}

	/** One offering of the school: its children with their marks and leave in the period, and the export. */
	@GetMapping("/console/attendance/offerings/{offeringId}")
	String offering(@PathVariable long offeringId,
			@RequestParam(defaultValue = "WEEK") AttendanceReport.Period period,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			Model model) {
		LocalDate day = date == null ? Sessions.now().toLocalDate() : date;
		AttendanceReport.Range range = SessionApi.offeringRange(offerings, terms, offeringId, period, day);
		model.addAttribute("offering", offerings.find(offeringId).orElseThrow());
		model.addAttribute("period", period);
		model.addAttribute("periods", AttendanceReport.Period.values());
		model.addAttribute("date", day);
		model.addAttribute("range", range);
		model.addAttribute("lines", report.offering(offeringId, range));
		return "attendance/offering";
	}
}
