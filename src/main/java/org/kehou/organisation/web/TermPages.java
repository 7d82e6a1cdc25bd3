package org.kehou.organisation.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.CalendarDay;
import org.kehou.organisation.CalendarDayRefused;
import org.kehou.organisation.DayKind;
import org.kehou.organisation.DayStatus;
import org.kehou.organisation.NewTerm;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermCalendar;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A school's terms and a term's calendar (month grid, exceptions, open/close). */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
class TermPages {

	/** The new-term form. */
	record TermForm(@NotBlank(message = "{organisation.validation.required}") @Size(max = 64,
			message = "{organisation.term.name.size}") @Nullable String name,
			@NotBlank(message = "{organisation.validation.required}") @Pattern(regexp = "\\d{4}-\\d{4}",
					message = "{organisation.term.schoolYear.pattern}") @Nullable String schoolYear,
			@NotNull(message = "{organisation.validation.required}") @Min(value = 1,
					message = "{organisation.validation.required}") @Max(value = 2,
							message = "{organisation.validation.required}") @Nullable Integer semester,
			@NotNull(message = "{organisation.validation.required}") @DateTimeFormat(
					iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate startsOn,
			@NotNull(message = "{organisation.validation.required}") @DateTimeFormat(
					iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate endsOn) {

		static TermForm empty() {
			return new TermForm(null, null, null, null, null);
		}
	}

	/** The add-exception form of the calendar page. */
	record DayForm(@NotNull(message = "{organisation.validation.required}") @DateTimeFormat(
			iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date,
			@NotNull(message = "{organisation.validation.required}") @Nullable DayKind kind,
			@Min(1) @Max(5) @Nullable Integer followsWeekday,
			@Size(max = 100, message = "{organisation.day.note.size}") @Nullable String note) {

		static DayForm empty() {
			return new DayForm(null, null, null, null);
		}
	}

	/** One cell of the month grid. */
	record Cell(LocalDate date, boolean inMonth, DayStatus status, @Nullable CalendarDay exception) {
	}

	private final Terms terms;

	private final Schools schools;

	private final PageMessages messages;

	TermPages(Terms terms, Schools schools, PageMessages messages) {
		this.terms = terms;
		this.schools = schools;
		this.messages = messages;
	}

	@GetMapping("/console/schools/{schoolId}/terms")
	String terms(@PathVariable long schoolId, Model model) {
		if (!model.containsAttribute("termForm")) {
			model.addAttribute("termForm", TermForm.empty());
		}
		return termsPage(schoolId, model);
	}

	@PostMapping("/console/schools/{schoolId}/terms")
	String create(@PathVariable long schoolId, @Valid @ModelAttribute("termForm") TermForm form, BindingResult errors,
			Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				NewTerm term = new NewTerm(Objects.requireNonNull(form.name()),
						Objects.requireNonNull(form.schoolYear()), Objects.requireNonNull(form.semester()),
						Objects.requireNonNull(form.startsOn()), Objects.requireNonNull(form.endsOn()));
				TermView created = terms.create(schoolId, term);
				redirect.addFlashAttribute("flash", messages.get("organisation.term.created", created.name()));
				return "redirect:/console/terms/" + created.id();
			}
			catch (IllegalStateException e) {
				errors.reject("organisation.term.conflict");
			}
			catch (IllegalArgumentException e) {
				errors.rejectValue("endsOn", "organisation.term.invalidDates");
			}
		}
		return termsPage(schoolId, model);
	}

	@GetMapping("/console/terms/{termId}")
	String calendar(@PathVariable long termId, @RequestParam(required = false) @Nullable String month,
			Model model) {
		if (!model.containsAttribute("dayForm")) {
			model.addAttribute("dayForm", DayForm.empty());
		}
		return calendarPage(termId, month, model);
	}

	@PostMapping("/console/terms/{termId}/days")
	String setDay(@PathVariable long termId, @Valid @ModelAttribute("dayForm") DayForm form, BindingResult errors,
			Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			LocalDate date = Objects.requireNonNull(form.date());
			Integer follows = form.followsWeekday();
			try {
				CalendarDay day = new CalendarDay(date, Objects.requireNonNull(form.kind()),
						follows == null || !form.kind().followsWeekday() ? null : DayOfWeek.of(follows), form.note());
				terms.setDay(termId, day);
				redirect.addFlashAttribute("flash", messages.get("organisation.day.saved", date));
				return "redirect:/console/terms/" + termId + "?month=" + YearMonth.from(date);
			}
			catch (CalendarDayRefused e) {
				errors.rejectValue(e.reason() == CalendarDayRefused.Reason.NOTE_TOO_LONG ? "note"
						: e.reason().name().startsWith("FOLLOWS") ? "followsWeekday" : "date",
						"organisation.day.refused." + e.reason());
			}
			catch (IllegalStateException e) {
				errors.reject("organisation.term.closedReadOnly");
			}
			return calendarPage(termId, YearMonth.from(date).toString(), model);
		}
		return calendarPage(termId, null, model);
	}

