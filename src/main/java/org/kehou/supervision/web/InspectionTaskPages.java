package org.kehou.supervision.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.supervision.AlertView;
import org.kehou.supervision.Alerts;
import org.kehou.supervision.InspectionTaskView;
import org.kehou.supervision.InspectionTasks;
import org.kehou.supervision.OversightRefused;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * Inspection tasks (督导任务): the list (the city all, a town its own, an inspector those assigned to them), a new
 * task (from an alert — prefilled and linked — or for a school or a provider), and one task where its inspectors or
 * an admin start it, record findings and a rectification deadline, attach evidence files (downloaded by anyone who
 * may see the task) and close it with a note.
 */
@Controller
class InspectionTaskPages {

	static final String PATH = "/console/supervision/inspections";

	private final InspectionTasks tasks;

	private final Alerts alerts;

	private final Schools schools;

	private final MessageSource messages;

	InspectionTaskPages(InspectionTasks tasks, Alerts alerts, Schools schools, MessageSource messages) {
		this.tasks = tasks;
		this.alerts = alerts;
		this.schools = schools;
		this.messages = messages;
	}

	@GetMapping(PATH)
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.INSPECTOR })
	String list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String mine, @RequestParam(defaultValue = "0") int page,
			Model model) {
		String s = status != null && List.of("OPEN", "IN_PROGRESS", "RECTIFYING", "CLOSED").contains(status) ? status
				: null;
		KehouUser me = CurrentUser.require();
		model.addAttribute("result", tasks.list(me, new InspectionTasks.Filter(s, mine != null), page, AlertPages.PAGE_SIZE));
		model.addAttribute("status", s);
		model.addAttribute("mine", mine != null);
		model.addAttribute("today", tasks.today());
		model.addAttribute("statuses", List.of("OPEN", "IN_PROGRESS", "RECTIFYING", "CLOSED"));
		return "supervision/inspections";
	}

	@GetMapping(PATH + "/new")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	String form(@RequestParam(required = false) @Nullable Long alertId,
			@RequestParam(required = false) @Nullable Long schoolId, Model model) {
		var scope = CurrentUser.scope();
		AlertView alert = alertId == null ? null
				: alerts.find(alertId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		Long school = alert != null ? alert.schoolId() : schoolId;
		Long town = alert != null ? alert.townId() : null;
		if (alert == null && school != null) {
			town = schools.findSchool(school).map(SchoolView::townId).orElse(null);
		}
		else if (alert == null && !scope.isCity()) {
			town = scope.townId();
		}
		model.addAttribute("alert", alert);
		model.addAttribute("schoolId", school);
		model.addAttribute("schools", schools.schoolsIn(scope));
		model.addAttribute("assignable", alerts.assignable(town, school));
		model.addAttribute("due", tasks.today().plusDays(14));
		model.addAttribute("taskTitle", alert == null ? ""
				: messages.getMessage("alert.rule." + alert.rule().name(), null, LocaleContextHolder.getLocale())
						+ (alert.schoolName() != null ? " · " + alert.schoolName()
								: alert.providerCode() != null ? " · " + alert.providerCode() : ""));
		return "supervision/inspection-new";
	}

	@PostMapping(PATH)
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	String create(@RequestParam(required = false) @Nullable Long alertId,
			@RequestParam(required = false) @Nullable Long schoolId,
			@RequestParam(required = false) @Nullable String providerCode,
			@RequestParam(required = false) @Nullable String title,
			@RequestParam(required = false) @Nullable String instructions,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate dueOn,
			@RequestParam(required = false) @Nullable List<Long> assignees, RedirectAttributes redirect) {
		try {
			long id = tasks.create(new InspectionTasks.NewTask(alertId, schoolId, providerCode, title, instructions,
					dueOn, assignees == null ? List.of() : assignees), CurrentUser.require());
			redirect.addFlashAttribute("flash", message("oversight.created"));
			return "redirect:" + PATH + "/" + id;
		}
		catch (OversightRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
			if (alertId != null) {
				return "redirect:" + PATH + "/new?alertId=" + alertId;
			}
			return "redirect:" + PATH + "/new" + (schoolId != null ? "?schoolId=" + schoolId : "");
		}
	}

	@GetMapping(PATH + "/{taskId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.INSPECTOR })
	String task(@PathVariable long taskId, Model model) {
		KehouUser me = CurrentUser.require();
		InspectionTaskView task = tasks.find(taskId)
			.filter(t -> tasks.mayWork(t, me))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("task", task);
		model.addAttribute("evidence", tasks.evidence(taskId));
		model.addAttribute("evidenceMax", InspectionTasks.EVIDENCE_MAX_FILES);
		model.addAttribute("today", tasks.today());
		model.addAttribute("alertActive", task.alertId() != null
				&& alerts.find(task.alertId()).map(AlertView::active).orElse(false));
		return "supervision/inspection";
	}

	@PostMapping(PATH + "/{taskId}/start")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.INSPECTOR })
	String start(@PathVariable long taskId, RedirectAttributes redirect) {
		return act(taskId, redirect, () -> tasks.start(taskId, CurrentUser.require()), "oversight.started");
	}

	@PostMapping(PATH + "/{taskId}/findings")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.INSPECTOR })
	String findings(@PathVariable long taskId, @RequestParam(required = false) @Nullable String findings,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate rectifyBy,
			RedirectAttributes redirect) {
		return act(taskId, redirect, () -> tasks.recordFindings(taskId, findings, rectifyBy, CurrentUser.require()),
				"oversight.findingsSaved");
	}

	@PostMapping(PATH + "/{taskId}/close")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.INSPECTOR })
	String close(@PathVariable long taskId, @RequestParam(required = false) @Nullable String note,
			@RequestParam(required = false) @Nullable String resolveAlert, RedirectAttributes redirect) {
		return act(taskId, redirect, () -> tasks.close(taskId, note, resolveAlert != null, CurrentUser.require()),
				"oversight.closed");
	}

	@PostMapping(PATH + "/{taskId}/evidence")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.INSPECTOR })
	String attach(@PathVariable long taskId, @RequestParam(required = false) @Nullable MultipartFile file,
			RedirectAttributes redirect) throws IOException {
		if (file == null || file.isEmpty()) {
			return act(taskId, redirect, () -> tasks.attachEvidence(taskId, null, new byte[0], CurrentUser.require()),
					"oversight.evidence.attached");
		}
		if (file.getSize() > InspectionTasks.EVIDENCE_MAX_BYTES) {
			// refused before reading the bytes; the task must still be one the user may work on
			return act(taskId, redirect, () -> {
				tasks.find(taskId)
					.filter(t -> tasks.mayWork(t, CurrentUser.require()))
					.orElseThrow(() -> new OversightRefused("oversight.error.notAssigned"));
				throw new OversightRefused("oversight.error.fileSize");
			}, "oversight.evidence.attached");
		}
		byte[] content = file.getBytes();
		return act(taskId, redirect,
				() -> tasks.attachEvidence(taskId, file.getOriginalFilename(), content, CurrentUser.require()),
				"oversight.evidence.attached");
	}

	@GetMapping(PATH + "/{taskId}/evidence/{evidenceId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.INSPECTOR })
	ResponseEntity<byte[]> download(@PathVariable long taskId, @PathVariable long evidenceId) {
		KehouUser me = CurrentUser.require();
		tasks.find(taskId)
			.filter(t -> tasks.mayWork(t, me))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		InspectionTasks.EvidenceFile file = tasks.evidenceFile(taskId, evidenceId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(file.name(), StandardCharsets.UTF_8).build().toString())
			.header("X-Content-Type-Options", "nosniff")
			.body(file.content());
	}

	private String act(long taskId, RedirectAttributes redirect, Runnable action, String done) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", message(done));
		}
		catch (OversightRefused e) {
			if ("oversight.error.notAssigned".equals(e.messageKey())) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND);
			}
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:" + PATH + "/" + taskId;
	}

	private String message(String key) {
		return messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}
}
