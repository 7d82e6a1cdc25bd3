package org.kehou.people.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.people.StaffRole;
import org.kehou.people.internal.StaffRecords;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The school admin registers a staff member from the staff page; the initial password is shown once. */
@Controller
@Access(Role.SCHOOL_ADMIN)
class StaffPages {

	private final StaffRecords staff;

	private final MessageSource messages;

	StaffPages(StaffRecords staff, MessageSource messages) {
		this.staff = staff;
		this.messages = messages;
	}

	@PostMapping("/console/schools/{schoolId}/staff")
	String register(@PathVariable long schoolId, @RequestParam String staffNo, @RequestParam String name,
			@RequestParam(required = false) @Nullable String gender,
			@RequestParam(required = false) @Nullable String phone,
			@RequestParam(required = false) @Nullable List<StaffRole> roles,
			@RequestParam(required = false) @Nullable String subject, RedirectAttributes redirect) {
		try {
			if (staffNo.isBlank() || name.isBlank()) {
				throw new IllegalArgumentException(PeopleProblems.text(messages, "people.staff.required"));
			}
			Set<StaffRole> set = roles == null || roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
			var registered = staff.register(schoolId,
					new StaffRecords.StaffInput(staffNo, name, gender, phone, set, subject));
			redirect.addFlashAttribute("flash", PeopleProblems.text(messages, "people.staff.registered",
					registered.staff().name(), registered.username(), registered.initialPassword()));
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			redirect.addFlashAttribute("error", PeopleProblems.text(messages, e));
		}
		return "redirect:/console/staff";
	}
}
