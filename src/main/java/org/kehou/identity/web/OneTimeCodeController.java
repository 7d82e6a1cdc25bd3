package org.kehou.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.PublicEndpoint;
import org.kehou.identity.internal.OneTimeCodes;
import org.kehou.identity.internal.OneTimeCodes.SendResult;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Sign-in with a code sent by SMS (guardians, and anybody with a bound phone). The phone number travels in the
 * form between the two steps, never in the session (sessions are stored in the database).
 */
@Controller
@PublicEndpoint
class OneTimeCodeController {

	record SendForm(String phone) {
	}

	record VerifyForm(String phone, String code) {
	}

	private final OneTimeCodes codes;

	OneTimeCodeController(OneTimeCodes codes) {
		this.codes = codes;
	}

	@GetMapping("/login/code")
	String page() {
		if (CurrentUser.find().isPresent()) {
			return "redirect:/home";
		}
		return "identity/login-code";
	}

	@PostMapping("/login/code/send")
	String send(SendForm form, Model model) {
		String phone = form.phone() == null ? "" : form.phone().trim();
		SendResult result = codes.send(phone);
		switch (result.status()) {
			case INVALID -> {
				model.addAttribute("errorKey", "identity.code.error.phone");
				return "identity/login-code";
			}
			case TOO_SOON -> model.addAttribute("noticeKey", "identity.code.tooSoon");
			case SENT -> model.addAttribute("noticeKey", "identity.code.sent");
		}
		model.addAttribute("phone", phone);
		model.addAttribute("demoCode", result.demoCode());
		return "identity/login-code";
	}

	@PostMapping("/login/code/verify")
	String verify(VerifyForm form, Model model, HttpServletRequest request, HttpServletResponse response) {
		String phone = form.phone() == null ? "" : form.phone().trim();
		String code = form.code() == null ? "" : form.code().trim();
		if (codes.verify(phone, code, request, response).isPresent()) {
			return "redirect:/home";
		}
		model.addAttribute("phone", phone);
		model.addAttribute("errorKey", "identity.code.error.wrong");
		return "identity/login-code";
	}
}
