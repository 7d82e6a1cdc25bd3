package org.kehou.providers.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.PhoneVerification;
import org.kehou.identity.PublicEndpoint;
import org.kehou.providers.ProviderRegistration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Self-registration of an institution (机构入驻申请), public: the form, the code to the contact's phone, and the
 * registration itself; afterwards the administrator signs in with the phone number and completes the application.
 * The page never writes the password (nor the code) back into the form.
 */
@Controller
@PublicEndpoint
class RegistrationPages {

	record RegistrationForm(
			@NotBlank(message = "{providers.validation.required}") @Size(max = 100,
					message = "{providers.validation.size}") @Nullable String legalName,
			@NotBlank(message = "{providers.validation.required}") @CreditCode @Nullable String creditCode,
			@NotBlank(message = "{providers.validation.required}") @Size(max = 64,
					message = "{providers.validation.size}") @Nullable String contactName,
			@NotBlank(message = "{providers.validation.required}") @Pattern(regexp = "^(\\+?86)?1[3-9]\\d{9}$",
					message = "{providers.validation.phone}") @Nullable String phone,
			@NotBlank(message = "{providers.validation.required}") @Size(max = 100,
					message = "{providers.validation.size}") @Nullable String password,
			@NotBlank(message = "{providers.validation.required}") @Pattern(regexp = "^\\d{6}$",
					message = "{providers.register.validation.code}") @Nullable String code) {

		static RegistrationForm empty() {
			return new RegistrationForm(null, null, null, null, null, null);
		}
	}

	private final ProviderRegistration registration;

	RegistrationPages(ProviderRegistration registration) {
		this.registration = registration;
	}

	@org.springframework.web.bind.annotation.ModelAttribute("passwordMinLength")
	int passwordMinLength() {
		return org.kehou.identity.AccountDirectory.PASSWORD_MIN_LENGTH;
	}

	@GetMapping("/register/provider")
	String page(Model model) {
		if (CurrentUser.find().isPresent()) {
			return "redirect:/home";
		}
		model.addAttribute("form", RegistrationForm.empty());
		return "providers/register";
	}

	@PostMapping("/register/provider/code")
	String sendCode(@ModelAttribute("form") RegistrationForm form, HttpServletRequest request, Model model) {
		String phone = form.phone() == null ? "" : form.phone().trim();
		PhoneVerification.Sent sent = registration.sendCode(phone, request.getRemoteAddr());
		switch (sent.status()) {
			case SENT -> model.addAttribute("noticeKey", "providers.register.codeSent");
			case TOO_SOON -> model.addAttribute("errorKey", "identity.code.tooSoon");
			case TOO_MANY -> model.addAttribute("errorKey", "providers.register.error.tooMany");
			case INVALID -> model.addAttribute("errorKey", "providers.validation.phone");
		}
		model.addAttribute("demoCode", sent.demoCode());
		return "providers/register";
	}

	@PostMapping("/register/provider")
	String register(@Valid @ModelAttribute("form") RegistrationForm form, BindingResult errors, Model model) {
		if (!errors.hasErrors()) {
			try {
				registration.register(new ProviderRegistration.Request(java.util.Objects.requireNonNull(form.legalName()),
						java.util.Objects.requireNonNull(form.creditCode()),
						java.util.Objects.requireNonNull(form.contactName()),
						java.util.Objects.requireNonNull(form.phone()), java.util.Objects.requireNonNull(form.password()),
						java.util.Objects.requireNonNull(form.code())));
				return "redirect:/login?registered";
			}
			catch (ProviderRegistration.Refused e) {
				model.addAttribute("errorKey", e.messageKey());
			}
		}
		return "providers/register";
	}
}
