package org.kehou.supervision.web;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Schools;
import org.kehou.organisation.Towns;
import org.kehou.supervision.AlertRule;
import org.kehou.supervision.AlertView;
import org.kehou.supervision.Alerts;
import org.kehou.supervision.InspectionTasks;
import org.kehou.supervision.OversightRefused;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The supervision platform's alerts (预警): the list (filters by status, severity, rule, town, school; pages of 20)
 * and one alert with its evidence, where it is assigned, resolved with a note, or turned into an inspection task. The
 * city admin sees every alert, a town admin those of its town's schools ({@code alertId} is scope-checked).
 */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
class AlertPages {

	static final String PATH = "/console/supervision/alerts";

	static final int PAGE_SIZE = 20;

	private final Alerts alerts;

	private final InspectionTasks tasks;

	private final Towns towns;

	private final Schools schools;

	private final MessageSource messages;

	AlertPages(Alerts alerts, InspectionTasks tasks, Towns towns, Schools schools, MessageSource messages) {
		this.alerts = alerts;
		this.tasks = tasks;
		this.towns = towns;
		this.schools = schools;
		this.messages = messages;
	}

	@GetMapping(PATH)
	String list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String severity, @RequestParam(required = false) @Nullable String rule,
			@RequestParam(required = false) @Nullable Long townId, @RequestParam(required = false) @Nullable Long schoolId,
			@RequestParam(defaultValue = "0") int page, Model model) {
		String s = oneOf(status, "OPEN", "ASSIGNED", "RESOLVED", "CLEARED");
		String v = oneOf(severity, "HIGH", "MEDIUM", "LOW");
		AlertRule r = rule(rule);
		var scope = CurrentUser.scope();
		model.addAttribute("result", alerts.list(scope, new Alerts.Filter(s, v, r, townId, schoolId), page, PAGE_SIZE));
		model.addAttribute("status", s);
		model.addAttribute("severity", v);
		model.addAttribute("rule", r);
		model.addAttribute("townId", townId);
		model.addAttribute("schoolId", schoolId);
		model.addAttribute("rules", AlertRule.values());
		model.addAttribute("towns", towns.listTowns(scope));
		model.addAttribute("schools", schools.schoolsIn(scope));
		return "supervision/alerts";
	}

	@GetMapping(PATH + "/{alertId}")
	String alert(@PathVariable long alertId, Model model) {
		AlertView alert = alerts.find(alertId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("alert", alert);
		model.addAttribute("assignable", alerts.assignable(alert.townId(), alert.schoolId()));
		model.addAttribute("tasks", tasks.fromAlert(alertId));
		return "supervision/alert";
	}

	@PostMapping(PATH + "/{alertId}/assign")
	String assign(@PathVariable long alertId, @RequestParam(required = false) @Nullable Long assignee,
			RedirectAttributes redirect) {
		try {
			alerts.assign(alertId, assignee == null ? -1 : assignee, CurrentUser.require());
			redirect.addFlashAttribute("flash", message("alert.assigned"));
		}
		catch (OversightRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:" + PATH + "/" + alertId;
	}

	@PostMapping(PATH + "/{alertId}/resolve")
	String resolve(@PathVariable long alertId, @RequestParam(required = false) @Nullable String note,
			RedirectAttributes redirect) {
		try {
			alerts.resolve(alertId, note, CurrentUser.require());
			redirect.addFlashAttribute("flash", message("alert.resolved"));
		}
		catch (OversightRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
			redirect.addFlashAttribute("note", note);
		}
		return "redirect:" + PATH + "/" + alertId;
	}

	private static @Nullable String oneOf(@Nullable String value, String... allowed) {
		for (String a : allowed) {
			if (a.equals(value)) {
				return a;
			}
		}
		return null;
	}

	private static @Nullable AlertRule rule(@Nullable String value) {
		for (AlertRule r : AlertRule.values()) {
			if (r.name().equals(value)) {
				return r;
			}
		}
		return null;
	}

	private String message(String key) {
		return messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}
}
