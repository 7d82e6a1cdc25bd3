package org.kehou.payment.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.payment.Statement;
import org.kehou.payment.internal.SandboxGateway;
import org.kehou.payment.internal.SandboxKeys;
import org.kehou.payment.internal.SandboxProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The sandbox gateway's console for the city admin (only while the sandbox is the gateway, i.e. in the demo and
 * tests): its public key and global switches, the latest sandbox orders with their outgoing notifications, the
 * simulation switches of an unpaid order, a deliberate statement difference, and the day's statement as CSV.
 */
@Controller
@ConditionalOnProperty(name = "kehou.payment.gateway", havingValue = "sandbox", matchIfMissing = true)
@Access(Role.CITY_ADMIN)
class SandboxConsolePages {

	private final SandboxGateway sandbox;

	private final SandboxKeys keys;

	private final SandboxProperties properties;

	private final MessageSource messages;

	SandboxConsolePages(SandboxGateway sandbox, SandboxKeys keys, SandboxProperties properties, MessageSource messages) {
		this.sandbox = sandbox;
		this.keys = keys;
		this.properties = properties;
		this.messages = messages;
	}

	@GetMapping("/sandbox/console")
	String console(Model model) {
		model.addAttribute("publicKey", keys.publicKeyBase64());
		model.addAttribute("serial", SandboxKeys.SERIAL);
		model.addAttribute("global", properties.simulation());
		model.addAttribute("schedule", properties.retrySchedule());
		model.addAttribute("orders", sandbox.recentOrders(30));
		model.addAttribute("today", LocalDate.now(Statement.ZONE));
		return "payment/console";
	}

	@PostMapping("/sandbox/console/simulation")
	String simulate(@RequestParam String merchantOrderNo, @RequestParam(defaultValue = "false") boolean duplicate,
			@RequestParam(defaultValue = "0") long delaySeconds, @RequestParam(defaultValue = "false") boolean drop,
			@RequestParam(defaultValue = "0") int failFirst, @RequestParam(defaultValue = "false") boolean forge,
			@RequestParam(defaultValue = "false") boolean tamper, RedirectAttributes redirect) {
		boolean done = delaySeconds >= 0 && failFirst >= 0 && sandbox.simulate(merchantOrderNo.strip(),
				new SandboxProperties.Simulation(duplicate, Duration.ofSeconds(delaySeconds), drop, failFirst, forge, tamper));
		flash(redirect, done, "payment.console.simulation.saved", "payment.console.simulation.refused");
		return "redirect:/sandbox/console";
	}

	@PostMapping("/sandbox/console/difference")
	String difference(@RequestParam String merchantOrderNo, @RequestParam(defaultValue = "1") long deltaFen,
			RedirectAttributes redirect) {
		flash(redirect, sandbox.injectStatementDifference(merchantOrderNo.strip(), deltaFen),
				"payment.console.difference.saved", "payment.console.difference.refused");
		return "redirect:/sandbox/console";
	}

	@GetMapping("/sandbox/console/statement")
	ResponseEntity<byte[]> statement(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		LocalDate day = date == null ? LocalDate.now(Statement.ZONE) : date;
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"sandbox-bill-" + day + ".csv\"")
			.body(sandbox.statement(day).csv().getBytes(StandardCharsets.UTF_8));
	}

	/** The console's menu entry (city admin). */
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "kehou.payment.gateway", havingValue = "sandbox", matchIfMissing = true)
	static class Menu {

		@org.springframework.context.annotation.Bean
		org.kehou.identity.NavigationItem sandboxConsoleMenuItem() {
			return new org.kehou.identity.NavigationItem("payment.nav.section", "payment.nav.console", "/sandbox/console",
					java.util.EnumSet.of(Role.CITY_ADMIN), 90);
		}
	}

	private void flash(RedirectAttributes redirect, boolean ok, String okKey, String errorKey) {
		redirect.addFlashAttribute(ok ? "flash" : "error",
				messages.getMessage(ok ? okKey : errorKey, null, LocaleContextHolder.getLocale()));
	}
}
