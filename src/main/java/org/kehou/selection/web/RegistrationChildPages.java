package org.kehou.selection.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.people.Consents;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.selection.Registration;
import org.kehou.selection.RegistrationRefused;
import org.kehou.selection.RegistrationSettings;
import org.kehou.selection.Registrations;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.server.ResponseStatusException;

/**
 * The guardian's phone page for a child's registration (报名): for each open term of the child's school, the status
 * (and the school's reason after a decline), registering (voluntary — the guardian ticks a confirmation) and
 * withdrawing (asks first). The term travels as {@code term}: a guardian's scope covers the child, not the term.
 */
@Controller
@Access(Role.GUARDIAN)
class RegistrationChildPages {

	/** A term of the child's school with the child's registration in it. */
	record TermCard(TermView term, RegistrationSettings settings, boolean openToday,
			@Nullable Registration registration) {
	}

	private final Registrations registrations;

	private final Students students;

	private final Terms terms;

	private final Consents consents;

	private final MessageSource messages;

	RegistrationChildPages(Registrations registrations, Students students, Terms terms, Consents consents,
			MessageSource messages) {
		this.registrations = registrations;
		this.students = students;
		this.terms = terms;
		this.consents = consents;
		this.messages = messages;
	}

	@GetMapping("/m/children/{studentId}/registration")
	String page(@PathVariable long studentId, Model model) {
		StudentView student = students.find(studentId)
			.orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
		List<TermCard> cards = new ArrayList<>();
		for (TermView term : terms.termsOf(student.schoolId())) {
			if (term.isClosed()) {
				continue;
			}
			RegistrationSettings settings = registrations.settings(term.id());
			cards.add(new TermCard(term, settings, settings.isOpenOn(Registrations.today()),
					registrations.find(studentId, term.id()).orElse(null)));
		}
		model.addAttribute("student", student);
		model.addAttribute("cards", cards);
		model.addAttribute("consented", consents.hasAccepted(studentId));
		return "selection/registration-child";
	}

	@PostMapping("/m/children/{studentId}/registration")
	String register(@PathVariable long studentId, @RequestParam("term") long termId,
			@RequestParam(defaultValue = "false") boolean confirmVoluntary,
			@RequestParam(required = false) @Nullable String remark, RedirectAttributes redirect) {
		try {
			var outcome = registrations.register(guardianId(), studentId, termId, confirmVoluntary, remark);
			redirect.addFlashAttribute("flash", text("registration.child.done." + outcome.registration().status()));
		}
		catch (RegistrationRefused e) {
			redirect.addFlashAttribute("error", text(e.reason().messageKey()));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", text("registration.child.remarkTooLong"));
		}
		return "redirect:/m/children/" + studentId + "/registration";
	}

	@PostMapping("/m/children/{studentId}/registration/withdraw")
	String withdraw(@PathVariable long studentId, @RequestParam("term") long termId, RedirectAttributes redirect) {
		try {
			registrations.withdraw(guardianId(), studentId, termId);
			redirect.addFlashAttribute("flash", text("registration.child.withdrawn"));
		}
		catch (RegistrationRefused e) {
			redirect.addFlashAttribute("error", text(e.reason().messageKey()));
		}
		return "redirect:/m/children/" + studentId + "/registration";
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}

	private static long guardianId() {
		return Objects.requireNonNull(CurrentUser.scope().guardianId(), "guardian account without guardian id");
	}
}
