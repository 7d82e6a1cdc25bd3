package org.kehou.attendance.web;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.InspectionCriterion;
import org.kehou.attendance.InspectionInvalid;
import org.kehou.attendance.InspectionRefused;
import org.kehou.attendance.InspectionView;
import org.kehou.attendance.Inspections;
import org.kehou.attendance.RollCalls;
import org.kehou.attendance.SessionView;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Phone pages of inspections (巡课): the inspector's day — the school's sessions of today, visited or not — and the
 * visit form of one session (visit time, children counted, a 1–5 tap per criterion, notes, a photo from the phone's
 * camera); the form carries a request key made when it is drawn, so a double tap or a resubmit is harmless, and
 * bad input comes back with the reasons under each field. The visits of a session, as a fragment the session page
 * of teachers and instructors loads.
 */
@Controller
class InspectionPages {

	/** The form's values as typed, so a refused form comes back filled in. */
	record Form(String requestKey, String visitedAt, String presentCount, Map<InspectionCriterion, String> ratings,
			String notes) {
	}

	private final Inspections inspections;

	private final Sessions sessions;

	private final RollCalls rollCalls;

	private final MessageSource messages;

	InspectionPages(Inspections inspections, Sessions sessions, RollCalls rollCalls, MessageSource messages) {
		this.inspections = inspections;
		this.sessions = sessions;
		this.rollCalls = rollCalls;
		this.messages = messages;
	}

	@GetMapping("/m/inspections")
	@Access(Role.INSPECTOR)
	String today(Model model) {
		model.addAttribute("today", Sessions.now().toLocalDate());
		model.addAttribute("days", inspections.day(CurrentUser.require(), Sessions.now().toLocalDate()));
		return "attendance/inspections";
	}

	@GetMapping("/m/sessions/{sessionId}/inspection")
	@Access(Role.INSPECTOR)
	String form(@PathVariable long sessionId, Model model) {
		KehouUser me = CurrentUser.require();
		InspectionView mine = inspections.mine(me.id(), sessionId).orElse(null);
		Map<InspectionCriterion, String> ratings = new EnumMap<>(InspectionCriterion.class);
		Form form;
		if (mine == null) {
			form = new Form(UUID.randomUUID().toString(), Sessions.now().toLocalTime().withSecond(0).withNano(0).toString(),
					"", ratings, "");
		}
		else {
			mine.ratings().forEach((c, score) -> ratings.put(c, String.valueOf(score)));
			form = new Form(UUID.randomUUID().toString(), mine.visitedAt().toLocalTime().toString(),
					String.valueOf(mine.presentCount()), ratings, mine.notes() == null ? "" : mine.notes());
		}
		return form(sessionId, form, mine, Map.of(), model);
	}

	@PostMapping(path = "/m/sessions/{sessionId}/inspection", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Access(Role.INSPECTOR)
	String record(@PathVariable long sessionId, @RequestParam Map<String, String> params,
			@RequestParam(name = "photo", required = false) @Nullable MultipartFile photo, Model model,
			RedirectAttributes redirect) {
		SessionView session = sessions.find(sessionId).orElseThrow();
		Map<InspectionCriterion, String> typed = new EnumMap<>(InspectionCriterion.class);
		Map<InspectionCriterion, @Nullable Integer> ratings = new EnumMap<>(InspectionCriterion.class);
		Map<String, String> errors = new LinkedHashMap<>();
		for (InspectionCriterion c : InspectionCriterion.values()) {
			String value = params.getOrDefault("rating-" + c.name(), "").strip();
			typed.put(c, value);
			ratings.put(c, number(value));
			if (!value.isEmpty() && number(value) == null) {
				errors.put("ratings." + c.name(), message("inspection.invalid.rating", InspectionCriterion.MIN,
						InspectionCriterion.MAX));
			}
		}
		Form form = new Form(params.getOrDefault("requestKey", ""), params.getOrDefault("visitedAt", "").strip(),
				params.getOrDefault("presentCount", "").strip(), typed, params.getOrDefault("notes", ""));
		LocalDateTime visitedAt = null;
		if (!form.visitedAt().isEmpty()) {
			try {
				visitedAt = session.date().atTime(LocalTime.parse(form.visitedAt()));
			}
			catch (DateTimeParseException e) {
				errors.put("visitedAt", message("inspection.invalid.visitedAtFormat"));
			}
		}
		Integer count = number(form.presentCount());
		if (!form.presentCount().isEmpty() && count == null) {
			errors.put("presentCount", message("inspection.invalid.presentCountFormat"));
		}
		KehouUser me = CurrentUser.require();
		if (errors.isEmpty()) {
			try {
				Inspections.Recorded recorded = inspections.record(sessionId,
						new Inspections.Visit(form.requestKey(), visitedAt, count, ratings, form.notes(),
								params.containsKey("removePhoto")),
						InspectionApi.bytes(photo));
				redirect.addFlashAttribute("flash", message(recorded.revised() ? "inspection.form.revised"
						: "inspection.form.recorded", session.offeringName(), recorded.visit().average().toPlainString()));
				return "redirect:/m/inspections";
			}
			catch (InspectionRefused e) {
				redirect.addFlashAttribute("error", message(e.messageKey()));
				return "redirect:/m/inspections";
			}
			catch (InspectionInvalid e) {
				errors.putAll(InspectionApi.errors(e, messages));
			}
		}
		model.addAttribute("error", message("inspection.invalid"));
		return form(sessionId, form, inspections.mine(me.id(), sessionId).orElse(null), errors, model);
	}

	private String form(long sessionId, Form form, @Nullable InspectionView mine, Map<String, String> errors,
			Model model) {
		model.addAttribute("cs", sessions.find(sessionId).orElseThrow());
		model.addAttribute("form", form);
		model.addAttribute("mine", mine);
		model.addAttribute("errors", errors);
		model.addAttribute("criteria", InspectionCriterion.values());
		model.addAttribute("scores", new int[] { 1, 2, 3, 4, 5 });
		model.addAttribute("maxCount", rollCalls.roster(sessionId).size() + Inspections.EXTRA_COUNT);
		model.addAttribute("notesMax", Inspections.NOTES_MAX);
		return "attendance/inspection-form";
	}

	/** The visits of a session: a fragment for the session page of its teachers (loaded by htmx). */
	@GetMapping("/m/sessions/{sessionId}/inspections")
	@Access({ Role.TEACHER, Role.INSTRUCTOR, Role.INSPECTOR, Role.SCHOOL_ADMIN })
	String ofSession(@PathVariable long sessionId, Model model) {
		model.addAttribute("visits", inspections.ofSession(sessionId));
		model.addAttribute("criteria", InspectionCriterion.values());
		return "attendance/inspection-results :: results";
	}

	private static @Nullable Integer number(String value) {
		try {
			return value.isEmpty() ? null : Integer.valueOf(value);
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
