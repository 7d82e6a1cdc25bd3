package org.kehou.organisation.web;

import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Towns;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
@Access(Role.CITY_ADMIN)
class TownPages {

	private final Towns towns;

	TownPages(Towns towns) {
		this.towns = towns;
	}

	@GetMapping("/console/towns")
	String towns(Model model) {
		model.addAttribute("towns", towns.listTowns(CurrentUser.scope()));
		return "organisation/towns";
	}
}
