package org.kehou.catalogue.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kehou.catalogue.FeeCap;
import org.kehou.catalogue.FeeCaps;
import org.kehou.identity.PublicEndpoint;
import org.kehou.organisation.TownView;
import org.kehou.organisation.Towns;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The published fee standards (收费标准公示): public, for guardians on a phone, no sign-in. */
@Controller
@PublicEndpoint
class PublicFeesPage {

	/** A town that lowered some caps, with those caps. */
	record TownCaps(String townName, List<FeeCap> caps) {
	}

	private final FeeCaps caps;

	private final Towns towns;

	PublicFeesPage(FeeCaps caps, Towns towns) {
		this.caps = caps;
		this.towns = towns;
	}

	@GetMapping("/fees")
	String fees(Model model) {
		var today = FeeCaps.today();
		var categories = caps.categories();
		Map<String, FeeCap> city = FeeStandardPages.byCategory(caps.capsInForce(null, today));
		List<TownCaps> townCaps = new ArrayList<>();
		Map<Long, List<FeeCap>> byTown = new java.util.TreeMap<>();
		caps.townCapsInForce(today).forEach(c -> byTown.computeIfAbsent(c.townId(), k -> new ArrayList<>()).add(c));
		byTown.forEach((townId, list) -> townCaps.add(new TownCaps(
				towns.findTown(townId).map(TownView::name).orElse(String.valueOf(townId)), list)));
		model.addAttribute("categories", categories);
		model.addAttribute("names", FeeStandardPages.names(categories));
		model.addAttribute("city", city);
		model.addAttribute("towns", townCaps);
		model.addAttribute("today", today);
		return "catalogue/fees";
	}
}
