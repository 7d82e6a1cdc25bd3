package org.kehou.organisation.web;

import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.organisation.ServicePlatforms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
@Access(Role.CITY_ADMIN)
class PlatformPages {

	private final ServicePlatforms platforms;

	PlatformPages(ServicePlatforms platforms) {
		this.platforms = platforms;
	}

	@GetMapping("/console/platforms")
	String platforms(Model model) {
		model.addAttribute("platforms", platforms.listPlatforms());
		return "organisation/platforms";
	}
}
