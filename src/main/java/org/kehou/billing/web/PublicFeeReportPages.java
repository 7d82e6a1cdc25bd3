package org.kehou.billing.web;

import org.kehou.billing.PublicFeeReports;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.PublicEndpoint;
import org.kehou.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * 收费定期公开: a school's fee standards and, for ended terms, its fee income and use — public (no sign-in, the path
 * is in the security configuration's public paths), phone-sized, aggregates only. The school's administrator
 * reaches the same page from the console menu.
 */
@Controller
class PublicFeeReportPages {

	private final PublicFeeReports reports;

	PublicFeeReportPages(PublicFeeReports reports) {
		this.reports = reports;
	}

	/**
	 * Public: {@code schoolId} names a school, whose name and fee report are public information; the central scope
	 * check does not apply to public endpoints. An unknown or inactive school is a 404 page.
	 */
	@GetMapping("/public/schools/{schoolId}/fees")
	@PublicEndpoint
	String report(@PathVariable long schoolId, Model model) {
		model.addAttribute("report", reports.report(schoolId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such school")));
		return "billing/public-fees";
	}

	/** The school administrator's way in from the console: the school's own public report. */
	@GetMapping("/console/billing/public-report")
	@Access(Role.SCHOOL_ADMIN)
	String mine() {
		Long school = CurrentUser.scope().schoolId();
		if (school == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no school");
		}
		return "redirect:/public/schools/" + school + "/fees";
	}
}
