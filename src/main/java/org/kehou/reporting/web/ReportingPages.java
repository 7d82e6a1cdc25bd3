package org.kehou.reporting.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import org.kehou.identity.Access;
import org.kehou.identity.AuditLog;
import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.kehou.reporting.ParkedRecord;
import org.kehou.reporting.Delivery;
import org.kehou.reporting.Reporter;
import org.kehou.reporting.ReportingStatus;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The reporter's page on the service platform ({@code /console/reporting}): the outbox backlog, delivery state, the
 * parked records with their reasons, and three actions (send now, full sync, retry parked). For the city admin of
 * this deployment: reporting to the city is the platform's business as a whole, no town or school owns it.
 */
@Controller
@Access(Role.CITY_ADMIN)
class ReportingPages {

	static final int PAGE_SIZE = 20;

	private final Reporter reporter;

	private final AuditLog audit;

	private final MessageSource messages;

	ReportingPages(Reporter reporter, AuditLog audit, MessageSource messages) {
		this.reporter = reporter;
		this.audit = audit;
		this.messages = messages;
	}

	@GetMapping("/console/reporting")
	String page(@RequestParam(defaultValue = "0") int page, Model model) {
		int p = Math.max(0, page);
		ReportingStatus status = reporter.status();
		List<ParkedRecord> parked = reporter.parked(p, PAGE_SIZE);
		model.addAttribute("status", status);
		model.addAttribute("connected", reporter.connected());
		model.addAttribute("parked", parked);
		model.addAttribute("page", p);
		model.addAttribute("hasNext", (long) (p + 1) * PAGE_SIZE < status.parked());
		model.addAttribute("oldestMinutes",
				status.oldestPending() == null ? null : status.oldestPending().toMinutes());
		return "reporting/reporting";
	}

	@PostMapping("/console/reporting/send")
	String send(RedirectAttributes redirect) {
		if (!reporter.connected()) {
			redirect.addFlashAttribute("error", text("reporting.notConnected"));
			return "redirect:/console/reporting";
		}
		reporter.clearBackoff();
		Delivery d = reporter.drain();
		audit.record(AuditLog.Entry.of("reporting-send", "exchange_outbox", "all"));
		if (d.failed()) {
			redirect.addFlashAttribute("error", text("reporting.sendFailed", d.error()));
		}
		else {
			redirect.addFlashAttribute("flash", text("reporting.sent"));
		}
		return "redirect:/console/reporting";
	}

	@PostMapping("/console/reporting/resync")
	String resync(RedirectAttributes redirect) {
		long n = reporter.enqueueAll(5000);
		audit.record(AuditLog.Entry.of("reporting-resync", "exchange_outbox", "all").detail(n + " rows"));
		redirect.addFlashAttribute("flash", text("reporting.resynced", n));
		return "redirect:/console/reporting";
	}

	@PostMapping("/console/reporting/retry-parked")
	String retryParked(RedirectAttributes redirect) {
		int n = reporter.retryParked();
		audit.record(AuditLog.Entry.of("reporting-retry-parked", "exchange_parked", "all").detail(n + " rows"));
		redirect.addFlashAttribute("flash", text("reporting.retried", n));
		return "redirect:/console/reporting";
	}

	private String text(String key, Object... args) {
		Locale locale = LocaleContextHolder.getLocale();
		return messages.getMessage(key, args, key, locale);
	}

	@Configuration(proxyBeanMethods = false)
	static class ReportingMenu {

		@Bean
		NavigationItem reportingMenuItem() {
			return new NavigationItem("reporting.nav.section", "reporting.nav.reporting", "/console/reporting",
					EnumSet.of(Role.CITY_ADMIN), 90);
		}
	}
}
