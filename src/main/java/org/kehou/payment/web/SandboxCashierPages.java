package org.kehou.payment.web;

import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.payment.GatewayException;
import org.kehou.payment.internal.SandboxGateway;
import org.kehou.shared.Money;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
 * The sandbox gateway's cashier (收银台), phone-sized and clearly marked 沙箱支付: the guardian named as payer at
 * prepay sees the order and taps 确认支付 (or 取消). Scope: {@code prepayId} is checked centrally against the payer
 * (another guardian gets 404, as for a prepay that does not exist); paying checks the payer again.
 */
@Controller
@ConditionalOnProperty(name = "kehou.payment.gateway", havingValue = "sandbox", matchIfMissing = true)
class SandboxCashierPages {

	private final SandboxGateway sandbox;

	private final MessageSource messages;

	SandboxCashierPages(SandboxGateway sandbox, MessageSource messages) {
		this.sandbox = sandbox;
		this.messages = messages;
	}

	@GetMapping("/sandbox/pay/{prepayId}")
	@Access(Role.GUARDIAN)
	String cashier(@PathVariable long prepayId,
			@RequestParam(name = "redirect_url", required = false) @org.jspecify.annotations.Nullable String redirectUrl,
			Model model) {
		model.addAttribute("back", safe(redirectUrl));
		var view = sandbox.cashier(prepayId, payer())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "prepay not found"));
		model.addAttribute("order", view);
		model.addAttribute("amount", Money.ofFen(view.amountFen()).toString());
		model.addAttribute("expires", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
			.format(view.expiresAt().atZone(org.kehou.payment.Statement.ZONE)));
		return "payment/cashier";
	}

	@PostMapping("/sandbox/pay/{prepayId}")
	@Access(Role.GUARDIAN)
	String pay(@PathVariable long prepayId,
			@RequestParam(name = "redirect_url", required = false) @org.jspecify.annotations.Nullable String redirectUrl,
			RedirectAttributes redirect) {
		try {
			String transactionId = sandbox.pay(prepayId, payer());
			redirect.addFlashAttribute("flash", message("payment.cashier.paid", transactionId));
		}
		catch (GatewayException e) {
			if (e.reason() == GatewayException.Reason.ORDER_NOT_FOUND) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND, "prepay not found");
			}
			redirect.addFlashAttribute("error", message(e.reason() == GatewayException.Reason.ORDER_CLOSED
					? "payment.cashier.error.closed" : "payment.cashier.error.expired"));
		}
		return back(prepayId, redirectUrl);
	}

	@PostMapping("/sandbox/pay/{prepayId}/cancel")
	@Access(Role.GUARDIAN)
	String cancel(@PathVariable long prepayId,
			@RequestParam(name = "redirect_url", required = false) @org.jspecify.annotations.Nullable String redirectUrl,
			RedirectAttributes redirect) {
		sandbox.cashier(prepayId, payer())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "prepay not found"));
		redirect.addFlashAttribute("error", message("payment.cashier.cancelled"));
		return back(prepayId, redirectUrl);
	}

	/**
	 * Where the merchant wants the payer back (WeChat H5's {@code redirect_url}): only a path of this site, never
	 * another host, so the cashier cannot be used as an open redirect.
	 */
	static @org.jspecify.annotations.Nullable String safe(@org.jspecify.annotations.Nullable String url) {
		return url != null && url.matches("/[A-Za-z0-9/_-]{0,200}") && !url.startsWith("//") ? url : null;
	}

	private static String back(long prepayId, @org.jspecify.annotations.Nullable String redirectUrl) {
		String url = safe(redirectUrl);
		return "redirect:/sandbox/pay/" + prepayId + (url == null ? "" : "?redirect_url=" + url);
	}

	private static String payer() {
		Long guardian = CurrentUser.scope().guardianId();
		if (guardian == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "prepay not found");
		}
		return String.valueOf(guardian);
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
