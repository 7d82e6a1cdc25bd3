package org.kehou.courses.web;

import java.util.Comparator;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.FeeCaps;
import org.kehou.courses.CourseFilter;
import org.kehou.courses.Programme;
import org.kehou.courses.ProgrammeRefused;
import org.kehou.courses.Programmes;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The programme console (课程遴选): a term's programme with each course's standing, and the selectable courses with
 * an htmx filter form. The school's administrator adds and removes courses; its town office and the city read.
 */
@Controller
class ProgrammePages {

	static final int PAGE_SIZE = 20;

	/** The filter form, as request parameters (all optional; maxPrice in yuan). */
	record Filter(@Nullable String category, @Nullable Integer grade, @Nullable String maxPrice,
			@Nullable Long providerId, @Nullable String q) {

		CourseFilter toCourseFilter() {
			Money max = null;
			if (maxPrice != null && !maxPrice.isBlank()) {
				max = Money.parse(maxPrice.strip());
			}
			return new CourseFilter(category, grade, max, providerId, q);
		}
	}

	private final Programmes programmes;

	private final Terms terms;

	private final FeeCaps feeCaps;

	private final MessageSource messages;

	ProgrammePages(Programmes programmes, Terms terms, FeeCaps feeCaps, MessageSource messages) {
		this.programmes = programmes;
		this.terms = terms;
		this.feeCaps = feeCaps;
		this.messages = messages;
	}

	/** The menu entry: the school's current term, else its latest. */
	@GetMapping("/console/programme")
	@Access(Role.SCHOOL_ADMIN)
	String current() {
		long school = Objects.requireNonNull(CurrentUser.scope().schoolId());
		return terms.currentTerm(school)
			.or(() -> terms.termsOf(school).stream().max(Comparator.comparing(TermView::startsOn)))
			.map(t -> "redirect:/console/terms/" + t.id() + "/programme")
			.orElse("redirect:/console/schools/" + school + "/terms");
	}

	@GetMapping("/console/terms/{termId}/programme")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String page(@PathVariable long termId, Filter filter, @RequestParam(defaultValue = "0") int page, Model model) {
		Programme programme = programmes.programme(termId);
		model.addAttribute("programme", programme);
		model.addAttribute("editable", CurrentUser.scope().role() == Role.SCHOOL_ADMIN && !programme.closed());
		model.addAttribute("categories", feeCaps.categories());
		model.addAttribute("providers", programmes.selectableProviders(termId));
		return selectable(termId, filter, page, model, "courses/programme");
	}

	/** The selectable list alone, for the htmx filter form and pager. */
	@GetMapping("/console/terms/{termId}/programme/courses")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String courses(@PathVariable long termId, Filter filter, @RequestParam(defaultValue = "0") int page, Model model) {
		Programme programme = programmes.programme(termId);
		model.addAttribute("programme", programme);
		model.addAttribute("editable", CurrentUser.scope().role() == Role.SCHOOL_ADMIN && !programme.closed());
		return selectable(termId, filter, page, model, "courses/programme :: selectable");
	}

	@PostMapping("/console/terms/{termId}/programme")
	@Access(Role.SCHOOL_ADMIN)
	String add(@PathVariable long termId, @RequestParam("course") long courseId, RedirectAttributes redirect) {
		try {
			var entry = programmes.add(termId, courseId);
			redirect.addFlashAttribute("flash", text("programme.added", entry.name()));
		}
		catch (ProgrammeRefused e) {
			redirect.addFlashAttribute("error", text("programme.refused." + e.reason().name()));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", text("programme.error.unknownCourse"));
		}
		return "redirect:/console/terms/" + termId + "/programme";
	}

	@PostMapping("/console/terms/{termId}/programme/remove")
	@Access(Role.SCHOOL_ADMIN)
	String remove(@PathVariable long termId, @RequestParam("course") long courseId, RedirectAttributes redirect) {
		try {
			boolean removed = programmes.remove(termId, courseId);
			redirect.addFlashAttribute(removed ? "flash" : "error",
					text(removed ? "programme.removed" : "programme.error.notInProgramme"));
		}
		catch (ProgrammeRefused e) {
			redirect.addFlashAttribute("error", text("programme.refused." + e.reason().name()));
		}
		return "redirect:/console/terms/" + termId + "/programme";
	}

	private String selectable(long termId, Filter filter, int page, Model model, String view) {
		CourseFilter courseFilter;
		try {
			courseFilter = filter.toCourseFilter();
		}
		catch (IllegalArgumentException e) {
			model.addAttribute("filterError", text("programme.filter.invalid"));
			courseFilter = CourseFilter.NONE;
		}
		model.addAttribute("filter", filter);
		model.addAttribute("courses",
				programmes.selectable(termId, courseFilter, PageRequest.of(Math.max(page, 0), PAGE_SIZE)));
		model.addAttribute("termId", termId);
		java.util.Map<String, String> names = new java.util.HashMap<>();
		feeCaps.categories().forEach(c -> names.put(c.code(), c.name(LocaleContextHolder.getLocale())));
		model.addAttribute("categoryNames", names);
		return view;
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
