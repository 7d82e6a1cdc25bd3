package org.kehou.billing.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.kehou.billing.SettlementRefused;
import org.kehou.billing.SettlementStatus;
import org.kehou.billing.SettlementView;
import org.kehou.billing.Settlements;
import org.kehou.billing.Statement;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
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
 * The console's settlement pages (menu 收费与账务 → 机构结算): the statements of the caller's scope with filters and
 * the form to make one (provider admin, school admin), and one statement with its sessions, credits, exports and the
 * actions of the caller's side — recompute, submit, discard (provider admin, a draft); approve, return (school admin,
 * town admin, a submitted one). Form fields are named {@code pair}, {@code provider}, {@code school} — not the
 * scoped {@code providerId}/{@code termId} the central check would resolve — because a provider admin names a
 * school's term and a school admin a provider; {@link Settlements} checks both sides.
 */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
class SettlementPages {

	private final Settlements settlements;

	private final MessageSource messages;

	SettlementPages(Settlements settlements, MessageSource messages) {
		this.settlements = settlements;
		this.messages = messages;
	}

	@GetMapping("/console/settlements")
	String list(@RequestParam(required = false) @Nullable SettlementStatus status,
			@RequestParam(required = false) @Nullable Long provider, @RequestParam(required = false) @Nullable Long school,
			Model model) {
		KehouUser me = CurrentUser.require();
		List<SettlementView> all = settlements.list(me.scope(), Settlements.Filter.NONE);
		Map<Long, String> providers = new LinkedHashMap<>();
		Map<Long, String> schools = new LinkedHashMap<>();
		all.forEach(s -> {
			providers.putIfAbsent(s.providerId(), s.providerName());
			schools.putIfAbsent(s.schoolId(), s.schoolName());
		});
		boolean filtered = status != null || provider != null || school != null;
		model.addAttribute("settlements",
				filtered ? settlements.list(me.scope(), new Settlements.Filter(status, provider, school)) : all);
		model.addAttribute("filtered", filtered);
		model.addAttribute("status", status);
		model.addAttribute("provider", provider);
		model.addAttribute("school", school);
		model.addAttribute("statuses", SettlementStatus.values());
		model.addAttribute("providers", providers);
		model.addAttribute("schools", schools);
		model.addAttribute("candidates", settlements.candidates(me));
		model.addAttribute("canCreate", me.role() == Role.PROVIDER_ADMIN || me.role() == Role.SCHOOL_ADMIN);
		return "billing/settlements";
	}

	/** {@code pair} = {@code <providerId>:<termId>} of a candidate; {@code month} = {@code yyyy-MM} or blank. */
	@PostMapping("/console/settlements")
	@Access({ Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	String create(@RequestParam(required = false) @Nullable String pair,
			@RequestParam(required = false) @Nullable String month, RedirectAttributes redirect) {
		try {
			String[] ids = pair == null ? new String[0] : pair.split(":");
			if (ids.length != 2) {
				throw new IllegalArgumentException("choose a provider and term");
			}
			SettlementView made = settlements.create(CurrentUser.require(), Long.parseLong(ids[0]),
					Long.parseLong(ids[1]), SettlementApi.month(month));
			redirect.addFlashAttribute("flash", message("settlement.created." + made.status()));
			return "redirect:/console/settlements/" + made.id();
		}
		catch (SettlementRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", message("settlement.invalid"));
		}
		return "redirect:/console/settlements";
	}

	@GetMapping("/console/settlements/{settlementId}")
	String detail(@PathVariable long settlementId, Model model) {
		KehouUser me = CurrentUser.require();
		Statement statement = settlements.statement(settlementId);
		SettlementView s = statement.settlement();
		boolean provider = me.role() == Role.PROVIDER_ADMIN;
		boolean decider = me.role() == Role.SCHOOL_ADMIN || me.role() == Role.TOWN_ADMIN;
		model.addAttribute("statement", statement);
		model.addAttribute("s", s);
		model.addAttribute("period", settlements.period(s, LocaleContextHolder.getLocale()));
		model.addAttribute("over", s.over(Settlements.today()));
		model.addAttribute("canEdit", provider && s.status() == SettlementStatus.DRAFT);
		model.addAttribute("canDecide", decider && s.status() == SettlementStatus.SUBMITTED);
		model.addAttribute("capitals", org.kehou.billing.RmbCapitals.of(statement.total()));
		return "billing/settlement";
	}

	@PostMapping("/console/settlements/{settlementId}/recompute")
	@Access(Role.PROVIDER_ADMIN)
	String recompute(@PathVariable long settlementId, RedirectAttributes redirect) {
		return act(settlementId, redirect, "settlement.done.recomputed",
				() -> settlements.recompute(CurrentUser.require(), settlementId));
	}

	@PostMapping("/console/settlements/{settlementId}/submit")
	@Access(Role.PROVIDER_ADMIN)
	String submit(@PathVariable long settlementId, RedirectAttributes redirect) {
		return act(settlementId, redirect, "settlement.done.submitted",
				() -> settlements.submit(CurrentUser.require(), settlementId));
	}

	@PostMapping("/console/settlements/{settlementId}/discard")
	@Access(Role.PROVIDER_ADMIN)
	String discard(@PathVariable long settlementId, RedirectAttributes redirect) {
		try {
			settlements.discard(CurrentUser.require(), settlementId);
			redirect.addFlashAttribute("flash", message("settlement.done.discarded"));
			return "redirect:/console/settlements";
		}
		catch (SettlementRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
			return "redirect:/console/settlements/" + settlementId;
		}
	}

	@PostMapping("/console/settlements/{settlementId}/approve")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN })
	String approve(@PathVariable long settlementId, @RequestParam(required = false) @Nullable Long expectedTotalFen,
			RedirectAttributes redirect) {
		return act(settlementId, redirect, "settlement.done.approved",
				() -> settlements.approve(CurrentUser.require(), settlementId, expectedTotalFen));
	}

	@PostMapping("/console/settlements/{settlementId}/return")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN })
	String sendBack(@PathVariable long settlementId, @RequestParam(required = false) @Nullable String reason,
			RedirectAttributes redirect) {
		return act(settlementId, redirect, "settlement.done.returned",
				() -> settlements.sendBack(CurrentUser.require(), settlementId, reason));
	}

	private String act(long settlementId, RedirectAttributes redirect, String done, Supplier<SettlementView> action) {
		try {
			SettlementView s = action.get();
			redirect.addFlashAttribute("flash", message(done, s.total()));
		}
		catch (SettlementRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/console/settlements/" + settlementId;
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
