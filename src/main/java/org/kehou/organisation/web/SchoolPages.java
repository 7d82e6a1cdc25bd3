package org.kehou.organisation.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.SchoolClassView;
import org.kehou.organisation.SchoolFilter;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Terms;
import org.kehou.organisation.Towns;
import org.springframework.data.domain.PageRequest;
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

/** The school list, a school's page with its grades and classes, and the forms on it. */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
class SchoolPages {

	static final int PAGE_SIZE = 20;

	/** The add-class form. */
	record ClassForm(@NotNull(message = "{organisation.validation.required}") @Min(value = 1,
			message = "{organisation.class.gradeLevel.range}") @Max(value = 9,
					message = "{organisation.class.gradeLevel.range}") @Nullable Integer gradeLevel,
			@NotBlank(message = "{organisation.validation.required}") @Size(max = 32,
					message = "{organisation.class.name.size}") @Nullable String name) {

		static ClassForm empty() {
			return new ClassForm(null, null);
		}
	}

	private final Schools schools;

	private final Towns towns;

	private final ServicePlatforms platforms;

	private final Terms terms;

	private final PageMessages messages;

	SchoolPages(Schools schools, Towns towns, ServicePlatforms platforms, Terms terms, PageMessages messages) {
		this.schools = schools;
		this.towns = towns;
		this.platforms = platforms;
		this.terms = terms;
		this.messages = messages;
	}

	@GetMapping("/console/schools")
	String schools(@RequestParam(required = false) @Nullable Long townId,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable Boolean cityDirect, @RequestParam(defaultValue = "0") int page,
			Model model) {
		var scope = CurrentUser.scope();
		var filter = new SchoolFilter(townId, name, Boolean.TRUE.equals(cityDirect) ? Boolean.TRUE : null);
		var result = schools.listSchools(scope, filter, PageRequest.of(Math.max(page, 0), PAGE_SIZE));
		model.addAttribute("schools", result);
		model.addAttribute("filter", filter);
		model.addAttribute("towns", scope.role() == Role.SCHOOL_ADMIN ? java.util.List.of() : towns.listTowns(scope));
		return "organisation/schools";
	}

	@GetMapping("/console/schools/{schoolId}")
	String school(@PathVariable long schoolId, Model model) {
		if (!model.containsAttribute("classForm")) {
			model.addAttribute("classForm", ClassForm.empty());
		}
		return schoolPage(schoolId, model);
	}

	@PostMapping("/console/schools/{schoolId}/classes")
	String addClass(@PathVariable long schoolId, @Valid @ModelAttribute("classForm") ClassForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				SchoolClassView added = schools.addClass(schoolId, java.util.Objects.requireNonNull(form.gradeLevel()),
						java.util.Objects.requireNonNull(form.name()));
				redirect.addFlashAttribute("flash", messages.get("organisation.class.added", added.displayName()));
				return "redirect:/console/schools/" + schoolId;
			}
			catch (IllegalStateException e) {
				errors.rejectValue("name", "organisation.class.exists");
			}
			catch (IllegalArgumentException e) {
				errors.rejectValue("gradeLevel", "organisation.class.gradeNotInStage");
			}
		}
		return schoolPage(schoolId, model);
	}

	@PostMapping("/console/schools/{schoolId}/platform")
	@Access(Role.CITY_ADMIN)
	String assignPlatform(@PathVariable long schoolId, @RequestParam long platformId, RedirectAttributes redirect) {
		try {
			platforms.assign(schoolId, platformId);
			redirect.addFlashAttribute("flash", messages.get("organisation.platform.assigned"));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", messages.get("organisation.platform.unknown"));
		}
		return "redirect:/console/schools/" + schoolId;
	}

	private String schoolPage(long schoolId, Model model) {
		SchoolView school = schools.findSchool(schoolId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("school", school);
		model.addAttribute("grades", schools.gradesOf(schoolId));
		model.addAttribute("classes", schools.classesOf(schoolId));
		model.addAttribute("currentTerm", terms.currentTerm(schoolId).orElse(null));
		model.addAttribute("gradeLevels", java.util.stream.IntStream
			.rangeClosed(school.stage().firstGrade(), school.stage().lastGrade())
			.boxed()
			.toList());
		if (CurrentUser.require().role() == Role.CITY_ADMIN) {
			model.addAttribute("platforms", platforms.listPlatforms());
		}
		return "organisation/school";
	}
}
