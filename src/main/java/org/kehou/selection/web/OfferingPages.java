package org.kehou.selection.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.FeeCaps;
import org.kehou.courses.CourseView;
import org.kehou.courses.Courses;
import org.kehou.courses.ProgrammeEntry;
import org.kehou.courses.Programmes;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.people.Staff;
import org.kehou.selection.OfferingFilter;
import org.kehou.selection.OfferingInvalid;
import org.kehou.selection.OfferingKind;
import org.kehou.selection.OfferingRefused;
import org.kehou.selection.OfferingStatus;
import org.kehou.selection.OfferingView;
import org.kehou.selection.Offerings;
import org.kehou.selection.Slot;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The offerings console (开班管理): a term's offerings as a filtered list or a weekly grid, the form to plan or change
 * one, publish and cancel. The school's administrator changes; its town office and the city read.
 */
@Controller
class OfferingPages {

	static final int PAGE_SIZE = 20;

	/** The list filters, as request parameters (all optional). */
	record Filter(@Nullable Integer weekday, @Nullable String category, @Nullable Integer grade,
			@Nullable OfferingStatus status) {

		OfferingFilter toOfferingFilter() {
			return new OfferingFilter(weekday, category == null || category.isBlank() ? null : category, grade, status);
		}
	}

	/** One cell of the weekly grid. */
	record GridItem(Slot slot, OfferingView offering) {
	}

	private final Offerings offerings;

	private final Programmes programmes;

	private final Courses courses;

	private final Terms terms;

	private final Schools schools;

	private final Staff staff;

	private final FeeCaps feeCaps;

	private final MessageSource messages;

	OfferingPages(Offerings offerings, Programmes programmes, Courses courses, Terms terms, Schools schools, Staff staff,
			FeeCaps feeCaps, MessageSource messages) {
		this.offerings = offerings;
		this.programmes = programmes;
		this.courses = courses;
		this.terms = terms;
		this.schools = schools;
		this.staff = staff;
		this.feeCaps = feeCaps;
		this.messages = messages;
	}

	/** The menu entry: the school's current term, else its latest. */
	@GetMapping("/console/offerings")
	@Access(Role.SCHOOL_ADMIN)
	String current() {
		long school = Objects.requireNonNull(CurrentUser.scope().schoolId());
		return terms.currentTerm(school)
			.or(() -> terms.termsOf(school).stream().max(Comparator.comparing(TermView::startsOn)))
			.map(t -> "redirect:/console/terms/" + t.id() + "/offerings")
			.orElse("redirect:/console/schools/" + school + "/terms");
	}

