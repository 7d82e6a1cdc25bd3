package org.kehou.selection.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.selection.RegistrationFilter;
import org.kehou.selection.RegistrationRefused;
import org.kehou.selection.RegistrationSettings;
import org.kehou.selection.RegistrationStatus;
import org.kehou.selection.RegistrationView;
import org.kehou.selection.Registrations;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The school's registration console (报名管理) for a term: counts against the school's students, the filtered and
 * paged list, bulk approval or decline of pending registrations (asks first; a decline needs a reason and shows the
 * policy), the .xlsx export (masked data only) and the term's settings. The school's administrator changes; its
 * town office and the city read.
 */
@Controller
class RegistrationConsolePages {

	static final int PAGE_SIZE = 50;

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(Terms.CITY_ZONE);

	/** The list's filters as request parameters (all optional). */
	record Filter(@Nullable String status, @Nullable Long gradeId, @Nullable Long classId) {
	}

	private final Registrations registrations;

	private final Terms terms;

	private final Schools schools;

	private final MessageSource messages;

	RegistrationConsolePages(Registrations registrations, Terms terms, Schools schools, MessageSource messages) {
		this.registrations = registrations;
		this.terms = terms;
		this.schools = schools;
		this.messages = messages;
	}

	/** The menu entry: the school's current term, else its latest. */
	@GetMapping("/console/registrations")
	@Access(Role.SCHOOL_ADMIN)
	String current() {
		long school = Objects.requireNonNull(CurrentUser.scope().schoolId());
		return terms.currentTerm(school)
			.or(() -> terms.termsOf(school).stream().max(Comparator.comparing(TermView::startsOn)))
			.map(t -> "redirect:/console/terms/" + t.id() + "/registrations")
			.orElse("redirect:/console/schools/" + school + "/terms");
	}

	@GetMapping("/console/terms/{termId}/registrations")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String page(@PathVariable long termId, Filter filter, @RequestParam(defaultValue = "0") int page, Model model) {
		TermView term = registrations.term(termId);
		RegistrationFilter registrationFilter;
		try {
			registrationFilter = RegistrationApi.filter(filter.status(), filter.gradeId(), filter.classId());
		}
		catch (IllegalArgumentException e) {
			model.addAttribute("error", text("registration.filter.invalid"));
			registrationFilter = RegistrationFilter.ALL;
		}
		model.addAttribute("term", term);
		model.addAttribute("school", schools.findSchool(term.schoolId()).orElseThrow());
		model.addAttribute("classes", schools.classesOf(term.schoolId()));
		model.addAttribute("filter", filter);
		model.addAttribute("counts", registrations.counts(termId));
		RegistrationSettings settings = registrations.settings(termId);
		model.addAttribute("settings", settings);
		model.addAttribute("openToday", settings.isOpenOn(Registrations.today()));
		model.addAttribute("rows", registrations.list(termId, registrationFilter,
				PageRequest.of(Math.max(page, 0), PAGE_SIZE)));
		model.addAttribute("statuses", RegistrationStatus.values());
		model.addAttribute("editable", CurrentUser.scope().role() == Role.SCHOOL_ADMIN && !term.isClosed());
		return "selection/registrations";
	}

	@PostMapping("/console/terms/{termId}/registrations/approve")
	@Access(Role.SCHOOL_ADMIN)
	String approve(@PathVariable long termId, @RequestParam(name = "id", required = false) @Nullable List<Long> ids,
			@RequestParam(defaultValue = "false") boolean allPending, RedirectAttributes redirect) {
		List<Long> chosen = allPending ? registrations.pendingIds(termId) : ids == null ? List.of() : ids;
		if (chosen.isEmpty()) {
			redirect.addFlashAttribute("error", text("registration.console.noneChosen"));
		}
		else {
			try {
				int n = registrations.approve(termId, chosen).size();
				redirect.addFlashAttribute("flash", text("registration.console.approved", n));
			}
			catch (RegistrationRefused e) {
				redirect.addFlashAttribute("error", text(e.reason().messageKey()));
			}
		}
		return "redirect:/console/terms/" + termId + "/registrations";
	}

