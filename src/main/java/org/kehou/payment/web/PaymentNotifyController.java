package org.kehou.payment.web;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kehou.identity.PublicEndpoint;
import org.kehou.payment.NotificationRefused;
import org.kehou.payment.Payments;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the sandbox gateway POSTs its payment notifications. Public (gateways do not sign in) and CSRF-exempt: the
 * signature is the authentication. Answers as WeChat Pay v3 expects: 204 without a body once the notification is
 * recorded (or was recorded before), otherwise 4xx with {@code {"code":"FAIL","message":…}} — which makes the gateway
 * retry (a forged one is simply refused each time). The raw body is verified byte for byte.
 */
@RestController
@Tag(name = "payment", description = "Gateways' asynchronous payment notifications (支付结果通知)")
class PaymentNotifyController {

	private final Payments payments;

	PaymentNotifyController(Payments payments) {
		this.payments = payments;
	}

	@PostMapping("/api/v1/payment/notify/sandbox")
	@PublicEndpoint
	@Operation(summary = "The sandbox gateway's signed payment notification (Sandboxpay-* headers, docs/payment.md)",
			description = "204 once recorded (or recorded before); 401/400 {\"code\":\"FAIL\"} when refused, which makes the gateway retry")
	ResponseEntity<Map<String, String>> sandbox(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name, request.getHeader(name));
		}
		try {
			payments.receive("sandbox", headers, body == null ? "" : new String(body, StandardCharsets.UTF_8));
			return ResponseEntity.noContent().build();
		}
		catch (NotificationRefused e) {
			HttpStatus status = switch (e.reason()) {
				case MISSING_HEADERS, BAD_SIGNATURE, STALE_TIMESTAMP, UNKNOWN_KEY -> HttpStatus.UNAUTHORIZED;
				default -> HttpStatus.BAD_REQUEST;
			};
			return ResponseEntity.status(status).body(Map.of("code", "FAIL", "message", e.reason().name()));
		}
	}
}
