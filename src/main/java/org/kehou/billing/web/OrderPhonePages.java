package org.kehou.billing.web;

import java.net.URI;

import org.kehou.billing.BillingRefused;
import org.kehou.billing.Orders;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.people.Students;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The guardian's phone pages of fees: a child's orders (what is owed, paid, exempted, refunded), one order with its
 * lines, credits, payments (receipts) and refunds, and "pay" — which opens the gateway's cashier.
 */
@Controller
class OrderPhonePages {

	private final Orders orders;

	private final Students students;

	private final MessageSource messages;

	OrderPhonePages(Orders orders, Students students, MessageSource messages) {
		this.orders = orders;
		this.students = students;
		this.messages = messages;
	}

	@GetMapping("/m/children/{studentId}/orders")
	@Access(Role.GUARDIAN)
	String child(@PathVariable long studentId, Model model) {
		model.addAttribute("student", students.find(studentId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("orders", orders.ofStudent(studentId));
		return "billing/child-orders";
	}

	@GetMapping("/m/orders/{orderId}")
	@Access(Role.GUARDIAN)
	String order(@PathVariable long orderId, Model model) {
		model.addAttribute("order", orders.find(orderId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		return "billing/order";
	}

	@PostMapping("/m/orders/{orderId}/pay")
	@Access(Role.GUARDIAN)
	String pay(@PathVariable long orderId, RedirectAttributes redirect) {
		Long guardian = CurrentUser.scope().guardianId();
		if (guardian == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		try {
			URI cashier = orders.pay(orderId, guardian);
			return "redirect:" + cashier;
		}
		catch (BillingRefused e) {
			redirect.addFlashAttribute("error", messages.getMessage(e.messageKey(), null, LocaleContextHolder.getLocale()));
			return "redirect:/m/orders/" + orderId;
		}
	}
}
