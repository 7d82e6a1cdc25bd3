package org.kehou.providers.web;

import java.util.List;
import java.util.Objects;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.Towns;
import org.kehou.providers.ProviderDetails;
import org.kehou.providers.ProviderDocuments;
import org.kehou.providers.ProviderStatus;
import org.kehou.providers.ProviderView;
import org.kehou.providers.Providers;
import org.kehou.providers.ReviewAction;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The provider console (a provider's own application: form, status with reasons, submission) and the review
 * console of town offices and the city (the applications in scope, one application with its decision forms).
 */
@Controller
class ProviderPages {

	static final int PAGE_SIZE = 20;

	private final Providers providers;

	private final Towns towns;

	private final MessageSource messages;

	private final ProviderDocuments documents;

	ProviderPages(Providers providers, Towns towns, MessageSource messages, ProviderDocuments documents) {
		this.providers = providers;
		this.towns = towns;
		this.messages = messages;
		this.documents = documents;
	}

	@GetMapping("/console/providers")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	String list(@RequestParam(required = false) @Nullable ProviderStatus status,
			@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("providers",
				providers.list(CurrentUser.scope(), status, PageRequest.of(Math.max(page, 0), PAGE_SIZE)));
		model.addAttribute("status", status);
		model.addAttribute("statuses", ProviderStatus.values());
		return "providers/providers";
	}

	@GetMapping("/console/providers/mine")
	@Access(Role.PROVIDER_ADMIN)
	String mine() {
		return "redirect:/console/providers/" + Objects.requireNonNull(CurrentUser.scope().providerId());
	}

	@GetMapping("/console/providers/{providerId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	String provider(@PathVariable long providerId, Model model) {
		ProviderView provider = find(providerId);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", ProviderForm.of(provider));
		}
		return page(provider, model);
	}

	@PostMapping("/console/providers/{providerId}")
	@Access(Role.PROVIDER_ADMIN)
	String save(@PathVariable long providerId, @Valid @ModelAttribute("form") ProviderForm form, BindingResult errors,
			Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				providers.update(providerId, form.details());
				redirect.addFlashAttribute("flash", text("common.saved"));
				return "redirect:/console/providers/" + providerId;
			}
			catch (IllegalStateException e) {
				model.addAttribute("error", text("providers.error.conflict", e.getMessage()));
			}
			catch (IllegalArgumentException e) {
				model.addAttribute("error", text("providers.error.invalid", e.getMessage()));
			}
		}
		return page(find(providerId), model);
	}

	@PostMapping("/console/providers/{providerId}/submit")
	@Access(Role.PROVIDER_ADMIN)
	String submit(@PathVariable long providerId, @RequestParam(required = false) @Nullable List<Long> townIds,
			RedirectAttributes redirect) {
		try {
			providers.submit(providerId, townIds == null ? List.of() : townIds);
			redirect.addFlashAttribute("flash", text("providers.submitted"));
		}
		catch (IllegalStateException e) {
			redirect.addFlashAttribute("error", text("providers.error.conflict", e.getMessage()));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", text("providers.error.invalid", e.getMessage()));
		}
		return "redirect:/console/providers/" + providerId;
	}

	@PostMapping("/console/providers/{providerId}/review")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	String review(@PathVariable long providerId, @RequestParam(required = false) @Nullable ReviewAction action,
			@RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
		try {
			if (action == null) {
				throw new IllegalArgumentException("no action");
			}
			providers.review(providerId, action, reason, CurrentUser.scope());
			redirect.addFlashAttribute("flash", text("providers.reviewed." + action.name()));
		}
		catch (AccessDeniedException | IllegalStateException e) {
			redirect.addFlashAttribute("error", text("providers.error.conflict", e.getMessage()));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", text("providers.error.reason"));
		}
		return "redirect:/console/providers/" + providerId;
	}

	private ProviderView find(long providerId) {
		return providers.find(providerId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private String page(ProviderView provider, Model model) {
		Scope scope = CurrentUser.scope();
		model.addAttribute("provider", provider);
		model.addAttribute("categories", ProviderDetails.CATEGORIES);
		model.addAttribute("missing", Providers.missingForSubmission(provider));
		model.addAttribute("ownApplication", scope.role() == Role.PROVIDER_ADMIN);
		model.addAttribute("towns", scope.role() == Role.PROVIDER_ADMIN ? towns.listAll() : List.of());
		model.addAttribute("townActions", scope.role() == Role.TOWN_ADMIN && provider.status() == ProviderStatus.SUBMITTED
				&& provider.admissions().stream().anyMatch(a -> a.townId() == Objects.requireNonNull(scope.townId())
						&& a.status() == org.kehou.providers.AdmissionStatus.PENDING));
		model.addAttribute("cityActions", scope.isCity());
		model.addAttribute("documents", documents.list(provider.id()));
		model.addAttribute("documentKinds", org.kehou.providers.DocumentKind.values());
		model.addAttribute("documentLimit", documents.limit());
		return "providers/provider";
	}

	private String text(String key, Object... arguments) {
		return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}
}
