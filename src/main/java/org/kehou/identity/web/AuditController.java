package org.kehou.identity.web;

import java.time.LocalDate;

import org.kehou.identity.Access;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.internal.AuditSearch;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log page: city administrators see everything, town administrators their town. Not itself audited. */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
class AuditController {

	/** Query parameters of the audit page and the audit API. */
	record AuditQuery(String actor, String action, String targetType, String targetId,
			@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, AuditLog.Outcome outcome) {

		AuditSearch.Filter filter() {
			return new AuditSearch.Filter(actor, action, targetType, targetId, from, to, outcome);
		}
	}

	private final AuditSearch search;

	AuditController(AuditSearch search) {
		this.search = search;
	}

	@GetMapping("/console/audit")
	String page(AuditQuery query, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("query", query);
		model.addAttribute("outcomes", AuditLog.Outcome.values());
		model.addAttribute("result", search.search(CurrentUser.scope(), query.filter(), page));
		return "identity/audit";
	}
}
