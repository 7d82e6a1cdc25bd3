package org.kehou.catalogue.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapInForce;
import org.kehou.catalogue.FeeCap;
import org.kehou.catalogue.FeeCaps;
import org.kehou.identity.PublicEndpoint;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TownView;
import org.kehou.organisation.Towns;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The published fee standards (收费标准公示): public, for guardians on a phone, no sign-in. With
 * {@code ?school=ID} (a request parameter, not a scoped id: school names and their caps are public) it shows the caps
 * in force for that school, i.e. the lower of the city's and its town's per category.
 */
@Controller
@PublicEndpoint
class PublicFeesPage {

	/** School names are public: the picker lists every active school of the city. */
	private static final Scope PUBLIC_DIRECTORY = new Scope(Role.CITY_ADMIN, null, null, null, null);

	/** A town that lowered some caps, with those caps. */
	record TownCaps(String townName, List<FeeCap> caps) {
	}

	/** The cap in force for one category at the chosen school, for a lesson of the city cap's length. */
	record SchoolCap(String categoryCode, CapInForce cap) {
	}

	private final FeeCaps caps;

	private final Towns towns;

	private final Schools schools;

	PublicFeesPage(FeeCaps caps, Towns towns, Schools schools) {
		this.caps = caps;
		this.towns = towns;
		this.schools = schools;
	}

	@GetMapping("/fees")
	String fees(@RequestParam(name = "school", required = false) @Nullable Long schoolId, Model model) {
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

		// the school picker, grouped by town (city-direct schools under the key "")
		Map<String, List<SchoolView>> directory = new LinkedHashMap<>();
		schools.schoolsIn(PUBLIC_DIRECTORY).stream().filter(SchoolView::active).forEach(s -> directory
			.computeIfAbsent(s.townName() == null ? "" : s.townName(), k -> new ArrayList<>()).add(s));
		model.addAttribute("directory", directory);
		model.addAttribute("schoolId", schoolId);
		Optional<SchoolView> school = schoolId == null ? Optional.empty()
				: schools.findSchool(schoolId).filter(SchoolView::active);
		model.addAttribute("school", school.orElse(null));
		model.addAttribute("schoolUnknown", schoolId != null && school.isEmpty());
		List<SchoolCap> schoolCaps = new ArrayList<>();
		school.ifPresent(s -> categories.forEach(c -> {
			FeeCap cityCap = city.get(c.code());
			if (cityCap != null) {
				caps.capFor(c.code(), s.townId(), cityCap.lessonMinutes(), today)
					.ifPresent(cap -> schoolCaps.add(new SchoolCap(c.code(), cap)));
			}
		}));
		model.addAttribute("schoolCaps", schoolCaps);
		return "catalogue/fees";
	}
}
