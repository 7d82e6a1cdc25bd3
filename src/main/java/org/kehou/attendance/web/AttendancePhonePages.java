package org.kehou.attendance.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.kehou.attendance.AttendanceRefused;
import org.kehou.attendance.AttendanceReport;
import org.kehou.attendance.Leaves;
import org.kehou.attendance.Mark;
import org.kehou.attendance.RollCalls;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Terms;
import org.kehou.people.Students;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Phone pages: the teacher's (or instructor's) roll call of today — the sessions, each roll with one tap per child and
 * "all present", the pending leave to decide — and the guardian's page of a child's attendance with leave requests.
 * Each roll-call form carries a request key made when the page is drawn, so a double tap or a resubmit is harmless.
 */
@Controller
class AttendancePhonePages {

	private final Sessions sessions;

	private final RollCalls rollCalls;

	private final Leaves leaves;

	private final AttendanceReport report;

	private final Students students;

	private final Terms terms;

	private final MessageSource messages;

	AttendancePhonePages(Sessions sessions, RollCalls rollCalls, Leaves leaves, AttendanceReport report,
			Students students, Terms terms, MessageSource messages) {
		this.sessions = sessions;
		this.rollCalls = rollCalls;
		this.leaves = leaves;
		this.report = report;
		this.students = students;
		this.terms = terms;
		this.messages = messages;
	}

	@GetMapping("/m/roll-call")
	@Access({ Role.TEACHER, Role.INSTRUCTOR })
	String today(Model model) {
		model.addAttribute("sessions", sessions.ofDay(CurrentUser.require(), Sessions.now().toLocalDate()));
		model.addAttribute("pending", leaves.pendingFor(CurrentUser.require()));
		// an instructor account not linked to an instructor record sees no sessions: the page says whom to ask
		model.addAttribute("unlinked",
				CurrentUser.require().role() == Role.INSTRUCTOR && CurrentUser.require().instructorId() == null);
		return "attendance/today";
	}

	@GetMapping("/m/sessions/{sessionId}")
	@Access({ Role.TEACHER, Role.INSTRUCTOR })
	String session(@PathVariable long sessionId, Model model) {
		model.addAttribute("cs", sessions.find(sessionId).orElseThrow());
		model.addAttribute("roster", rollCalls.roster(sessionId));
		model.addAttribute("requestKey", UUID.randomUUID().toString());
		model.addAttribute("marks", Mark.values());
		return "attendance/roll-call";
	}

	@PostMapping("/m/sessions/{sessionId}")
	@Access({ Role.TEACHER, Role.INSTRUCTOR })
	String save(@PathVariable long sessionId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
		Map<Long, Mark> marks = new LinkedHashMap<>();
		form.forEach((name, value) -> {
			if (name.startsWith("mark-") && !value.isBlank()) {
				try {
					marks.put(Long.parseLong(name.substring(5)), Mark.valueOf(value));
				}
				catch (IllegalArgumentException e) {
					// an unknown child or mark: ignored, the roll shows what was saved
				}
			}
		});
		try {
			RollCalls.Saved saved = rollCalls.save(sessionId, form.get("requestKey"), form.containsKey("allPresent"), marks);
			redirect.addFlashAttribute("flash", message("attendance.roll.saved", saved.present(), saved.late(), saved.absent()));
		}
		catch (AttendanceRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/m/sessions/" + sessionId;
	}

	@PostMapping("/m/leaves/{leaveId}/approve")
	@Access(Role.TEACHER)
	String approve(@PathVariable long leaveId, RedirectAttributes redirect) {
		return decided(redirect, () -> leaves.approve(leaveId));
	}

	@PostMapping("/m/leaves/{leaveId}/reject")
	@Access(Role.TEACHER)
	String reject(@PathVariable long leaveId, RedirectAttributes redirect) {
		return decided(redirect, () -> leaves.reject(leaveId, null));
	}

	private String decided(RedirectAttributes redirect, Runnable decision) {
		try {
			decision.run();
			redirect.addFlashAttribute("flash", message("attendance.leave.decided"));
		}
		catch (AttendanceRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/m/roll-call";
	}

	@GetMapping("/m/children/{studentId}/attendance")
	@Access(Role.GUARDIAN)
	String child(@PathVariable long studentId, @RequestParam(defaultValue = "WEEK") AttendanceReport.Period period,
			Model model) {
		var student = students.find(studentId).orElseThrow();
		model.addAttribute("student", student);
		model.addAttribute("period", period);
		model.addAttribute("periods", AttendanceReport.Period.values());
		model.addAttribute("history", report.child(studentId, SessionApi.schoolRange(terms, student.schoolId(), period, null)));
		model.addAttribute("upcoming", leaves.upcoming(studentId, Sessions.now().toLocalDate().plusWeeks(2)));
		model.addAttribute("leaves", leaves.ofStudent(studentId));
		model.addAttribute("requestKey", UUID.randomUUID().toString());
		return "attendance/child";
	}

	@PostMapping("/m/children/{studentId}/leaves")
	@Access(Role.GUARDIAN)
	String requestLeave(@PathVariable long studentId, @RequestParam(name = "session", required = false) List<Long> sessionIds,
			@RequestParam(required = false) String reason, @RequestParam(required = false) String requestKey,
			RedirectAttributes redirect) {
		try {
			leaves.request(studentId, sessionIds == null ? List.of() : sessionIds, reason, requestKey);
			redirect.addFlashAttribute("flash", message("attendance.leave.requested"));
		}
		catch (AttendanceRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", message("attendance.leave.invalid"));
		}
		return "redirect:/m/children/" + studentId + "/attendance";
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
