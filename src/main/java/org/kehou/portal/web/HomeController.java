package org.kehou.portal.web;

import java.util.List;
import java.util.Map;

import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.HomeSection;
import org.kehou.identity.KehouUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Sends each role to its home: the desktop console for administrators, the phone home for everybody else. */
@Controller
@Access
class HomeController {

	record Section(String fragment, Map<String, Object> model) {
	}

	private final List<HomeSection> sections;

	HomeController(List<HomeSection> sections) {
		this.sections = sections.stream().sorted(java.util.Comparator.comparingInt(HomeSection::order)).toList();
	}

	@GetMapping({ "/", "/home" })
	String home() {
		return CurrentUser.require().role().usesConsole() ? "redirect:/console" : "redirect:/m";
	}

	@GetMapping("/console")
	String console(Model model) {
		model.addAttribute("sections", sectionsFor(CurrentUser.require()));
		return "portal/console-home";
	}

	@GetMapping("/m")
	String mobile(Model model) {
		model.addAttribute("sections", sectionsFor(CurrentUser.require()));
		return "portal/mobile-home";
	}

	private List<Section> sectionsFor(KehouUser user) {
		return sections.stream()
			.filter(s -> s.appliesTo(user))
			.map(s -> new Section(s.fragment(), s.model(user)))
			.toList();
	}
}