	@PostMapping("/console/terms/{termId}/registrations/decline")
	@Access(Role.SCHOOL_ADMIN)
	String decline(@PathVariable long termId, @RequestParam(name = "id", required = false) @Nullable List<Long> ids,
			@RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
		if (ids == null || ids.isEmpty()) {
			redirect.addFlashAttribute("error", text("registration.console.noneChosen"));
		}
		else {
			try {
				int n = registrations.decline(termId, ids, reason).size();
				redirect.addFlashAttribute("flash", text("registration.console.declined", n));
			}
			catch (RegistrationRefused e) {
				redirect.addFlashAttribute("error", text(e.reason().messageKey()));
			}
			catch (IllegalArgumentException e) {
				redirect.addFlashAttribute("error", text("registration.console.reasonTooLong"));
			}
		}
		return "redirect:/console/terms/" + termId + "/registrations";
	}

	@PostMapping("/console/terms/{termId}/registrations/settings")
	@Access(Role.SCHOOL_ADMIN)
	String settings(@PathVariable long termId, @RequestParam(required = false) @Nullable String needsApproval,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate opensOn,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate closesOn,
			RedirectAttributes redirect) {
		try {
			Boolean approval = needsApproval == null || needsApproval.isBlank() ? null : Boolean.valueOf(needsApproval);
			registrations.updateSettings(termId, approval, opensOn, closesOn);
			redirect.addFlashAttribute("flash", text("registration.settings.saved"));
		}
		catch (RegistrationRefused e) {
			redirect.addFlashAttribute("error", text(e.reason().messageKey()));
		}
		return "redirect:/console/terms/" + termId + "/registrations";
	}

	/** The school's default for its terms; back to the term page it was set from. */
	@PostMapping("/console/schools/{schoolId}/registration-settings")
	@Access(Role.SCHOOL_ADMIN)
	String schoolSettings(@PathVariable long schoolId, @RequestParam(defaultValue = "false") boolean needsApproval,
			@RequestParam(name = "back", required = false) @Nullable Long backToTerm, RedirectAttributes redirect) {
		registrations.updateSchoolDefault(schoolId, needsApproval);
		redirect.addFlashAttribute("flash", text("registration.settings.saved"));
		if (backToTerm != null && terms.findTerm(backToTerm).filter(t -> t.schoolId() == schoolId).isPresent()) {
			return "redirect:/console/terms/" + backToTerm + "/registrations";
		}
		return "redirect:/console/registrations";
	}

	/** The filtered list as .xlsx: roster data and the guardian's masked phone only, never an ID number. */
	@GetMapping("/console/terms/{termId}/registrations/export")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	ResponseEntity<byte[]> export(@PathVariable long termId, Filter filter) {
		List<RegistrationView> rows = registrations.listAll(termId,
				RegistrationApi.filter(filter.status(), filter.gradeId(), filter.classId()));
		byte[] book = workbook(rows);
		registrations.recordExport(termId, rows.size());
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("registrations-term-" + termId + ".xlsx")
						.build()
						.toString())
			.contentType(MediaType.parseMediaType(XLSX))
			.body(book);
	}

	private byte[] workbook(List<RegistrationView> rows) {
		try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = book.createSheet(text("registration.export.sheet"));
			String[] headers = { text("registration.column.studentNo"), text("registration.column.name"),
					text("registration.column.grade"), text("registration.column.class"),
					text("registration.column.status"), text("registration.column.registeredAt"),
					text("registration.column.decidedAt"), text("registration.column.guardianPhone"),
					text("registration.column.remark"), text("registration.column.declineReason") };
			Row head = sheet.createRow(0);
			for (int i = 0; i < headers.length; i++) {
				head.createCell(i).setCellValue(headers[i]);
			}
			int n = 1;
			for (RegistrationView r : rows) {
				Row row = sheet.createRow(n++);
				row.createCell(0).setCellValue(r.studentNo());
				row.createCell(1).setCellValue(r.studentName());
				row.createCell(2).setCellValue(r.gradeName());
				row.createCell(3).setCellValue(r.className());
				row.createCell(4).setCellValue(text("registration.status." + (r.status() == null ? "NONE" : r.status().name())));
				row.createCell(5).setCellValue(r.registeredAt() == null ? "" : STAMP.format(r.registeredAt()));
				row.createCell(6).setCellValue(r.decidedAt() == null ? "" : STAMP.format(r.decidedAt()));
				row.createCell(7).setCellValue(r.guardianPhoneMasked() == null ? "" : r.guardianPhoneMasked());
				row.createCell(8).setCellValue(r.remark() == null ? "" : r.remark());
				row.createCell(9).setCellValue(r.declineReason() == null ? "" : r.declineReason());
			}
			book.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
