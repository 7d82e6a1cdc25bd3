package org.kehou.people.web;

import java.util.Objects;

import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.people.Consents;
import org.kehou.people.Guardians;
import org.kehou.people.internal.ChildData;
import org.kehou.people.internal.DataRequest;
import org.kehou.people.internal.DataRequests;
import org.kehou.people.internal.StudentRecords;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Phone pages for guardians: my children; a child's data, consent, download and requests. */
@Controller
@Access(Role.GUARDIAN)
class ChildPages {

	private final Guardians guardians;

	private final Consents consents;

	private final ChildData childData;

	private final DataRequests requests;

	private final StudentRecords records;

	private final MessageSource messages;

	ChildPages(Guardians guardians, Consents consents, ChildData childData, DataRequests requests,
			StudentRecords records, MessageSource messages) {
		this.guardians = guardians;
		this.consents = consents;
		this.childData = childData;
		this.requests = requests;
		this.records = records;
		this.messages = messages;
	}

	@GetMapping("/m/children")
	String children(Model model) {
		model.addAttribute("children", guardians.childrenOf(guardianId()));
		return "people/children";
	}

	@GetMapping("/m/children/{studentId}")
	String child(@PathVariable long studentId, Model model) {
		return page(studentId, model);
	}

	@PostMapping("/m/children/{studentId}/id-number")
	String fullIdNumber(@PathVariable long studentId, Model model) {
		String full = records.viewFullIdNumber(studentId);
		model.addAttribute("fullIdNumber", full == null ? "—" : full);
		return page(studentId, model);
	}

	@PostMapping("/m/children/{studentId}/consent")
	String consent(@PathVariable long studentId, @RequestParam Consents.Decision decision,
			RedirectAttributes redirect) {
		childData.decide(guardianId(), studentId, decision);
		redirect.addFlashAttribute("flash", PeopleProblems.text(messages, "people.consent.recorded." + decision));
		return "redirect:/m/children/" + studentId;
	}

	@GetMapping("/m/children/{studentId}/data.json")
	@ResponseBody
	ResponseEntity<ChildData.Export> download(@PathVariable long studentId) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("child-" + studentId + ".json").build().toString())
			.body(childData.export(studentId));
	}

	@PostMapping("/m/children/{studentId}/requests")
	String request(@PathVariable long studentId, @RequestParam DataRequest.Kind kind, @RequestParam String details,
			RedirectAttributes redirect) {
		try {
			requests.submit(studentId, guardianId(), kind, details);
			redirect.addFlashAttribute("flash", PeopleProblems.text(messages, "people.requests.submitted"));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", PeopleProblems.text(messages, e));
		}
		return "redirect:/m/children/" + studentId;
	}

	private String page(long studentId, Model model) {
		long guardianId = guardianId();
		model.addAttribute("export", childData.exportWithoutAudit(studentId));
		model.addAttribute("myDecision", consents.latest(studentId)
			.stream()
			.filter(c -> c.guardianId() == guardianId)
			.findFirst()
			.orElse(null));
		model.addAttribute("accepted", consents.hasAccepted(studentId));
		model.addAttribute("noticeVersion", Consents.NOTICE_VERSION);
		return "people/child";
	}

	private static long guardianId() {
		return Objects.requireNonNull(CurrentUser.scope().guardianId(), "guardian account without guardian id");
	}
}
