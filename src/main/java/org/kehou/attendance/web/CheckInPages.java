package org.kehou.attendance.web;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.CheckInRefused;
import org.kehou.attendance.CheckIns;
import org.kehou.attendance.SessionView;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Instructor check-in pages. On the phone: the classroom's QR code (a teacher of the offering or the school admin
 * shows it; the image is redrawn every 30 seconds), the page the scanned code opens (the session, 签到 / 签退) and the
 * instructor's sessions of today with their status. In the console: the day's check-in sheet of the school (its
 * admin) or of the provider (its admin). Scope: {@code sessionId} is checked centrally (a teacher must teach the
 * offering, an instructor too).
 */
@Controller
class CheckInPages {

	private final CheckIns checkIns;

	private final Sessions sessions;

	private final MessageSource messages;

	CheckInPages(CheckIns checkIns, Sessions sessions, MessageSource messages) {
		this.checkIns = checkIns;
		this.sessions = sessions;
		this.messages = messages;
	}

	// --- the instructor ----------------------------------------------------------------------------------------------

	@GetMapping("/m/check-in")
	@Access(Role.INSTRUCTOR)
	String mine(Model model) {
		KehouUser me = CurrentUser.require();
		model.addAttribute("linked", me.instructorId() != null);
		model.addAttribute("sessions", checkIns.mine(me, Sessions.now().toLocalDate()));
		return "attendance/check-in-today";
	}

	/** The page a scanned code opens: the session, and 签到 (or 签退 once checked in) while the code is fresh. */
	@GetMapping("/m/sessions/{sessionId}/check-in")
	@Access(Role.INSTRUCTOR)
	String session(@PathVariable long sessionId, @RequestParam(required = false) @Nullable String code, Model model) {
		KehouUser me = CurrentUser.require();
		if (me.instructorId() == null) {
			model.addAttribute("linked", false);
			model.addAttribute("sessions", List.of());
			return "attendance/check-in-today";
		}
		model.addAttribute("mine", checkIns.mine(me, sessionId)
			.orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND)));
		model.addAttribute("code", code == null || code.isBlank() ? null : code.strip());
		return "attendance/check-in";
	}

	@PostMapping("/m/sessions/{sessionId}/check-in")
	@Access(Role.INSTRUCTOR)
	String checkIn(@PathVariable long sessionId, @RequestParam(required = false) @Nullable String code,
			RedirectAttributes redirect) {
		try {
			CheckIns.Done done = checkIns.checkIn(sessionId, code);
			redirect.addFlashAttribute("flash", message(done.replay() ? "checkin.done.already" : "checkin.done.in",
					done.checkIn().checkedInAt().toLocalTime()));
		}
		catch (CheckInRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/m/sessions/" + sessionId + "/check-in";
	}

	@PostMapping("/m/sessions/{sessionId}/check-out")
	@Access(Role.INSTRUCTOR)
	String checkOut(@PathVariable long sessionId, @RequestParam(required = false) @Nullable String code,
			RedirectAttributes redirect) {
		try {
			CheckIns.Done done = checkIns.checkOut(sessionId, code);
			redirect.addFlashAttribute("flash", message("checkin.done.out",
					Objects.requireNonNull(done.checkIn().checkedOutAt()).toLocalTime()));
		}
		catch (CheckInRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/m/sessions/" + sessionId + "/check-in";
	}

	// --- the classroom's code ------------------------------------------------------------------------------------------

	/** Today's sessions taught by instructors that the caller may show the code of (a teacher's, the school's). */
	@GetMapping("/m/check-in-codes")
	@Access({ Role.TEACHER, Role.SCHOOL_ADMIN })
	String codes(Model model) {
		KehouUser me = CurrentUser.require();
		LocalDate today = Sessions.now().toLocalDate();
		Set<Long> mine = sessions.ofDay(me, today).stream().map(SessionView::id).collect(Collectors.toSet());
		long school = Objects.requireNonNull(me.scope().schoolId());
		model.addAttribute("lines",
				checkIns.schoolSheet(school, today).stream().filter(l -> mine.contains(l.session().id())).toList());
		return "attendance/check-in-codes";
	}

	@GetMapping("/m/sessions/{sessionId}/check-in-code")
	@Access({ Role.TEACHER, Role.SCHOOL_ADMIN })
	String code(@PathVariable long sessionId, Model model) {
		SessionView session = sessions.find(sessionId).orElseThrow();
		CheckIns.Code code = checkIns.code(sessionId);
		model.addAttribute("cs", session);
		model.addAttribute("open", code.open());
		model.addAttribute("opens", session.starts().minusMinutes(CheckIns.OPENS_BEFORE_MINUTES));
		model.addAttribute("closes", closes(session.ends()));
		model.addAttribute("checkIns", checkIns.ofSession(sessionId));
		return "attendance/check-in-code";
	}

	/** The QR code of the current window as a PNG (never cached: it changes every minute). */
	@GetMapping("/m/sessions/{sessionId}/check-in-code.png")
	@Access({ Role.TEACHER, Role.SCHOOL_ADMIN })
	ResponseEntity<byte[]> image(@PathVariable long sessionId, HttpServletRequest request) {
		CheckIns.Code code = checkIns.code(sessionId);
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_PNG)
			.cacheControl(CacheControl.noStore())
			.body(CheckInQr.png(CheckInQr.absolute(request, code.path())));
	}

	// --- the console ---------------------------------------------------------------------------------------------------

	/** The day's check-in sheet: the school's sessions taught by instructors, or the provider's sessions. */
	@GetMapping("/console/check-ins")
	@Access({ Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
	String sheet(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			Model model) {
		KehouUser me = CurrentUser.require();
		LocalDate day = date == null ? Sessions.now().toLocalDate() : date;
		boolean school = me.role() == Role.SCHOOL_ADMIN;
		model.addAttribute("date", day);
		model.addAttribute("school", school);
		model.addAttribute("lines", school ? checkIns.schoolSheet(Objects.requireNonNull(me.scope().schoolId()), day)
				: checkIns.providerSheet(Objects.requireNonNull(me.scope().providerId()), day));
		return "attendance/check-ins";
	}

	private static LocalTime closes(LocalTime ends) {
		LocalTime closes = ends.plusMinutes(CheckIns.CLOSES_AFTER_MINUTES);
		return closes.isBefore(ends) ? LocalTime.MAX.withNano(0).withSecond(0) : closes;
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
