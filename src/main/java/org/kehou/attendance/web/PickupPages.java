package org.kehou.attendance.web;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.HandOver;
import org.kehou.attendance.PickupRefused;
import org.kehou.attendance.PickupRelation;
import org.kehou.attendance.Pickups;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Phone pages of pickup (接送): the guardian's page of a child's authorised persons (add, remove) and go-home-alone
 * permission (sign after reading the statement, revoke); the teacher's (or instructor's) release page of a session —
 * each present child with one button per guardian and authorised person (phones masked) and 自行离校 when permitted;
 * released children show to whom and when. A double tap releases once.
 */
@Controller
class PickupPages {

	private final Pickups pickups;

	private final Sessions sessions;

	private final MessageSource messages;

	PickupPages(Pickups pickups, Sessions sessions, MessageSource messages) {
		this.pickups = pickups;
		this.sessions = sessions;
		this.messages = messages;
	}

	@GetMapping("/m/children/{studentId}/pickup")
	@Access(Role.GUARDIAN)
	String child(@PathVariable long studentId, Model model) {
		model.addAttribute("pickup", pickups.ofChild(studentId));
		model.addAttribute("statement", pickups.statement(studentId, LocaleContextHolder.getLocale()));
		model.addAttribute("relations", PickupRelation.values());
		return "attendance/pickup-child";
	}

	@PostMapping("/m/children/{studentId}/pickup-persons")
	@Access(Role.GUARDIAN)
	String addPerson(@PathVariable long studentId, @RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String relation, @RequestParam(required = false) @Nullable String phone,
			RedirectAttributes redirect) {
		PickupRelation parsed = parse(relation);
		String problem = null;
		if (name == null || name.isBlank() || name.strip().length() > Pickups.NAME_MAX) {
			problem = "pickup.person.invalid.name";
		}
		else if (parsed == null) {
			problem = "pickup.person.invalid.relation";
		}
		else if (phone == null || !org.kehou.shared.Masking.isMobile(phone)) {
			problem = "pickup.person.invalid.phone";
		}
		if (problem == null) {
			try {
				pickups.addPerson(studentId, name, parsed, phone);
				redirect.addFlashAttribute("flash", message("pickup.person.added", name.strip()));
				return "redirect:/m/children/" + studentId + "/pickup";
			}
			catch (PickupRefused e) {
				problem = e.messageKey();
			}
		}
		redirect.addFlashAttribute("error", message(problem));
		redirect.addFlashAttribute("formName", name);
		redirect.addFlashAttribute("formRelation", relation);
		return "redirect:/m/children/" + studentId + "/pickup#add-person";
	}

	@PostMapping("/m/pickup-persons/{pickupPersonId}/remove")
	@Access(Role.GUARDIAN)
	String removePerson(@PathVariable long pickupPersonId, RedirectAttributes redirect) {
		Pickups.Person person = pickups.person(pickupPersonId).orElseThrow();
		try {
			pickups.removePerson(pickupPersonId);
			redirect.addFlashAttribute("flash", message("pickup.person.removed", person.name()));
		}
		catch (PickupRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/m/children/" + person.studentId() + "/pickup";
	}

	@PostMapping("/m/children/{studentId}/go-home-alone")
	@Access(Role.GUARDIAN)
	String sign(@PathVariable long studentId, @RequestParam(required = false) @Nullable String confirmed,
			RedirectAttributes redirect) {
		if (confirmed == null) {
			redirect.addFlashAttribute("error", message("pickup.alone.confirmRequired"));
			return "redirect:/m/children/" + studentId + "/pickup#alone";
		}
		try {
			pickups.signGoHomeAlone(studentId, true);
			redirect.addFlashAttribute("flash", message("pickup.alone.signed"));
		}
		catch (PickupRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/m/children/" + studentId + "/pickup";
	}

	@PostMapping("/m/children/{studentId}/go-home-alone/revoke")
	@Access(Role.GUARDIAN)
	String revoke(@PathVariable long studentId, RedirectAttributes redirect) {
		try {
			pickups.revokeGoHomeAlone(studentId);
			redirect.addFlashAttribute("flash", message("pickup.alone.revoked"));
		}
		catch (PickupRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/m/children/" + studentId + "/pickup";
	}

	@GetMapping("/m/sessions/{sessionId}/pickup")
	@Access({ Role.TEACHER, Role.INSTRUCTOR })
	String board(@PathVariable long sessionId, Model model) {
		model.addAttribute("cs", sessions.find(sessionId).orElseThrow());
		model.addAttribute("board", pickups.board(sessionId));
		return "attendance/pickup-session";
	}

	/** {@code to}: {@code GUARDIAN:<id>}, {@code PERSON:<id>} or {@code ALONE}. */
	@PostMapping("/m/sessions/{sessionId}/pickup")
	@Access({ Role.TEACHER, Role.INSTRUCTOR })
	String release(@PathVariable long sessionId, @RequestParam(required = false) @Nullable Long studentId,
			@RequestParam(required = false) @Nullable String to, RedirectAttributes redirect) {
		HandOver kind = null;
		Long id = null;
		if (to != null) {
			String[] parts = to.split(":", 2);
			try {
				kind = HandOver.valueOf(parts[0]);
				id = parts.length == 2 ? Long.valueOf(parts[1]) : null;
			}
			catch (IllegalArgumentException e) {
				kind = null;
			}
		}
		if (studentId == null || kind == null || (kind != HandOver.ALONE && id == null)) {
			redirect.addFlashAttribute("error", message("pickup.release.invalid"));
			return "redirect:/m/sessions/" + sessionId + "/pickup";
		}
		try {
			Pickups.Release done = pickups.release(sessionId, studentId, kind, id);
			redirect.addFlashAttribute("flash", done.to() == HandOver.ALONE
					? message("pickup.release.doneAlone", done.releasedAt().toLocalTime().withNano(0))
					: message("pickup.release.done", done.toName(), done.releasedAt().toLocalTime().withNano(0)));
		}
		catch (PickupRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/m/sessions/" + sessionId + "/pickup#child-" + studentId;
	}

	private static @Nullable PickupRelation parse(@Nullable String relation) {
		if (relation == null) {
			return null;
		}
		try {
			return PickupRelation.valueOf(relation);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
