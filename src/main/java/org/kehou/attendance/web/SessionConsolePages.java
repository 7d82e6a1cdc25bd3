package org.kehou.attendance.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.AttendanceRefused;
import org.kehou.attendance.SessionView;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The school admin's sessions of a day (课次管理): every session of the school on a date, with its roll-call state,
 * and the two changes a school makes to one session — cancel it (weather, exam, event; not charged) or move it to
 * another service day and time. Both ask for a reason and notify the guardians (through the session events).
 */
@Controller
@Access(Role.SCHOOL_ADMIN)
class SessionConsolePages {

	private final Sessions sessions;

	private final MessageSource messages;

	SessionConsolePages(Sessions sessions, MessageSource messages) {
		this.sessions = sessions;
		this.messages = messages;
	}

	@GetMapping("/console/sessions")
	String day(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			Model model) {
		LocalDateTime now = Sessions.now();
		LocalDate day = date == null ? now.toLocalDate() : date;
		model.addAttribute("date", day);
		model.addAttribute("sessions", sessions.ofDay(CurrentUser.require(), day));
		model.addAttribute("now", now);
		return "attendance/sessions";
	}

	@PostMapping("/console/sessions/{sessionId}/cancel")
	String cancel(@PathVariable long sessionId, @RequestParam(required = false) @Nullable String reason,
			RedirectAttributes redirect) {
		return changed(sessionId, redirect, "attendance.sessions.cancelled", () -> sessions.cancel(sessionId, reason));
	}

	@PostMapping("/console/sessions/{sessionId}/reschedule")
	String reschedule(@PathVariable long sessionId, @RequestParam(required = false) @Nullable String date,
			@RequestParam(required = false) @Nullable String starts, @RequestParam(required = false) @Nullable String ends,
			@RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
		return changed(sessionId, redirect, "attendance.sessions.moved",
				() -> sessions.reschedule(sessionId, date(date), time(starts), time(ends), reason));
	}

	private String changed(long sessionId, RedirectAttributes redirect, String done,
			java.util.function.Supplier<SessionView> change) {
		LocalDate day = sessions.find(sessionId).map(SessionView::date).orElse(null);
		try {
			SessionView result = change.get();
			redirect.addFlashAttribute("flash", message(done, result.offeringName(), result.date(), result.starts()));
		}
		catch (AttendanceRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", message("attendance.sessions.invalid"));
		}
		return day == null ? "redirect:/console/sessions" : "redirect:/console/sessions?date=" + day;
	}

	private static @Nullable LocalDate date(@Nullable String value) {
		try {
			return value == null || value.isBlank() ? null : LocalDate.parse(value);
		}
		catch (DateTimeParseException e) {
			throw new IllegalArgumentException(e);
		}
	}

	private static @Nullable LocalTime time(@Nullable String value) {
		try {
			return value == null || value.isBlank() ? null : LocalTime.parse(value);
		}
		catch (DateTimeParseException e) {
			throw new IllegalArgumentException(e);
		}
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
