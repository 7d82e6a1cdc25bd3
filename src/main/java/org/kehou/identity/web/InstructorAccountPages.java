package org.kehou.identity.web;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.internal.InstructorAccounts;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The provider administrator's page of instructor accounts (教师账号): create one, link it to an instructor of the
 * provider; and the same link over JSON ({@code PUT /api/v1/accounts/{userId}/instructor}). {@code userId} is checked
 * centrally (the account's provider); a form's {@code instructorId} too (the instructor's provider); the JSON body's
 * instructor is checked by {@link InstructorAccounts}.
 */
@Controller
@Access(Role.PROVIDER_ADMIN)
class InstructorAccountPages {

	record LinkRequest(@Nullable Long instructorId) {
	}

	private final InstructorAccounts accounts;

	InstructorAccountPages(InstructorAccounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/console/instructor-accounts")
	String list(Model model) {
		long provider = provider();
		model.addAttribute("accounts", accounts.list(provider));
		model.addAttribute("instructors", accounts.instructors(provider));
		return "identity/instructor-accounts";
	}

	/** Creates an account; its temporary password is shown on this response only. */
	@PostMapping("/console/instructor-accounts")
	String create(@RequestParam(required = false) @Nullable String username,
			@RequestParam(required = false) @Nullable String displayName,
			@RequestParam(required = false) @Nullable Long instructorId, Model model) {
		long provider = provider();
		try {
			InstructorAccounts.Created created = accounts.create(provider, username, displayName, instructorId);
			model.addAttribute("temporaryPassword", created.temporaryPassword());
			model.addAttribute("createdUsername", Objects.requireNonNull(username).strip());
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			model.addAttribute("errorKey", e.getMessage());
			model.addAttribute("username", username);
			model.addAttribute("displayName", displayName);
		}
		return list(model);
	}

	@PostMapping("/console/instructor-accounts/{userId}/instructor")
	String link(@PathVariable long userId, @RequestParam(required = false) @Nullable Long instructorId,
			RedirectAttributes redirect) {
		try {
			accounts.link(userId, instructorId);
			redirect.addFlashAttribute("noticeKey", "checkin.accounts.linked");
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			redirect.addFlashAttribute("errorKey", e.getMessage());
		}
		return "redirect:/console/instructor-accounts";
	}

	@PutMapping("/api/v1/accounts/{userId}/instructor")
	@ResponseBody
	InstructorAccounts.Row linkApi(@PathVariable long userId, @RequestBody LinkRequest request) {
		accounts.link(userId, request.instructorId());
		return accounts.list(provider()).stream().filter(r -> r.id() == userId).findFirst().orElseThrow();
	}

	@ExceptionHandler({ IllegalArgumentException.class, IllegalStateException.class })
	@ResponseBody
	org.springframework.http.ResponseEntity<ProblemDetail> refused(RuntimeException e) {
		HttpStatus status = e instanceof IllegalArgumentException ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
		return org.springframework.http.ResponseEntity.status(status).body(problem);
	}

	private static long provider() {
		return Objects.requireNonNull(CurrentUser.scope().providerId());
	}
}
