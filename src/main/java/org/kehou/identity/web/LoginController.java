package org.kehou.identity.web;

import java.util.List;

import org.kehou.identity.CurrentUser;
import org.kehou.identity.DemoAccount;
import org.kehou.identity.PublicEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
@PublicEndpoint
class LoginController {

	private final List<DemoAccount> demoAccounts;

	LoginController(List<DemoAccount> demoAccounts) {
		this.demoAccounts = demoAccounts;
	}

	@GetMapping("/login")
	String login(Model model) {
		if (CurrentUser.find().isPresent()) {
			return "redirect:/home";
		}
		model.addAttribute("demoAccounts", demoAccounts);
		return "identity/login";
	}
}
