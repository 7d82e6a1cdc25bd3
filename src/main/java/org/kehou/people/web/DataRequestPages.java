package org.kehou.people.web;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.people.internal.DataRequest;
import org.kehou.people.internal.DataRequests;
import org.kehou.people.internal.PeopleScope;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Console page: guardians' correction and deletion requests; the school admin handles them. */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
class DataRequestPages {

	private final DataRequests requests;

	private final MessageSource messages;

	DataRequestPages(DataRequests requests, MessageSource messages) {
		this.requests = requests;
		this.messages = messages;
	}

	@GetMapping("/console/data-requests")
	String list(@RequestParam(required = false) DataRequest.@Nullable Status status, Model model) {
		model.addAttribute("status", status);
		model.addAttribute("requests", requests.search(PeopleScope.of(CurrentUser.scope()), null, status));
		return "people/data-requests";
	}

	@PostMapping("/console/data-requests/{dataRequestId}")
	@Access(Role.SCHOOL_ADMIN)
	String handle(@PathVariable long dataRequestId, @RequestParam DataRequest.Status outcome,
			@RequestParam(defaultValue = "") String response, RedirectAttributes redirect) {
		try {
			requests.handle(dataRequestId, outcome, response);
			redirect.addFlashAttribute("flash",
					PeopleProblems.text(messages, "people.requests.handled"));
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			redirect.addFlashAttribute("error", PeopleProblems.text(messages, e));
		}
		return "redirect:/console/data-requests";
	}
}
