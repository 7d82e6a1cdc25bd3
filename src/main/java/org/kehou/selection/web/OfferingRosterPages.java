package org.kehou.selection.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.selection.PlaceView;
import org.kehou.selection.Places;
import org.kehou.selection.SelectionRefused;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An offering's roster (名单): the children holding a place and the waitlist in order, the .xlsx export (names,
 * student numbers and classes; no phone or ID numbers; the export is audited), the school's manual placement (search
 * a registered child of the term by name or student number; a reason is required) and removal of a place (a reason,
 * asks first). The school's administrator changes; its town office and the city read.
 */
@Controller
class OfferingRosterPages {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(Terms.CITY_ZONE);

	private final Rosters rosters;

	private final Places places;

	private final Terms terms;

	private final Schools schools;

	private final AuditLog audit;

	private final MessageSource messages;

	OfferingRosterPages(Rosters rosters, Places places, Terms terms, Schools schools, AuditLog audit,
			MessageSource messages) {
		this.rosters = rosters;
		this.places = places;
		this.terms = terms;
		this.schools = schools;
		this.audit = audit;
		this.messages = messages;
	}

	@GetMapping("/console/offerings/{offeringId}/roster")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String page(@PathVariable long offeringId, @RequestParam(name = "q", required = false) @Nullable String query,
			Model model) {
		Rosters.Roster roster = roster(offeringId);
		TermView term = terms.findTerm(roster.offering().termId()).orElseThrow();
		boolean editable = CurrentUser.scope().role() == Role.SCHOOL_ADMIN && !term.isClosed();
		model.addAttribute("offering", roster.offering());
		model.addAttribute("term", term);
		model.addAttribute("school", schools.findSchool(term.schoolId()).orElseThrow());
		model.addAttribute("held", roster.held());
		model.addAttribute("waitlist", roster.waitlist());
		model.addAttribute("editable", editable);
		model.addAttribute("q", query == null ? "" : query);
		if (editable && query != null && !query.isBlank()) {
			model.addAttribute("found", rosters.search(term.id(), query));
		}
		return "selection/roster";
	}

	@PostMapping("/console/offerings/{offeringId}/roster/place")
	@Access(Role.SCHOOL_ADMIN)
	String place(@PathVariable long offeringId, @RequestParam(name = "student", required = false) @Nullable Long studentId,
			@RequestParam(name = "day", required = false) @Nullable List<Integer> days,
			@RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
		if (studentId == null) {
			redirect.addFlashAttribute("error", text("rounds.roster.pickStudent"));
		}
		else {
			try {
				Places.Selection placed = places.place(offeringId, studentId, days == null || days.isEmpty() ? null : days,
						reason);
				redirect.addFlashAttribute("flash", text(placed.created() ? "rounds.roster.placed" : "rounds.roster.already"));
			}
			catch (SelectionRefused e) {
				redirect.addFlashAttribute("error", SelectionProblems.sentence(e, messages));
			}
		}
		return "redirect:/console/offerings/" + offeringId + "/roster";
	}

	@PostMapping("/console/places/{placeId}/remove")
	@Access(Role.SCHOOL_ADMIN)
	String remove(@PathVariable long placeId, @RequestParam(required = false) @Nullable String reason,
			RedirectAttributes redirect) {
		PlaceView place = places.find(placeId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		try {
			PlaceView removed = places.remove(placeId, reason);
			redirect.addFlashAttribute("flash", text("rounds.roster.removed", removed.studentName()));
		}
		catch (SelectionRefused e) {
			redirect.addFlashAttribute("error", SelectionProblems.sentence(e, messages));
		}
		return "redirect:/console/offerings/" + place.offeringId() + "/roster";
	}

	/** The roster as .xlsx: held places, then the waitlist with positions. Audited (children's names). */
	@GetMapping("/console/offerings/{offeringId}/roster/export")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	ResponseEntity<byte[]> export(@PathVariable long offeringId) {
		Rosters.Roster roster = roster(offeringId);
		byte[] book = workbook(roster);
		audit.record(AuditLog.Entry.of("roster.export", "offering", offeringId)
			.in(schools.findSchool(roster.offering().schoolId()).map(s -> s.townId()).orElse(null),
					roster.offering().schoolId())
			.detail(roster.entries().size() + " rows"));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("roster-offering-" + offeringId + ".xlsx").build().toString())
			.contentType(MediaType.parseMediaType(RegistrationConsolePages.XLSX))
			.body(book);
	}

	private byte[] workbook(Rosters.Roster roster) {
		try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = book.createSheet(text("rounds.roster.sheet"));
			String[] headers = { text("rounds.column.studentNo"), text("rounds.column.student"),
					text("rounds.column.class"), text("rounds.column.status"), text("rounds.column.source"),
					text("rounds.column.position"), text("rounds.column.confirmedAt"), text("rounds.column.queuedAt") };
			Row head = sheet.createRow(0);
			for (int i = 0; i < headers.length; i++) {
				head.createCell(i).setCellValue(headers[i]);
			}
			int n = 1;
			for (RoundApi.RosterEntry e : roster.entries()) {
				Row row = sheet.createRow(n++);
				row.createCell(0).setCellValue(e.studentNo() == null ? "" : e.studentNo());
				row.createCell(1).setCellValue(e.studentName());
				row.createCell(2).setCellValue(e.className() == null ? "" : e.className());
				row.createCell(3).setCellValue(text("places.status." + e.status().name()));
				row.createCell(4).setCellValue(text("places.source." + e.source().name()));
				if (e.position() > 0) {
					row.createCell(5).setCellValue(e.position());
				}
				else {
					row.createCell(5).setCellValue("");
				}
				row.createCell(6).setCellValue(e.confirmedAt() == null ? "" : STAMP.format(e.confirmedAt()));
				row.createCell(7).setCellValue(STAMP.format(e.queuedAt()));
			}
			book.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private Rosters.Roster roster(long offeringId) {
		try {
			return rosters.roster(offeringId);
		}
		catch (SelectionRefused e) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
