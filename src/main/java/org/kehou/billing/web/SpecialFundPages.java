package org.kehou.billing.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.billing.SpecialFundReports;
import org.kehou.billing.SpecialFundReports.Report;
import org.kehou.billing.SpecialFundReports.TermKey;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The special-fund report: the page ({@code /console/billing/fund}), its .xlsx export and the JSON API
 * ({@code /api/v1/billing/fund}). {@code townId} / {@code schoolId} narrow it (checked against the scope centrally).
 */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
class SpecialFundPages {

	static final List<String> CATEGORIES = List.of("SUBSISTENCE", "POVERTY_REGISTERED", "SPECIAL_NEEDS", "ORPHAN",
			"LEFT_BEHIND", "MIGRANT", "OTHER");

	private final SpecialFundReports reports;

	private final MessageSource messages;

	SpecialFundPages(SpecialFundReports reports, MessageSource messages) {
		this.reports = reports;
		this.messages = messages;
	}

	private Report report(@Nullable String term, @Nullable Long townId, @Nullable Long schoolId) {
		Scope scope = CurrentUser.scope();
		TermKey key = TermKey.parse(term).orElseGet(SpecialFundReports::currentTerm);
		return reports.report(scope, key, townId, schoolId);
	}

	@GetMapping("/console/billing/fund")
	String page(@RequestParam(required = false) @Nullable String term,
			@RequestParam(required = false) @Nullable Long townId,
			@RequestParam(required = false) @Nullable Long schoolId, Model model) {
		Scope scope = CurrentUser.scope();
		Report report = report(term, townId, schoolId);
		model.addAttribute("report", report);
		model.addAttribute("terms", reports.terms(scope));
		model.addAttribute("townId", townId);
		model.addAttribute("schoolId", schoolId);
		model.addAttribute("categoryNames", categoryNames());
		// the city first sees towns, then drills to a town's schools; a town sees its schools; a school itself
		model.addAttribute("byTown", scope.isCity() && townId == null && schoolId == null);
		return "billing/fund";
	}

	@GetMapping("/console/billing/fund.xlsx")
	ResponseEntity<byte[]> xlsx(@RequestParam(required = false) @Nullable String term,
			@RequestParam(required = false) @Nullable Long townId,
			@RequestParam(required = false) @Nullable Long schoolId) {
		Report report = report(term, townId, schoolId);
		byte[] book = reports.xlsx(report,
				List.of(m("finance.fund.town"), m("finance.fund.school"), m("finance.fund.category"),
						m("finance.fund.children"), m("finance.fund.exempt")),
				List.of(m("finance.fund.town"), m("finance.fund.school"), m("finance.fund.children"),
						m("finance.fund.exempt"), m("finance.fund.balance")),
				categoryNames());
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"special-fund-" + report.term() + ".xlsx\"")
			.body(book);
	}

	@GetMapping("/api/v1/billing/fund")
	@ResponseBody
	Report api(@RequestParam(required = false) @Nullable String term,
			@RequestParam(required = false) @Nullable Long townId,
			@RequestParam(required = false) @Nullable Long schoolId) {
		return report(term, townId, schoolId);
	}

	private Map<String, String> categoryNames() {
		Map<String, String> names = new LinkedHashMap<>();
		CATEGORIES.forEach(c -> names.put(c, m("finance.category." + c)));
		return names;
	}

	private String m(String key) {
		return messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}
}
