package org.kehou.cityfeed.web;

import org.kehou.cityfeed.CityPolicies;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The city's policies for their audiences: on the console ({@code /console/policies}) for admins, teachers and
 * instructors, on the phone ({@code /m/policies}) for guardians, teachers and instructors. A list (newest first, 20 a
 * page, unread marked) and the detail, whose opening records the account's read receipt. A policy not shown to the
 * caller is 404 (the scope check through {@code cityPolicyId}'s owner, then the service again).
 */
@Controller
class CityPolicyPages {

	private static final String CONSOLE = "/console/policies";

	private static final String PHONE = "/m/policies";

	private final CityPolicies policies;

	CityPolicyPages(CityPolicies policies) {
		this.policies = policies;
	}

	@GetMapping(CONSOLE)
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.PROVIDER_ADMIN, Role.INSTRUCTOR })
	String console(@RequestParam(defaultValue = "0") int page, Model model) {
		return list(page, model, CONSOLE, "layout/console");
	}

	@GetMapping(CONSOLE + "/{cityPolicyId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.PROVIDER_ADMIN, Role.INSTRUCTOR })
	String consolePolicy(@PathVariable long cityPolicyId, Model model) {
		return open(cityPolicyId, model, CONSOLE, "layout/console");
	}

	@GetMapping(PHONE)
	@Access({ Role.GUARDIAN, Role.TEACHER, Role.INSTRUCTOR })
	String phone(@RequestParam(defaultValue = "0") int page, Model model) {
		return list(page, model, PHONE, "layout/mobile");
	}

	@GetMapping(PHONE + "/{cityPolicyId}")
	@Access({ Role.GUARDIAN, Role.TEACHER, Role.INSTRUCTOR })
	String phonePolicy(@PathVariable long cityPolicyId, Model model) {
		return open(cityPolicyId, model, PHONE, "layout/mobile");
	}

	/** One template per page for both the console and the phone: the layout and the pages' base path differ. */
	private String list(int page, Model model, String base, String layout) {
		model.addAttribute("listing", policies.list(CurrentUser.require(), page));
		model.addAttribute("base", base);
		model.addAttribute("layout", layout);
		return "cityfeed/policies";
	}

	private String open(long id, Model model, String base, String layout) {
		KehouUser user = CurrentUser.require();
		model.addAttribute("policy",
				policies.open(id, user).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("base", base);
		model.addAttribute("layout", layout);
		return "cityfeed/policy";
	}
}
