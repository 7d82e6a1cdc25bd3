package org.kehou.supervision.web;

import java.io.IOException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Terms;
import org.kehou.organisation.Towns;
import org.kehou.supervision.DownFeed;
import org.kehou.supervision.Policies;
import org.kehou.supervision.PolicyRefused;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The city admin's policy publishing (监管平台 · 政策发布): the list (filter by kind and status, paginated), compose
 * and edit a draft (title, kind, audiences, optional town, rich text cleaned to the standard's safe HTML),
 * attachments, publish and withdraw (both ask first), and the read receipts the platforms report. Also the
 * down feed's on-demand refresh.
 */
@Controller
@Access(Role.CITY_ADMIN)
class PolicyPages {

	/** The form as posted (boxed and nullable: a missing field is a readable error, not a 400). */
	record PolicyForm(@Nullable String title, @Nullable String kind, @Nullable List<String> audiences,
			@Nullable String townCode, @Nullable String body) {

		Policies.Draft draft() {
			return new Policies.Draft(title, kind, audiences, townCode, body);
		}
	}

	private final Policies policies;

	private final DownFeed feed;

	private final Towns towns;

	private final MessageSource messages;

	PolicyPages(Policies policies, DownFeed feed, Towns towns, MessageSource messages) {
		this.policies = policies;
		this.feed = feed;
		this.towns = towns;
		this.messages = messages;
	}

	@GetMapping("/console/supervision/policies")
	String list(@RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable Integer page, Model model) {
		String k = kind == null || kind.isBlank() ? null : kind;
		String s = status == null || status.isBlank() ? null : status;
		model.addAttribute("result", policies.list(k, s, page == null ? 0 : page));
		model.addAttribute("kind", k);
		model.addAttribute("status", s);
		model.addAttribute("kinds", Policies.KINDS);
		model.addAttribute("statuses", Policies.STATUSES);
		model.addAttribute("feedTypes", feed.publishedTypes().stream().map(t -> t.wire()).toList());
		model.addAttribute("zone", Terms.CITY_ZONE);
		return "supervision/policies";
	}

	@GetMapping("/console/supervision/policies/new")
	String compose(Model model) {
		return form(new PolicyForm(null, "notice", List.of("school-admins", "all-guardians"), null, null), null, model);
	}

	@PostMapping("/console/supervision/policies")
	String create(PolicyForm form, Model model, RedirectAttributes redirect) {
		try {
			long id = policies.compose(form.draft(), CurrentUser.require().getUsername());
			redirect.addFlashAttribute("flash", text("policy.saved"));
			return "redirect:/console/supervision/policies/" + id;
		}
		catch (PolicyRefused e) {
			model.addAttribute("error", text(e.key()));
			return form(form, null, model);
		}
	}

	@GetMapping("/console/supervision/policies/{policyId}")
	String show(@PathVariable long policyId, Model model) {
		Policies.View policy = policies.find(policyId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "policy not found"));
		model.addAttribute("policy", policy);
		model.addAttribute("reads", policies.reads(policyId));
		model.addAttribute("zone", Terms.CITY_ZONE);
		model.addAttribute("maxMegabytes", policies.properties().maxAttachmentBytes() / (1024 * 1024));
		model.addAttribute("urls", policy.attachments().stream().map(a -> policies.attachmentUrl(a.token())).toList());
		return "supervision/policy";
	}

	@GetMapping("/console/supervision/policies/{policyId}/edit")
	String edit(@PathVariable long policyId, Model model) {
		Policies.View p = policies.find(policyId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "policy not found"));
		if (!p.draft()) {
			return "redirect:/console/supervision/policies/" + policyId;
		}
		return form(new PolicyForm(p.title(), p.kind(), p.audiences(), p.townCode(), p.bodyHtml()), policyId, model);
	}

	@PostMapping("/console/supervision/policies/{policyId}")
	String update(@PathVariable long policyId, PolicyForm form, Model model, RedirectAttributes redirect) {
		try {
			policies.update(policyId, form.draft());
			redirect.addFlashAttribute("flash", text("policy.saved"));
			return "redirect:/console/supervision/policies/" + policyId;
		}
		catch (PolicyRefused e) {
			model.addAttribute("error", text(e.key()));
			return form(form, policyId, model);
		}
	}

	@PostMapping("/console/supervision/policies/{policyId}/publish")
	String publish(@PathVariable long policyId, RedirectAttributes redirect) {
		return step(policyId, () -> policies.publish(policyId), "policy.publishedFlash", redirect);
	}

	@PostMapping("/console/supervision/policies/{policyId}/withdraw")
	String withdraw(@PathVariable long policyId, RedirectAttributes redirect) {
		return step(policyId, () -> policies.withdraw(policyId), "policy.withdrawnFlash", redirect);
	}

	@PostMapping("/console/supervision/policies/{policyId}/attachments")
	String attach(@PathVariable long policyId, @RequestParam(required = false) @Nullable MultipartFile file,
			RedirectAttributes redirect) throws IOException {
		if (file == null || file.isEmpty()) {
			redirect.addFlashAttribute("error", text("policy.error.fileEmpty"));
			return "redirect:/console/supervision/policies/" + policyId;
		}
		if (file.getSize() > policies.properties().maxAttachmentBytes()) {
			redirect.addFlashAttribute("error", text("policy.error.fileSize"));
			return "redirect:/console/supervision/policies/" + policyId;
		}
		byte[] content = file.getBytes();
		return step(policyId, () -> policies.attach(policyId, file.getOriginalFilename(), content),
				"policy.attachedFlash", redirect);
	}

	@PostMapping("/console/supervision/policies/{policyId}/attachments/delete")
	String detach(@PathVariable long policyId, @RequestParam long attachment, RedirectAttributes redirect) {
		return step(policyId, () -> policies.detach(policyId, attachment), "policy.detachedFlash", redirect);
	}

	@GetMapping("/console/supervision/policies/{policyId}/attachment")
	ResponseEntity<byte[]> download(@PathVariable long policyId, @RequestParam long file) {
		Policies.AttachmentFile f = policies.attachment(policyId, file)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "attachment not found"));
		return PolicyFileApi.serve(f);
	}

	@PostMapping("/console/supervision/feed/refresh")
	String refreshFeed(RedirectAttributes redirect) {
		int n = feed.refresh();
		redirect.addFlashAttribute("flash", messages.getMessage("policy.feed.refreshed", new Object[] { n },
				LocaleContextHolder.getLocale()));
		return "redirect:/console/supervision/policies";
	}

	private String step(long policyId, Runnable action, String flashKey, RedirectAttributes redirect) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", text(flashKey));
		}
		catch (PolicyRefused e) {
			redirect.addFlashAttribute("error", text(e.key()));
		}
		return "redirect:/console/supervision/policies/" + policyId;
	}

	private String form(PolicyForm form, @Nullable Long policyId, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("policyId", policyId);
		model.addAttribute("kinds", Policies.KINDS);
		model.addAttribute("audiences", Policies.AUDIENCES);
		model.addAttribute("towns", towns.listAll());
		return "supervision/policy-form";
	}

	private String text(String key) {
		return messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}
}
