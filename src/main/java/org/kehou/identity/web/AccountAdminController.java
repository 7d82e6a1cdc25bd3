package org.kehou.identity.web;

import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.internal.AccountAdministration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Account administration for city, town and school administrators. The {@code userId} in the path is checked
 * against the caller's scope by the access interceptor (through {@link AccountAdministration#ownerOf(long)}).
 */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
class AccountAdminController {

	private final AccountAdministration accounts;

	AccountAdminController(AccountAdministration accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/console/accounts")
	String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("q", q);
		model.addAttribute("accounts", accounts.list(CurrentUser.scope(), q, page));
		return "identity/accounts";
	}

	@PostMapping("/console/accounts/{userId}/unlock")
	String unlock(@PathVariable long userId, RedirectAttributes redirect) {
		accounts.unlock(userId);
		redirect.addFlashAttribute("noticeKey", "identity.accounts.unlocked");
		return "redirect:/console/accounts";
	}

	@PostMapping("/console/accounts/{userId}/enable")
	String enable(@PathVariable long userId, RedirectAttributes redirect) {
		return setEnabled(userId, true, redirect);
	}

	@PostMapping("/console/accounts/{userId}/disable")
	String disable(@PathVariable long userId, RedirectAttributes redirect) {
		return setEnabled(userId, false, redirect);
	}

	/** Shows the temporary password once, on this response only (never kept in the session). */
	@PostMapping("/console/accounts/{userId}/reset-password")
	String resetPassword(@PathVariable long userId, Model model, RedirectAttributes redirect) {
		try {
			model.addAttribute("temporaryPassword", accounts.resetPassword(userId));
		}
		catch (IllegalStateException e) {
			redirect.addFlashAttribute("errorKey", e.getMessage());
			return "redirect:/console/accounts";
		}
		model.addAttribute("resetUserId", userId);
		model.addAttribute("accounts", accounts.list(CurrentUser.scope(), null, 0));
		return "identity/accounts";
	}

	private String setEnabled(long userId, boolean enabled, RedirectAttributes redirect) {
		try {
			accounts.setEnabled(userId, enabled);
			redirect.addFlashAttribute("noticeKey", enabled ? "identity.accounts.enabled" : "identity.accounts.disabled");
		}
		catch (IllegalStateException e) {
			redirect.addFlashAttribute("errorKey", e.getMessage());
		}
		return "redirect:/console/accounts";
	}
}
