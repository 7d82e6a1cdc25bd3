package org.kehou.billing.web;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.kehou.billing.BillingRefused;
import org.kehou.billing.BillingSettings;
import org.kehou.billing.OfflineKind;
import org.kehou.billing.OrderFilter;
import org.kehou.billing.OrderStatus;
import org.kehou.billing.Orders;
import org.kehou.billing.PaymentMode;
import org.kehou.billing.Refunds;
import org.kehou.billing.SchoolBilling;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.people.HardshipCategory;
import org.kehou.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's fee pages: the orders of the scope (filters, totals, pages of 20), one order with its lines,
 * credits, payments and refunds — where the school records an offline payment or a cash refund handed over — and the
 * billing settings (the school's payment mode, time to pay, leave refunds; the exemption shares of the school or the
 * town).
 */
@Controller
class OrderConsolePages {

	static final int PAGE_SIZE = 20;

	private final Orders orders;

	private final Refunds refunds;

	private final BillingSettings settings;

	private final MessageSource messages;

	OrderConsolePages(Orders orders, Refunds refunds, BillingSettings settings, MessageSource messages) {
		this.orders = orders;
		this.refunds = refunds;
		this.settings = settings;
		this.messages = messages;
	}

	@GetMapping("/console/billing/orders")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String list(@RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable Long schoolId, @RequestParam(defaultValue = "0") int page, Model model) {
		OrderStatus parsed = parseStatus(status);
		model.addAttribute("result", orders.list(CurrentUser.require(), new OrderFilter(schoolId, null, parsed, q), page, PAGE_SIZE));
		model.addAttribute("status", parsed);
		model.addAttribute("q", q);
		model.addAttribute("schoolId", schoolId);
		model.addAttribute("statuses", OrderStatus.values());
		return "billing/orders";
	}

	@GetMapping("/console/billing/orders/{orderId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String order(@PathVariable long orderId, Model model) {
		model.addAttribute("order", orders.find(orderId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("requestKey", UUID.randomUUID().toString());
		model.addAttribute("kinds", OfflineKind.values());
		return "billing/order-console";
	}

	@PostMapping("/console/billing/orders/{orderId}/offline-payments")
	@Access(Role.SCHOOL_ADMIN)
	String offline(@PathVariable long orderId, @RequestParam(required = false) @Nullable String amount,
			@RequestParam(required = false) @Nullable String kind, @RequestParam(required = false) @Nullable String note,
			@RequestParam(required = false) @Nullable String requestKey, RedirectAttributes redirect) {
		Money money;
		OfflineKind parsedKind;
		try {
			money = Money.parse(amount == null ? "" : amount.strip());
			parsedKind = OfflineKind.valueOf(kind == null ? "" : kind);
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", message("billing.offline.invalid"));
			return "redirect:/console/billing/orders/" + orderId;
		}
		try {
			var payment = orders.recordOffline(orderId, money.fen(), parsedKind, note,
					requestKey == null || requestKey.isBlank() ? UUID.randomUUID().toString() : requestKey);
			redirect.addFlashAttribute("flash", message("billing.offline.recorded", payment.amount(), payment.receiptNo()));
		}
		catch (BillingRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		return "redirect:/console/billing/orders/" + orderId;
	}

	@PostMapping("/console/billing/refunds/{refundId}/cash")
	@Access(Role.SCHOOL_ADMIN)
	String cashRefund(@PathVariable long refundId, RedirectAttributes redirect) {
		try {
			var refund = refunds.recordCashRefund(refundId);
			redirect.addFlashAttribute("flash", message("billing.cashRefund.recorded", refund.amount()));
			return "redirect:/console/billing/orders/" + refund.orderId();
		}
		catch (BillingRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
			return "redirect:/console/billing/orders";
		}
	}

	@GetMapping("/console/billing/settings")
	@Access({ Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String settings(Model model) {
		Scope scope = CurrentUser.scope();
		if (scope.schoolId() != null) {
			model.addAttribute("school", settings.of(scope.schoolId()));
			model.addAttribute("own", settings.schoolPolicy(scope.schoolId()));
			model.addAttribute("inForce", settings.policyInForce(scope.schoolId()));
		}
		else {
			model.addAttribute("own", settings.townPolicy(scope.townId() == null ? -1 : scope.townId()));
			model.addAttribute("inForce", Map.of());
		}
		model.addAttribute("modes", PaymentMode.values());
		model.addAttribute("categories", HardshipCategory.values());
		return "billing/settings";
	}

	@PostMapping("/console/billing/settings")
	@Access(Role.SCHOOL_ADMIN)
	String saveSettings(@RequestParam(required = false) @Nullable String paymentMode,
			@RequestParam(required = false) @Nullable Integer payWithinHours,
			@RequestParam(required = false) @Nullable String refundLeave, RedirectAttributes redirect) {
		Long school = CurrentUser.scope().schoolId();
		try {
			if (school == null || payWithinHours == null) {
				throw new BillingRefused(BillingRefused.Reason.INVALID, "hours");
			}
			settings.save(new SchoolBilling(school, PaymentMode.valueOf(paymentMode == null ? "" : paymentMode),
					Math.multiplyExact(payWithinHours, 60), refundLeave != null));
			redirect.addFlashAttribute("flash", message("billing.settings.saved"));
		}
		catch (BillingRefused | IllegalArgumentException | ArithmeticException e) {
			redirect.addFlashAttribute("error", message("billing.settings.invalid"));
		}
		return "redirect:/console/billing/settings";
	}

	@PostMapping("/console/billing/exemptions")
	@Access({ Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String saveShare(@RequestParam(required = false) @Nullable String category,
			@RequestParam(required = false) @Nullable String percent, RedirectAttributes redirect) {
		Scope scope = CurrentUser.scope();
		try {
			HardshipCategory c = HardshipCategory.valueOf(category == null ? "" : category);
			Integer p = percent == null || percent.isBlank() ? null : Integer.valueOf(percent.strip());
			if (scope.schoolId() != null) {
				settings.setShare(null, scope.schoolId(), c, p);
			}
			else {
				settings.setShare(scope.townId(), null, c, p);
			}
			redirect.addFlashAttribute("flash", message("billing.exemption.saved", c.label()));
		}
		catch (BillingRefused | IllegalArgumentException e) {
			redirect.addFlashAttribute("error", message("billing.exemption.invalid"));
		}
		return "redirect:/console/billing/settings";
	}

	private static @Nullable OrderStatus parseStatus(@Nullable String status) {
		try {
			return status == null || status.isBlank() ? null : OrderStatus.valueOf(status);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
