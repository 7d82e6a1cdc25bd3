package org.kehou.courses.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapInForce;
import org.kehou.catalogue.FeeCaps;
import org.kehou.courses.AboveCap;
import org.kehou.courses.CourseAction;
import org.kehou.courses.CourseStatus;
import org.kehou.courses.CourseView;
import org.kehou.courses.Courses;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.providers.AdmissionStatus;
import org.kehou.providers.Instructors;
import org.kehou.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
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

/**
 * The course console: the list in scope, a new course (provider or school), one course with its form, submission,
 * the town's review against its cap in force, instructors and history; and the courses above a lowered cap.
 */
@Controller
class CoursePages {

	static final int PAGE_SIZE = 20;

	/** One row of the caps table of a course: a town (or the school's town / the city) and the cap in force there. */
	record CapRow(@Nullable Long townId, String townName, @Nullable AdmissionStatus status, @Nullable CapInForce cap,
			boolean above) {
	}

	private final Courses courses;

	private final Instructors instructors;

	private final MessageSource messages;

	CoursePages(Courses courses, Instructors instructors, MessageSource messages) {
		this.courses = courses;
		this.instructors = instructors;
		this.messages = messages;
	}

	@GetMapping("/console/courses")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	String list(@RequestParam(required = false) @Nullable CourseStatus status,
			@RequestParam(required = false) @Nullable String category, @RequestParam(defaultValue = "0") int page,
			Model model) {
		Scope scope = CurrentUser.scope();
		String cat = category == null || category.isBlank() ? null : category;
		model.addAttribute("courses", courses.list(scope, status, cat, PageRequest.of(Math.max(page, 0), PAGE_SIZE)));
		model.addAttribute("status", status);
		model.addAttribute("category", cat);
		model.addAttribute("statuses", CourseStatus.values());
		model.addAttribute("categories", courses.categoriesFor(true));
		model.addAttribute("categoryNames", categoryNames());
		model.addAttribute("aboveCap", courses.aboveCap(scope, FeeCaps.today()).stream().map(AboveCap::courseId)
			.collect(Collectors.toSet()));
		model.addAttribute("canCreate", scope.role() == Role.PROVIDER_ADMIN || scope.role() == Role.SCHOOL_ADMIN);
		return "courses/courses";
	}

	@GetMapping("/console/courses/above-cap")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	String aboveCap(Model model) {
		Scope scope = CurrentUser.scope();
		model.addAttribute("rows", courses.aboveCap(scope, FeeCaps.today()));
		model.addAttribute("owner", scope.role() == Role.PROVIDER_ADMIN || scope.role() == Role.SCHOOL_ADMIN);
		return "courses/above-cap";
	}