	@GetMapping("/console/terms/{termId}/offerings")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String list(@PathVariable long termId, Filter filter, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "list") String view, Model model) {
		TermView term = term(termId);
		common(term, model);
		model.addAttribute("filter", filter);
		model.addAttribute("view", "grid".equals(view) ? "grid" : "list");
		model.addAttribute("offerings",
				offerings.list(termId, filter.toOfferingFilter(), PageRequest.of(Math.max(page, 0), PAGE_SIZE)));
		model.addAttribute("offerable", programmes.programme(termId)
			.entries()
			.stream()
			.filter(e -> e.availability().selectable())
			.toList());
		if ("grid".equals(view)) {
			Map<Integer, List<GridItem>> grid = new TreeMap<>();
			for (int day = 1; day <= 5; day++) {
				grid.put(day, new ArrayList<>());
			}
			for (OfferingView o : offerings.timetable(termId)) {
				for (Slot s : o.slots()) {
					grid.get(s.weekday()).add(new GridItem(s, o));
				}
			}
			grid.values().forEach(items -> items.sort(Comparator.comparing((GridItem i) -> i.slot().starts())
				.thenComparing(i -> i.offering().name())));
			model.addAttribute("grid", grid);
		}
		return "selection/offerings";
	}

	@GetMapping("/console/terms/{termId}/offerings/new")
	@Access(Role.SCHOOL_ADMIN)
	String newForm(@PathVariable long termId, @RequestParam("course") long courseId, Model model) {
		TermView term = term(termId);
		OfferingForm form = new OfferingForm();
		form.setCourse(courseId);
		ProgrammeEntry entry = entry(termId, courseId);
		form.setGrades(new ArrayList<>(entry.grades()));
		form.setMinCapacity(String.valueOf(entry.minSize()));
		form.setCapacity(String.valueOf(entry.maxSize()));
		return form(term, entry, null, form, null, model);
	}

	@PostMapping("/console/terms/{termId}/offerings")
	@Access(Role.SCHOOL_ADMIN)
	String create(@PathVariable long termId, @ModelAttribute("form") OfferingForm form, Model model,
			RedirectAttributes redirect) {
		TermView term = term(termId);
		long courseId = Objects.requireNonNull(form.getCourse(), "course");
		try {
			OfferingView created = offerings.create(termId, courseId, form.toDetails());
			redirect.addFlashAttribute("flash", text("selection.offering.created", created.name()));
			return "redirect:/console/offerings/" + created.id();
		}
		catch (OfferingInvalid e) {
			return form(term, entry(termId, courseId), null, form, text(e.messageKey(), e.args()), model);
		}
		catch (OfferingRefused e) {
			return form(term, entry(termId, courseId), null, form, text(e.messageKey(), e.args()), model);
		}
	}

	@GetMapping("/console/offerings/{offeringId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String show(@PathVariable long offeringId, Model model) {
		OfferingView offering = offering(offeringId);
		TermView term = term(offering.termId());
		return form(term, entry(term.id(), offering.courseId()), offering, OfferingForm.of(offering), null, model);
	}

	@PostMapping("/console/offerings/{offeringId}")
	@Access(Role.SCHOOL_ADMIN)
	String update(@PathVariable long offeringId, @ModelAttribute("form") OfferingForm form, Model model,
			RedirectAttributes redirect) {
		OfferingView offering = offering(offeringId);
		TermView term = term(offering.termId());
		try {
			offerings.update(offeringId, form.toDetails(), form.getVersion());
			redirect.addFlashAttribute("flash", text("selection.offering.saved"));
			return "redirect:/console/offerings/" + offeringId;
		}
		catch (OfferingInvalid e) {
			return form(term, entry(term.id(), offering.courseId()), offering, form, text(e.messageKey(), e.args()),
					model);
		}
		catch (OfferingRefused e) {
			return form(term, entry(term.id(), offering.courseId()), offering, form, text(e.messageKey(), e.args()),
					model);
		}
	}

	@PostMapping("/console/offerings/{offeringId}/publish")
	@Access(Role.SCHOOL_ADMIN)
	String publish(@PathVariable long offeringId, RedirectAttributes redirect) {
		try {
			OfferingView o = offerings.publish(offeringId);
			redirect.addFlashAttribute("flash", text("selection.offering.published", o.name()));
		}
		catch (OfferingRefused e) {
			redirect.addFlashAttribute("error", text(e.messageKey(), e.args()));
		}
		return "redirect:/console/offerings/" + offeringId;
	}

	@PostMapping("/console/offerings/{offeringId}/cancel")
	@Access(Role.SCHOOL_ADMIN)
	String cancel(@PathVariable long offeringId, RedirectAttributes redirect) {
		try {
			OfferingView o = offerings.cancel(offeringId);
			redirect.addFlashAttribute("flash", text("selection.offering.cancelled", o.name()));
		}
		catch (OfferingRefused e) {
			redirect.addFlashAttribute("error", text(e.messageKey(), e.args()));
		}
		return "redirect:/console/offerings/" + offeringId;
	}

	private String form(TermView term, ProgrammeEntry entry, @Nullable OfferingView offering, OfferingForm form,
			@Nullable String error, Model model) {
		common(term, model);
		model.addAttribute("entry", entry);
		model.addAttribute("offering", offering);
		model.addAttribute("form", form);
		model.addAttribute("error", error);
		boolean basicCare = offering != null ? offering.kind() == OfferingKind.BASIC_CARE
				: feeCaps.category(entry.categoryCode())
					.map(c -> c.kind() == org.kehou.catalogue.CategoryKind.BASIC_CARE)
					.orElse(false);
		model.addAttribute("basicCare", basicCare);
		model.addAttribute("changeable", Boolean.TRUE.equals(model.getAttribute("editable"))
				&& (offering == null || offering.editable()));
		CourseView course = courses.find(entry.courseId()).orElseThrow();
		model.addAttribute("instructors", course.instructors());
		model.addAttribute("staff", staff.ofSchool(term.schoolId()));
		model.addAttribute("classes", schools.classesOf(term.schoolId())
			.stream()
			.filter(c -> entry.grades().contains(c.gradeLevel()))
			.toList());
		return "selection/offering";
	}

	private void common(TermView term, Model model) {
		SchoolView school = schools.findSchool(term.schoolId()).orElseThrow();
		model.addAttribute("term", term);
		model.addAttribute("school", school);
		model.addAttribute("window", offerings.window(term.id()));
		model.addAttribute("editable", CurrentUser.scope().role() == Role.SCHOOL_ADMIN && !term.isClosed());
		model.addAttribute("categories", feeCaps.categories());
		Map<String, String> names = new HashMap<>();
		feeCaps.categories().forEach(c -> names.put(c.code(), c.name(LocaleContextHolder.getLocale())));
		model.addAttribute("categoryNames", names);
	}

	private TermView term(long termId) {
		return terms.findTerm(termId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private OfferingView offering(long offeringId) {
		return offerings.find(offeringId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	/** The course as an entry of the term's programme (a course that left the programme: 404). */
	private ProgrammeEntry entry(long termId, long courseId) {
		return programmes.programme(termId)
			.entries()
			.stream()
			.filter(e -> e.courseId() == courseId)
			.findFirst()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
