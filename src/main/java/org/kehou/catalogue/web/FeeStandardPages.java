package org.kehou.catalogue.web;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CourseCategory;
import org.kehou.catalogue.FeeCap;
import org.kehou.catalogue.FeeCaps;
import org.kehou.catalogue.NewFeeCap;
import org.kehou.catalogue.TownCapAboveCity;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Towns;
import org.kehou.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console page of fee standards: the city administrator sees and sets the city's caps, a town administrator
 * sees the city's caps next to the town's own and sets the town's (only lower). Both see the history.
 */
@Controller
class FeeStandardPages {

	record CapForm(@NotBlank(message = "{catalogue.validation.required}") @Nullable String category,
			@NotBlank(message = "{catalogue.validation.required}") @Size(max = 20,
					message = "{catalogue.validation.amount}") @Nullable String amount,
			@NotNull(message = "{catalogue.validation.required}") @Min(value = 10,
					message = "{catalogue.validation.minutes}") @Max(value = 240,
							message = "{catalogue.validation.minutes}") @Nullable Integer lessonMinutes,
			@NotNull(message = "{catalogue.validation.required}") @DateTimeFormat(
					iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate validFrom,
			@NotBlank(message = "{catalogue.validation.required}") @Size(max = 200,
					message = "{catalogue.validation.source}") @Nullable String source) {

		static CapForm empty() {
			return new CapForm(null, null, null, FeeCaps.today(), null);
		}
	}

	/** One line of the table: a category with the city's cap and the town's own cap in force (either may be missing). */
	record Row(CourseCategory category, @Nullable FeeCap city, @Nullable FeeCap town) {
	}

	private final FeeCaps caps;

	private final Towns towns;

	private final MessageSource messages;

	FeeStandardPages(FeeCaps caps, Towns towns, MessageSource messages) {
		this.caps = caps;
		this.towns = towns;
		this.messages = messages;
	}

	@GetMapping("/console/fee-standards")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	String page(Model model) {
		if (!model.containsAttribute("capForm")) {
			model.addAttribute("capForm", CapForm.empty());
		}
		return render(model);
	}

	@PostMapping("/console/fee-standards")
	@Access(Role.CITY_ADMIN)
	String setCityCap(@Valid @ModelAttribute("capForm") CapForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		return save(form, errors, model, redirect, null);
	}

	@PostMapping("/console/towns/{townId}/fee-standards")
	@Access(Role.TOWN_ADMIN)
	String setTownCap(@PathVariable long townId, @Valid @ModelAttribute("capForm") CapForm form, BindingResult errors,
			Model model, RedirectAttributes redirect) {
		return save(form, errors, model, redirect, townId);
	}

	private String save(CapForm form, BindingResult errors, Model model, RedirectAttributes redirect,
			@Nullable Long townId) {
		Money amount = null;
		if (!errors.hasFieldErrors("amount") && form.amount() != null) {
			try {
				amount = Money.parse(form.amount());
				if (amount.fen() <= 0) {
					errors.rejectValue("amount", "catalogue.validation.amount");
				}
			}
			catch (IllegalArgumentException | ArithmeticException e) {
				errors.rejectValue("amount", "catalogue.validation.amount");
			}
		}
		if (!errors.hasFieldErrors("category") && form.category() != null
				&& caps.category(form.category()).filter(CourseCategory::active).isEmpty()) {
			errors.rejectValue("category", "catalogue.validation.category");
		}
		if (!errors.hasErrors() && amount != null) {
			NewFeeCap cap = new NewFeeCap(Objects.requireNonNull(form.category()), amount,
					Objects.requireNonNull(form.lessonMinutes()), Objects.requireNonNull(form.validFrom()),
					Objects.requireNonNull(form.source()));
			try {
				FeeCap saved = townId == null ? caps.setCityCap(cap) : caps.setTownCap(townId, cap);
				redirect.addFlashAttribute("flash", message("catalogue.cap.saved", saved.amount().toString(),
						saved.lessonMinutes(), saved.validFrom().toString()));
				return "redirect:/console/fee-standards";
			}
			catch (TownCapAboveCity e) {
				errors.rejectValue("amount", "catalogue.cap.aboveCity", new Object[] { e.cityCap().amount().toString(),
						e.cityCap().lessonMinutes(), e.cityCap().source() }, "above the city's cap");
			}
			catch (IllegalStateException e) {
				errors.reject("catalogue.cap.noCityCap");
			}
		}
		model.addAttribute("error", message("catalogue.cap.notSaved"));
		return render(model);
	}

	private String render(Model model) {
		var user = CurrentUser.require();
		Long townId = user.role() == Role.TOWN_ADMIN ? user.scope().townId() : null;
		LocalDate today = FeeCaps.today();
		Map<String, FeeCap> city = byCategory(caps.capsInForce(null, today));
		Map<String, FeeCap> town = townId == null ? Map.of() : byCategory(caps.capsInForce(townId, today));
		List<CourseCategory> categories = caps.categories();
		model.addAttribute("rows", categories.stream()
			.map(c -> new Row(c, city.get(c.code()), town.get(c.code())))
			.toList());
		model.addAttribute("categories", categories);
		model.addAttribute("names", names(categories));
		model.addAttribute("townId", townId);
		model.addAttribute("town", townId == null ? null : towns.findTown(townId).orElse(null));
		model.addAttribute("history", caps.history(townId));
		model.addAttribute("today", today);
		return "catalogue/fee-standards";
	}

	static Map<String, FeeCap> byCategory(List<FeeCap> caps) {
		Map<String, FeeCap> map = new LinkedHashMap<>();
		caps.forEach(c -> map.put(c.categoryCode(), c));
		return map;
	}

	static Map<String, String> names(List<CourseCategory> categories) {
		Map<String, String> map = new LinkedHashMap<>();
		categories.forEach(c -> map.put(c.code(), c.name(LocaleContextHolder.getLocale())));
		return map;
	}

	private String message(String key, Object... arguments) {
		return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}
}
