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
import org.kehou.providers.AdmissionStatus;
import org.kehou.providers.ProviderReminders;
import org.kehou.providers.Renewal;
import org.kehou.providers.ReviewLevel;
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

	private final ProviderReminders reminders;

	ProviderPages(Providers providers, Towns towns, MessageSource messages, ProviderDocuments documents,
			ProviderReminders reminders) {
		this.providers = providers;
		this.towns = towns;
		this.messages = messages;
		this.documents = documents;
		this.reminders = reminders;
	}

	@GetMapping("/console/providers")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	String list(@RequestParam(required = false) @Nullable ProviderStatus status,
			@RequestParam(defaultValue = "false") boolean annualReview, @RequestParam(defaultValue = "0") int page,
			Model model) {
		model.addAttribute("providers", providers.list(CurrentUser.scope(), status, annualReview,
				PageRequest.of(Math.max(page, 0), PAGE_SIZE)));
		model.addAttribute("status", status);
		model.addAttribute("annualReview", annualReview);
		model.addAttribute("statuses", ProviderStatus.values());
		return "providers/providers";
	}

	@PostMapping("/console/providers/annual-review")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	String openAnnualReview(RedirectAttributes redirect) {
		int asked = providers.openAnnualReview(CurrentUser.scope());
		redirect.addFlashAttribute("flash", text("providers.annualReview.opened", asked));
		return "redirect:/console/providers?annualReview=true";
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
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable Long townId, RedirectAttributes redirect) {
		try {
			if (action == null) {
				throw new IllegalArgumentException("no action");
			}
			providers.review(providerId, action, reason, townId, CurrentUser.scope());
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
		var categories = providers.serviceCategories();
		var locale = LocaleContextHolder.getLocale();
		model.addAttribute("categories", categories);
		java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
		categories.forEach(c -> names.put(c.code(), c.name(locale)));
		provider.categories().forEach(c -> names.putIfAbsent(c, c));
		model.addAttribute("categoryNames", names);
		var level = providers.reviewLevel();
		var decider = scope.role() == Role.TOWN_ADMIN ? ReviewLevel.Decider.TOWN
				: scope.isCity() ? ReviewLevel.Decider.CITY : null;
		var actions = decider == null ? java.util.Set.<ReviewAction>of() : level.actionsOf(decider);
		// the admissions awaiting this reviewer's decision (first application or annual review)
		List<ProviderView.Admission> awaiting = decider == null ? List.of() : provider.admissions().stream()
			.filter(a -> decider == ReviewLevel.Decider.CITY || a.townId() == Objects.requireNonNull(scope.townId()))
			.filter(a -> awaits(provider, a, decider, level))
			.toList();
		model.addAttribute("reviewActions", actions);
		model.addAttribute("awaiting", awaiting);
		model.addAttribute("reviewLevel", level);
		model.addAttribute("today", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")));
		model.addAttribute("reminders", reminders.list(provider.id()));
		model.addAttribute("missing", Providers.missingForSubmission(provider));
		model.addAttribute("ownApplication", scope.role() == Role.PROVIDER_ADMIN);
		model.addAttribute("towns", scope.role() == Role.PROVIDER_ADMIN ? towns.listAll() : List.of());
		java.util.Set<Long> applied = provider.admissions()
			.stream()
			.filter(a -> a.status() != org.kehou.providers.AdmissionStatus.REJECTED)
			.map(ProviderView.Admission::townId)
			.collect(java.util.stream.Collectors.toSet());
		model.addAttribute("moreTowns", scope.role() == Role.PROVIDER_ADMIN
				? towns.listAll().stream().filter(t -> !applied.contains(t.id())).toList() : List.of());
		model.addAttribute("townActions", !awaiting.isEmpty());
		model.addAttribute("cityActions", scope.isCity());
		model.addAttribute("documents", documents.list(provider.id()));
		model.addAttribute("documentKinds", org.kehou.providers.DocumentKind.values());
		model.addAttribute("documentLimit", documents.limit());
		return "providers/provider";
	}

	/** Mirrors the aggregate's rule of who decides next, to show the decision form only to that reviewer. */
	private static boolean awaits(ProviderView p, ProviderView.Admission a, ReviewLevel.Decider decider,
			ReviewLevel level) {
		boolean renewal = a.renewal() != null;
		if (renewal ? p.status() != ProviderStatus.APPROVED : p.status() != ProviderStatus.SUBMITTED) {
			return false;
		}
		boolean first = a.status() == AdmissionStatus.PENDING || a.renewal() == Renewal.SUBMITTED;
		boolean confirmation = a.status() == AdmissionStatus.TOWN_APPROVED || a.renewal() == Renewal.TOWN_APPROVED;
		return first && level.firstDecider() == decider || confirmation && decider == ReviewLevel.Decider.CITY;
	}

	private String text(String key, Object... arguments) {
		return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}
}
