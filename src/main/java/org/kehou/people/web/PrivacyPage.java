package org.kehou.people.web;

import org.kehou.identity.PublicEndpoint;
import org.kehou.people.Consents;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The privacy notice on children's data, public, versioned (guardians accept or refuse this version). */
@Controller
@PublicEndpoint
class PrivacyPage {

	@GetMapping("/privacy")
	String privacy(Model model) {
		model.addAttribute("noticeVersion", Consents.NOTICE_VERSION);
		return "people/privacy";
	}
}
