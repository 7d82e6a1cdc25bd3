package org.kehou.supervision.web;

import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.organisation.Terms;
import org.kehou.supervision.IssuedCredential;
import org.kehou.supervision.PlatformCredentials;
import org.kehou.supervision.PlatformRegistry;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The city admin's view of the service platforms' reporting (监管平台 · 平台接入): the registry with last contact,
 * records today, rejected records and refused requests over 7 days and the credentials' state; a platform's page
 * with its credentials (issue, rotate, revoke), recent batches and the last rejection reasons. A new secret is shown
 * in the response to the POST that made it — never put in the session (flash attributes live in the database) —
 * and never again.
 */
@Controller
@Access(Role.CITY_ADMIN)
class PlatformRegistryPages {

	private final PlatformRegistry registry;

	private final PlatformCredentials credentials;

	private final MessageSource messages;

	PlatformRegistryPages(PlatformRegistry registry, PlatformCredentials credentials, MessageSource messages) {
		this.registry = registry;
		this.credentials = credentials;
		this.messages = messages;
	}

	@GetMapping("/console/supervision/platforms")
	String platforms(Model model) {
		model.addAttribute("platforms", registry.summaries());
		model.addAttribute("zone", Terms.CITY_ZONE);
		model.addAttribute("days", PlatformRegistry.DAYS);
		return "supervision/platforms";
	}

	@GetMapping("/console/supervision/platforms/{platformId}")
	String platform(@PathVariable long platformId, Model model) {
		model.addAttribute("detail", registry.detail(platformId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "platform not found")));
		model.addAttribute("zone", Terms.CITY_ZONE);
		model.addAttribute("days", PlatformRegistry.DAYS);
		model.addAttribute("now", registry.now());
		return "supervision/platform";
	}

	@PostMapping("/console/supervision/platforms/{platformId}/credentials")
	String issue(@PathVariable long platformId, Model model) {
		try {
			return showSecret(credentials.issue(platformId), "supervision.credential.issued", model);
		}
		catch (IllegalStateException e) {
			model.addAttribute("error", text("supervision.credential.hasValid"));
			return platform(platformId, model);
		}
	}

	@PostMapping("/console/supervision/platforms/{platformId}/credentials/rotate")
	String rotate(@PathVariable long platformId, Model model) {
		try {
			return showSecret(credentials.rotate(platformId), "supervision.credential.rotated", model);
		}
		catch (IllegalStateException e) {
			model.addAttribute("error", text("supervision.credential.noneValid"));
			return platform(platformId, model);
		}
	}

	@PostMapping("/console/supervision/platforms/{platformId}/credentials/revoke")
	String revoke(@PathVariable long platformId, @RequestParam long credentialId, RedirectAttributes redirect) {
		if (credentials.revoke(platformId, credentialId)) {
			redirect.addFlashAttribute("flash", text("supervision.credential.revoked"));
		}
		else {
			redirect.addFlashAttribute("error", text("supervision.credential.notRevoked"));
		}
		return "redirect:/console/supervision/platforms/" + platformId;
	}

	private String showSecret(IssuedCredential issued, String flashKey, Model model) {
		model.addAttribute("issued", issued);
		model.addAttribute("flash", text(flashKey));
		return platform(issued.platformId(), model);
	}

	private String text(String key) {
		return messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}
}
