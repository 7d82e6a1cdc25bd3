package org.kehou.feedback.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.ComplaintInvalid;
import org.kehou.feedback.ComplaintRefused;
import org.kehou.feedback.ComplaintView;
import org.kehou.feedback.Complaints;
import org.kehou.identity.Access;
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
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The guardian's complaint pages on the phone: a child's complaints (我的投诉: status, deadline), the form of a new
 * one (subject, text, up to 3 photos; readable messages per field, the text kept), and one complaint with its
 * timeline, where the author rates the handling or reopens it.
 */
@Controller
class ComplaintPhonePages {

	private final Complaints complaints;

	private final MessageSource messages;

	ComplaintPhonePages(Complaints complaints, MessageSource messages) {
		this.complaints = complaints;
		this.messages = messages;
	}

	@GetMapping("/m/children/{studentId}/complaints")
	@Access(Role.GUARDIAN)
	String list(@PathVariable long studentId, Model model) {
		model.addAttribute("studentId", studentId);
		model.addAttribute("complaints", complaints.ofStudent(studentId));
		return "feedback/complaints";
	}

	@GetMapping("/m/children/{studentId}/complaints/new")
	@Access(Role.GUARDIAN)
	String form(@PathVariable long studentId, Model model) {
		return form(studentId, null, null, Map.of(), model);
	}

	@PostMapping("/m/children/{studentId}/complaints")
	@Access(Role.GUARDIAN)
	String file(@PathVariable long studentId, @RequestParam(required = false) @Nullable String subject,
			@RequestParam(required = false) @Nullable String text,
			@RequestParam(required = false) @Nullable String requestKey,
			@RequestParam(name = "photos", required = false) @Nullable List<MultipartFile> photos, Model model,
			RedirectAttributes redirect) {
		try {
			Complaints.Filed filed = complaints.file(studentId, new Complaints.Filing(subject, text, requestKey),
					ComplaintApi.bytes(photos));
			redirect.addFlashAttribute("flash", message("complaint.filed.flash"));
			return "redirect:/m/complaints/" + filed.complaint().id();
		}
		catch (ComplaintInvalid e) {
			model.addAttribute("error", message("complaint.form.invalid"));
			return form(studentId, subject, text, ComplaintApi.errors(e, messages), model);
		}
	}

	private String form(long studentId, @Nullable String subject, @Nullable String text, Map<String, String> errors,
			Model model) {
		model.addAttribute("studentId", studentId);
		model.addAttribute("subjects", complaints.subjects(studentId));
		model.addAttribute("subject", subject);
		model.addAttribute("text", text);
		model.addAttribute("errors", errors);
		model.addAttribute("requestKey", UUID.randomUUID().toString());
		model.addAttribute("textMin", Complaints.TEXT_MIN);
		model.addAttribute("textMax", Complaints.TEXT_MAX);
		return "feedback/complaint-form";
	}

	@GetMapping("/m/complaints/{complaintId}")
	@Access(Role.GUARDIAN)
	String detail(@PathVariable long complaintId, Model model) {
		ComplaintView complaint = complaints.find(complaintId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("c", complaint);
		model.addAttribute("timeline", complaints.timeline(complaintId));
		return "feedback/complaint";
	}

	@PostMapping("/m/complaints/{complaintId}/rate")
	@Access(Role.GUARDIAN)
	String rate(@PathVariable long complaintId, @RequestParam(required = false) @Nullable Integer rating,
			@RequestParam(required = false) @Nullable String comment, RedirectAttributes redirect) {
		return step(complaintId, redirect, "complaint.rate.done", () -> complaints.rate(complaintId, rating, comment));
	}

	@PostMapping("/m/complaints/{complaintId}/reopen")
	@Access(Role.GUARDIAN)
	String reopen(@PathVariable long complaintId, @RequestParam(required = false) @Nullable String reason,
			RedirectAttributes redirect) {
		return step(complaintId, redirect, "complaint.reopen.done", () -> complaints.reopen(complaintId, reason));
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
		return "redirect:/m/complaints/" + complaintId;
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
