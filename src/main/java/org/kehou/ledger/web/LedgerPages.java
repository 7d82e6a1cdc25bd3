package org.kehou.ledger.web;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.ledger.LedgerReports;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The ledger page of the console: the trial balance by account kind and the recent postings of the scope. */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
class LedgerPages {

	static final int PAGE_SIZE = 20;

	private final LedgerReports reports;

	LedgerPages(LedgerReports reports) {
		this.reports = reports;
	}

	@GetMapping("/console/ledger")
	String page(@RequestParam(required = false) @Nullable Long schoolId, @RequestParam(defaultValue = "0") int page,
			Model model) {
		Scope scope = CurrentUser.scope();
		model.addAttribute("schoolId", schoolId);
		model.addAttribute("trial", reports.trialBalance(scope, schoolId));
		model.addAttribute("postings", reports.postings(scope, schoolId, page, PAGE_SIZE));
		model.addAttribute("proof", scope.isCity() && schoolId == null ? reports.proof() : null);
		return "ledger/ledger";
	}
}
