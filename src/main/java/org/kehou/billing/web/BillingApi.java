package org.kehou.billing.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.billing.BillingRefused;
import org.kehou.billing.OfflineKind;
import org.kehou.billing.OrderFilter;
import org.kehou.billing.OrderPage;
import org.kehou.billing.OrderStatus;
import org.kehou.billing.OrderView;
import org.kehou.billing.Orders;
import org.kehou.billing.PaymentView;
import org.kehou.billing.RefundView;
import org.kehou.billing.Refunds;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The orders API (amounts in fen): list and read orders, pay (guardian), record offline payments and cash refunds (school). */
@RestController
@RequestMapping("/api/v1/billing")
class BillingApi {

	private final Orders orders;

	private final Refunds refunds;

	BillingApi(Orders orders, Refunds refunds) {
		this.orders = orders;
		this.refunds = refunds;
	}

	@GetMapping("/orders")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	OrderPage list(@RequestParam(required = false) @Nullable OrderStatus status,
			@RequestParam(required = false) @Nullable Long termId, @RequestParam(required = false) @Nullable Long schoolId,
			@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return orders.list(CurrentUser.require(), new OrderFilter(schoolId, termId, status, q), page, size);
	}

	@GetMapping("/orders/{orderId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.GUARDIAN })
	OrderView order(@PathVariable long orderId) {
		return orders.find(orderId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	/** Where the guardian pays the order (the gateway's cashier). */
	@PostMapping("/orders/{orderId}/pay")
	@Access(Role.GUARDIAN)
	Map<String, String> pay(@PathVariable long orderId) {
		Long guardian = CurrentUser.scope().guardianId();
		if (guardian == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return Map.of("payUrl", orders.pay(orderId, guardian).toString());
	}

	record OfflinePayment(@Nullable Long amountFen, @Nullable OfflineKind kind, @Nullable String note,
			@Nullable String requestKey) {
	}

	@PostMapping("/orders/{orderId}/offline-payments")
	@Access(Role.SCHOOL_ADMIN)
	PaymentView offline(@PathVariable long orderId, @RequestBody OfflinePayment body) {
		if (body.amountFen() == null || body.kind() == null || body.requestKey() == null) {
			throw new BillingRefused(BillingRefused.Reason.INVALID, "amountFen, kind and requestKey are required");
		}
		return orders.recordOffline(orderId, body.amountFen(), body.kind(), body.note(), body.requestKey());
	}

	@PostMapping("/refunds/{refundId}/cash")
	@Access(Role.SCHOOL_ADMIN)
	RefundView cashRefund(@PathVariable long refundId) {
		return refunds.recordCashRefund(refundId);
	}

	@ExceptionHandler(BillingRefused.class)
	ProblemDetail refused(BillingRefused e) {
		HttpStatus status = switch (e.reason()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case INVALID, BAD_AMOUNT -> HttpStatus.BAD_REQUEST;
			case GATEWAY -> HttpStatus.BAD_GATEWAY;
			default -> HttpStatus.CONFLICT;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
		problem.setTitle("billing refused");
		problem.setProperty("reason", e.reason().name());
		return problem;
	}
}
