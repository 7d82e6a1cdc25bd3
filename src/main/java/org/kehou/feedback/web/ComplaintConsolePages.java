package org.kehou.feedback.web;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.ComplaintFinding;
import org.kehou.feedback.ComplaintInvalid;
import org.kehou.feedback.ComplaintLevel;
import org.kehou.feedback.ComplaintRefused;
import org.kehou.feedback.ComplaintStatus;
import org.kehou.feedback.ComplaintView;
import org.kehou.feedback.Complaints;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
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
 * The admins' complaint pages in the console: the complaints of the scope (filters status, level, overdue; pages of
 * 20; the most urgent first) and one complaint with its photos and timeline, where the admin of its level accepts,
 * responds, resolves or escalates it (lower levels' complaints are read-only for town and city).
 */
@Controller
class ComplaintConsolePages {

	static final int PAGE_SIZE = 20;

	private final Complaints complaints;

	private final MessageSource messages;

	ComplaintConsolePages(Complaints complaints, MessageSource messages) {
		this.complaints = complaints;
		this.messages = messages;
	}

	@GetMapping("/console/complaints")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	String list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String level,
			@RequestParam(defaultValue = "false") boolean overdue, @RequestParam(defaultValue = "0") int page,
			Model model) {
		ComplaintStatus s = parse(ComplaintStatus.class, status);
		ComplaintLevel l = parse(ComplaintLevel.class, level);
		model.addAttribute("result",
				complaints.list(CurrentUser.require(), new Complaints.Filter(s, l, overdue), page, PAGE_SIZE));
		model.addAttribute("status", s);
		model.addAttribute("level", l);
		model.addAttribute("overdue", overdue);
		model.addAttribute("statuses", ComplaintStatus.values());
		model.addAttribute("levels", ComplaintLevel.values());
		return "feedback/complaints-console";
	}

	@GetMapping("/console/complaints/{complaintId}")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	String detail(@PathVariable long complaintId, Model model) {
		ComplaintView complaint = complaints.find(complaintId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("c", complaint);
		model.addAttribute("timeline", complaints.timeline(complaintId));
		model.addAttribute("mine", ComplaintLevel.of(CurrentUser.require().role()) == complaint.level());
		model.addAttribute("findings", ComplaintFinding.values());
		return "feedback/complaint-console";
	}

	@PostMapping("/console/complaints/{complaintId}/accept")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	String accept(@PathVariable long complaintId, RedirectAttributes redirect) {
		return step(complaintId, redirect, "complaint.done.accepted", () -> complaints.accept(complaintId));
	}

	@PostMapping("/console/complaints/{complaintId}/respond")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	String respond(@PathVariable long complaintId, @RequestParam(required = false) @Nullable String response,
			@RequestParam(required = false) @Nullable String finding, RedirectAttributes redirect) {
		ComplaintFinding f = parse(ComplaintFinding.class, finding);
		return step(complaintId, redirect, "complaint.done.responded", () -> complaints.respond(complaintId, response, f));
	}

	@PostMapping("/console/complaints/{complaintId}/resolve")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	String resolve(@PathVariable long complaintId, @RequestParam(required = false) @Nullable String note,
			RedirectAttributes redirect) {
		return step(complaintId, redirect, "complaint.done.resolved", () -> complaints.resolve(complaintId, note));
	}

	@PostMapping("/console/complaints/{complaintId}/escalate")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN })
	String escalate(@PathVariable long complaintId, @RequestParam(required = false) @Nullable String reason,
			RedirectAttributes redirect) {
		return step(complaintId, redirect, "complaint.done.escalated", () -> complaints.escalate(complaintId, reason));
	}

	private String step(long complaintId, RedirectAttributes redirect, String done, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", message(done));
		}
		catch (ComplaintInvalid e) {
			redirect.addFlashAttribute("error", String.join("；", ComplaintApi.errors(e, messages).values()));
		}
		catch (ComplaintRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/console/complaints/" + complaintId;
	}

	private static <E extends Enum<E>> @Nullable E parse(Class<E> type, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Enum.valueOf(type, value);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	/** The city's zone: pages show times in it. */
	@org.springframework.web.bind.annotation.ModelAttribute("zone")
	java.time.ZoneId zone() {
		return org.kehou.organisation.Terms.CITY_ZONE;
	}

	private String message(String key) {
		return messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}
}