	@GetMapping("/console/courses/new")
	@Access({ Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	String newCourse(Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", CourseForm.empty());
		}
		return formPage(model);
	}

	@PostMapping("/console/courses/new")
	@Access({ Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	String create(@Valid @ModelAttribute("form") CourseForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			Scope scope = CurrentUser.scope();
			try {
				CourseView course = scope.role() == Role.PROVIDER_ADMIN
						? courses.createForProvider(Objects.requireNonNull(scope.providerId()), form.details())
						: courses.createForSchool(Objects.requireNonNull(scope.schoolId()), form.details());
				redirect.addFlashAttribute("flash", text("common.saved"));
				return "redirect:/console/courses/" + course.id();
			}
			catch (IllegalStateException | IllegalArgumentException e) {
				model.addAttribute("error", e.getMessage());
			}
		}
		return formPage(model);
	}

	@GetMapping("/console/courses/{courseId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	String course(@PathVariable long courseId, Model model) {
		CourseView course = find(courseId);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", CourseForm.of(course));
		}
		return page(course, model);
	}

	@PostMapping("/console/courses/{courseId}")
	@Access({ Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	String save(@PathVariable long courseId, @Valid @ModelAttribute("form") CourseForm form, BindingResult errors,
			Model model, RedirectAttributes redirect) {
		courses.requireOwner(courseId, CurrentUser.scope());
		if (!errors.hasErrors()) {
			try {
				courses.update(courseId, form.details());
				redirect.addFlashAttribute("flash", text("common.saved"));
				return "redirect:/console/courses/" + courseId;
			}
			catch (IllegalStateException | IllegalArgumentException e) {
				model.addAttribute("error", e.getMessage());
			}
		}
		return page(find(courseId), model);
	}

	@PostMapping("/console/courses/{courseId}/submit")
	@Access(Role.PROVIDER_ADMIN)
	String submit(@PathVariable long courseId, @RequestParam(required = false) @Nullable List<Long> townIds,
			RedirectAttributes redirect) {
		return act(courseId, redirect, "courses.submitted", () -> courses.submit(courseId,
				townIds == null ? List.of() : townIds));
	}

	@PostMapping("/console/courses/{courseId}/review")
	@Access(Role.TOWN_ADMIN)
	String review(@PathVariable long courseId, @RequestParam(required = false) @Nullable CourseAction action,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(defaultValue = "false") boolean notAcademicConfirmed, RedirectAttributes redirect) {
		if (action == null || !CourseAction.TOWN.contains(action)) {
			redirect.addFlashAttribute("error", text("courses.error.reason"));
			return "redirect:/console/courses/" + courseId;
		}
		return act(courseId, redirect, "courses.reviewed." + action.name(),
				() -> courses.review(courseId, action, reason, notAcademicConfirmed, CurrentUser.scope()));
	}

	@PostMapping("/console/courses/{courseId}/withdraw")
	@Access({ Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	String withdraw(@PathVariable long courseId, RedirectAttributes redirect) {
		courses.requireOwner(courseId, CurrentUser.scope());
		return act(courseId, redirect, "courses.withdrawn", () -> courses.withdraw(courseId));
	}

	@PostMapping("/console/courses/{courseId}/instructors")
	@Access(Role.PROVIDER_ADMIN)
	String assign(@PathVariable long courseId, @RequestParam long instructorId, RedirectAttributes redirect) {
		return act(courseId, redirect, "courses.instructors.assigned",
				() -> courses.assignInstructor(courseId, instructorId));
	}

	@PostMapping("/console/courses/{courseId}/instructors/{instructorId}/remove")
	@Access(Role.PROVIDER_ADMIN)
	String remove(@PathVariable long courseId, @PathVariable long instructorId, RedirectAttributes redirect) {
		return act(courseId, redirect, "courses.instructors.removed",
				() -> courses.removeInstructor(courseId, instructorId));
	}

	private String act(long courseId, RedirectAttributes redirect, String done, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", text(done));
		}
		catch (AccessDeniedException | IllegalStateException | IllegalArgumentException e) {
			redirect.addFlashAttribute("error", e.getMessage());
		}
		return "redirect:/console/courses/" + courseId;
	}

	private CourseView find(long courseId) {
		return courses.find(courseId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private String formPage(Model model) {
		Scope scope = CurrentUser.scope();
		model.addAttribute("categories", courses.categoriesFor(scope.role() == Role.SCHOOL_ADMIN));
		model.addAttribute("grades", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
		return "courses/course-form";
	}

	private String page(CourseView course, Model model) {
		Scope scope = CurrentUser.scope();
		boolean own = Courses.owns(scope, course);
		List<CapRow> caps = new ArrayList<>();
		if (course.ofSchool()) {
			CapInForce cap = courses.capFor(course, course.schoolTownId()).orElse(null);
			caps.add(new CapRow(course.schoolTownId(), course.schoolName() == null ? "" : course.schoolName(), null, cap,
					above(course.price(), cap)));
		}
		else {
			for (CourseView.Admission a : course.admissions()) {
				CapInForce cap = courses.capFor(course, a.townId()).orElse(null);
				caps.add(new CapRow(a.townId(), a.townName(), a.status(), cap, above(course.price(), cap)));
			}
			if (own && course.status().editable() && course.providerId() != null) {
				// before submitting, the provider sees the caps of the towns it may submit to
				for (var town : courses.admittedTownsOf(course.providerId())) {
					if (course.admissions().stream().noneMatch(a -> a.townId() == town.id())) {
						CapInForce cap = courses.capFor(course, town.id()).orElse(null);
						caps.add(new CapRow(town.id(), town.name(), null, cap, above(course.price(), cap)));
					}
				}
			}
		}
		boolean badge = course.status() != CourseStatus.WITHDRAWN && caps.stream().anyMatch(c -> c.above()
				&& (course.ofSchool() || c.status() == AdmissionStatus.APPROVED || c.status() == AdmissionStatus.PENDING));
		Long town = scope.townId();
		boolean townActions = scope.role() == Role.TOWN_ADMIN && town != null
				&& course.status() == CourseStatus.SUBMITTED && course.admissions().stream()
					.anyMatch(a -> a.townId() == town && a.status() == AdmissionStatus.PENDING);
		model.addAttribute("course", course);
		model.addAttribute("own", own);
		model.addAttribute("editable", own && (course.ofSchool() ? course.status() != CourseStatus.WITHDRAWN
				: course.status().editable()));
		model.addAttribute("repriceable", own && !course.ofSchool() && course.status() == CourseStatus.APPROVED);
		model.addAttribute("caps", caps);
		model.addAttribute("aboveCap", badge);
		model.addAttribute("townActions", townActions);
		model.addAttribute("reviewCap", townActions ? courses.capFor(course, town).orElse(null) : null);
		model.addAttribute("admittedTowns", own && course.providerId() != null && course.status().editable()
				? courses.admittedTownsOf(course.providerId()) : List.of());
		model.addAttribute("instructorChoices", own && course.providerId() != null
				&& course.status() != CourseStatus.WITHDRAWN ? instructors.list(course.providerId()) : List.of());
		Set<Long> teaching = course.instructors().stream().map(CourseView.Instructor::id).collect(Collectors.toSet());
		model.addAttribute("teaching", teaching);
		model.addAttribute("categories", courses.categoriesFor(course.ofSchool()));
		model.addAttribute("categoryNames", categoryNames());
		model.addAttribute("grades", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
		return "courses/course";
	}

	/** Category code → its name in the caller's language (inactive categories show their code). */
	private java.util.Map<String, String> categoryNames() {
		java.util.Locale locale = LocaleContextHolder.getLocale();
		return courses.categoriesFor(true).stream()
			.collect(Collectors.toMap(c -> c.code(), c -> c.name(locale), (a, b) -> a));
	}

	private static boolean above(Money price, @Nullable CapInForce cap) {
		return cap != null && price.isGreaterThan(cap.amount());
	}

	private String text(String key, Object... arguments) {
		return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}
}
