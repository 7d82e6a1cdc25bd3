package org.kehou.people.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.people.internal.GuardianRecords;
import org.kehou.people.internal.PeopleScope;
import org.kehou.people.internal.StaffRecords;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Console pages: guardians and school staff of the schools in scope (phone numbers masked). */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
class GuardianPages {

	private final GuardianRecords guardians;

	private final StaffRecords staff;

	private final Schools organisation;

	GuardianPages(GuardianRecords guardians, StaffRecords staff, Schools organisation) {
		this.guardians = guardians;
		this.staff = staff;
		this.organisation = organisation;
	}

	@GetMapping("/console/guardians")
	String guardians(@RequestParam(required = false) @Nullable Long schoolId,
			@RequestParam(required = false) @Nullable String name, @RequestParam(defaultValue = "1") int page,
			Model model) {
		Scope scope = CurrentUser.scope();
		model.addAttribute("schools", schoolFilter(organisation, scope));
		model.addAttribute("schoolId", schoolId);
		model.addAttribute("name", name);
		model.addAttribute("page", guardians.search(PeopleScope.of(scope), schoolId, name, page, StudentPages.PAGE_SIZE));
		return "people/guardians";
	}

	@GetMapping("/console/staff")
	String staff(@RequestParam(required = false) @Nullable Long schoolId, Model model) {
		Scope scope = CurrentUser.scope();
		model.addAttribute("schools", schoolFilter(organisation, scope));
		model.addAttribute("schoolId", schoolId);
		model.addAttribute("staff", staff.search(PeopleScope.of(scope), schoolId));
		model.addAttribute("ownSchoolId", scope.role() == Role.SCHOOL_ADMIN ? scope.schoolId() : null);
		return "people/staff";
	}

	/** The schools a console list may be filtered by: none for a school admin (their own school only). */
	static List<SchoolView> schoolFilter(Schools organisation, Scope scope) {
		return scope.role() == Role.SCHOOL_ADMIN ? List.of() : organisation.schoolsIn(scope);
	}
}
