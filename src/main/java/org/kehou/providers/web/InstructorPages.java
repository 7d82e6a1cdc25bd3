package org.kehou.providers.web;

import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.providers.Instructors;
import org.kehou.providers.Providers;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** The provider console's instructor list: masked ID numbers and who may be assigned today, and why not. */
@Controller
class InstructorPages {

	private final Instructors instructors;

	private final Providers providers;

	InstructorPages(Instructors instructors, Providers providers) {
		this.instructors = instructors;
		this.providers = providers;
	}

	@GetMapping("/console/providers/{providerId}/instructors")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	String list(@PathVariable long providerId, Model model) {
		model.addAttribute("provider",
				providers.find(providerId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("instructors", instructors.list(providerId));
		return "providers/instructors";
	}
}
