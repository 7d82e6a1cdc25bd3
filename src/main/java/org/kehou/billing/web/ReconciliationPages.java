package org.kehou.billing.web;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.kehou.billing.Reconciliations;
import org.kehou.billing.Reconciliations.Run;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 对账 in the console: pick a day, see its run and differences (city: all; a town: its schools'), reconcile the day
 * again (city), download the statement (city), resolve a difference with a note.
 */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
class ReconciliationPages {

	private final Reconciliations reconciliations;

	private final MessageSource messages;

	ReconciliationPages(Reconciliations reconciliations, MessageSource messages) {
		this.reconciliations = reconciliations;
		this.messages = messages;
	}

	static LocalDate dayOrYesterday(@Nullable LocalDate date) {
		return date == null ? ReconciliationApi.today().minusDays(1) : date;
	}

	static void requireNotFuture(LocalDate date) {
		if (date.isAfter(ReconciliationApi.today())) {
			throw new IllegalArgumentException("the day has not come yet: " + date);
		}
	}

	@GetMapping("/console/billing/reconciliation")
	String page(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			Model model) {
		Scope scope = CurrentUser.scope();
		LocalDate day = dayOrYesterday(date);
		Run run = reconciliations.runOf(day).orElse(null);
		model.addAttribute("date", day);
		model.addAttribute("today", ReconciliationApi.today());
		model.addAttribute("gateway", reconciliations.gatewayName());
		model.addAttribute("run", run);
		model.addAttribute("differences", run == null ? java.util.List.of() : reconciliations.differences(scope, run.id()));
		model.addAttribute("open", reconciliations.openDifferences(scope, 50));
		model.addAttribute("runs", reconciliations.recentRuns(14));
		model.addAttribute("city", scope.isCity());
		return "billing/reconciliation";
	}

	@PostMapping("/console/billing/reconciliation/run")
	@Access(Role.CITY_ADMIN)
	String reconcile(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
			RedirectAttributes redirect) {
		if (date.isAfter(ReconciliationApi.today())) {
			redirect.addFlashAttribute("error", message("finance.recon.future"));
		}
		else {
			Run run = reconciliations.reconcile(date, CurrentUser.require().id());
			redirect.addFlashAttribute(run.status().equals("DONE") ? "flash" : "error",
					message(run.status().equals("DONE") ? "finance.recon.done" : "finance.recon.failed"));
		}
		return "redirect:/console/billing/reconciliation?date=" + date;
	}

	@PostMapping("/console/billing/reconciliation/differences/{differenceId}/resolve")
	String resolve(@PathVariable long differenceId, @RequestParam(defaultValue = "") String note,
			RedirectAttributes redirect) {
		LocalDate day = reconciliations.difference(differenceId).map(Reconciliations.Difference::day).orElse(null);
		try {
			reconciliations.resolve(differenceId, note, CurrentUser.require());
			redirect.addFlashAttribute("flash", message("finance.recon.resolved"));
		}
		catch (Reconciliations.AlreadyResolved e) {
			redirect.addFlashAttribute("error", message("finance.recon.alreadyResolved"));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", message("finance.recon.noteRequired"));
		}
		return "redirect:/console/billing/reconciliation" + (day == null ? "" : "?date=" + day);
	}

	@GetMapping("/console/billing/reconciliation/statement")
	@Access(Role.CITY_ADMIN)
	ResponseEntity<byte[]> statement(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
		return ReconciliationApi.csv(reconciliations.gatewayName(), date, reconciliations.statementCsv(date));
	}

	private String message(String key) {
		return messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}
}