	@PostMapping("/console/terms/{termId}/days/{date}/delete")
	String removeDay(@PathVariable long termId, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
			RedirectAttributes redirect) {
		try {
			if (terms.removeDay(termId, date)) {
				redirect.addFlashAttribute("flash", messages.get("organisation.day.removed", date));
			}
		}
		catch (IllegalStateException e) {
			redirect.addFlashAttribute("error", messages.get("organisation.term.closedReadOnly"));
		}
		return "redirect:/console/terms/" + termId + "?month=" + YearMonth.from(date);
	}

	@PostMapping("/console/terms/{termId}/open")
	String open(@PathVariable long termId, RedirectAttributes redirect) {
		return transition(termId, redirect, () -> terms.open(termId), "organisation.term.opened");
	}

	@PostMapping("/console/terms/{termId}/close")
	String close(@PathVariable long termId, RedirectAttributes redirect) {
		return transition(termId, redirect, () -> terms.close(termId), "organisation.term.closed");
	}

	private String transition(long termId, RedirectAttributes redirect, Runnable change, String doneKey) {
		try {
			change.run();
			redirect.addFlashAttribute("flash", messages.get(doneKey));
		}
		catch (IllegalStateException e) {
			redirect.addFlashAttribute("error", messages.get("organisation.term.statusConflict"));
		}
		return "redirect:/console/terms/" + termId;
	}

	private String termsPage(long schoolId, Model model) {
		SchoolView school = schools.findSchool(schoolId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("school", school);
		model.addAttribute("terms", terms.termsOf(schoolId));
		return "organisation/terms";
	}

	private String calendarPage(long termId, @Nullable String month, Model model) {
		TermView term = terms.findTerm(termId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		TermCalendar calendar = terms.calendar(termId).orElseThrow();
		YearMonth first = YearMonth.from(term.startsOn());
		YearMonth last = YearMonth.from(term.endsOn());
		YearMonth shown = parse(month);
		if (shown == null) {
			YearMonth now = YearMonth.now(Terms.CITY_ZONE);
			shown = now.isBefore(first) || now.isAfter(last) ? first : now;
		}
		shown = shown.isBefore(first) ? first : shown.isAfter(last) ? last : shown;
		model.addAttribute("term", term);
		model.addAttribute("school", schools.findSchool(term.schoolId()).orElseThrow());
		model.addAttribute("calendar", calendar);
		model.addAttribute("month", shown);
		model.addAttribute("previousMonth", shown.isAfter(first) ? shown.minusMonths(1) : null);
		model.addAttribute("nextMonth", shown.isBefore(last) ? shown.plusMonths(1) : null);
		model.addAttribute("weeks", weeks(calendar, shown));
		model.addAttribute("kinds", DayKind.values());
		model.addAttribute("weekdays", List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
				DayOfWeek.THURSDAY, DayOfWeek.FRIDAY));
		model.addAttribute("canEdit", !term.isClosed() && CurrentUser.require().role() != Role.TEACHER);
		return "organisation/term";
	}

	static List<List<Cell>> weeks(TermCalendar calendar, YearMonth month) {
		LocalDate start = month.atDay(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		LocalDate end = month.atEndOfMonth().with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
		List<List<Cell>> weeks = new ArrayList<>();
		for (LocalDate monday = start; !monday.isAfter(end); monday = monday.plusWeeks(1)) {
			List<Cell> week = new ArrayList<>(7);
			for (int i = 0; i < 7; i++) {
				LocalDate d = monday.plusDays(i);
				week.add(new Cell(d, YearMonth.from(d).equals(month), calendar.status(d),
						calendar.day(d).orElse(null)));
			}
			weeks.add(week);
		}
		return weeks;
	}

	private static @Nullable YearMonth parse(@Nullable String month) {
		if (month == null || month.isBlank()) {
			return null;
		}
		try {
			return YearMonth.parse(month.strip());
		}
		catch (DateTimeParseException e) {
			return null;
		}
	}
}
