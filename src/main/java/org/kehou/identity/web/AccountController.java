package org.kehou.identity.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.internal.AccountAdministration;
import org.kehou.identity.internal.Passwords;
import org.kehou.identity.internal.PasswordPolicy;
import org.kehou.identity.internal.SessionSignIn;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** One's own account: who am I, and changing the password (forced at first sign-in for imported accounts). */
@Controller
@Access
class AccountController {

	record PasswordForm(String currentPassword, String newPassword, String confirmPassword) {
	}

	private final Passwords passwords;

	private final SessionSignIn sessions;

	private final AccountAdministration accounts;

	AccountController(Passwords passwords, SessionSignIn sessions, AccountAdministration accounts) {
		this.passwords = passwords;
		this.sessions = sessions;
		this.accounts = accounts;
	}

	@GetMapping("/account")
	String account(Model model) {
		KehouUser me = CurrentUser.require();
		model.addAttribute("layout", layout(me));
		model.addAttribute("anchor", accounts.anchorName(me.scope()).orElse(null));
		return "identity/account";
	}

	@GetMapping("/account/password")
	String passwordPage(Model model) {
		KehouUser me = CurrentUser.require();
		model.addAttribute("layout", layout(me));
		model.addAttribute("forced", me.mustChangePassword());
		model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
		return "identity/password";
	}

	@PostMapping("/account/password")
	String changePassword(PasswordForm form, Model model, RedirectAttributes redirect, HttpServletRequest request,
			HttpServletResponse response) {
		KehouUser me = CurrentUser.require();
		Optional<String> problem = passwords.change(me.id(), form.currentPassword(), orEmpty(form.newPassword()),
				orEmpty(form.confirmPassword()));
		if (problem.isPresent()) {
			model.addAttribute("layout", layout(me));
			model.addAttribute("forced", me.mustChangePassword());
			model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
			model.addAttribute("errorKey", problem.get());
			return "identity/password";
		}
		sessions.refresh(me.id(), request, response);
		redirect.addFlashAttribute("changed", true);
		return "redirect:/account";
	}

	static String layout(KehouUser user) {
		return user.role().usesConsole() ? "layout/console" : "layout/mobile";
	}

	private static String orEmpty(String value) {
		return value == null ? "" : value;
	}
}
