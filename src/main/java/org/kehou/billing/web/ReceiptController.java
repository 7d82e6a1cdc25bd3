package org.kehou.billing.web;

import org.kehou.billing.Receipts;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * A payment's receipt (收据) as a PDF, for the guardians of the order's child (linked from the guardian's order page)
 * and the child's school, town and city admins. {@code paymentId} is resolved to the order's school, town and the
 * child's guardians, so anyone else gets 404.
 */
@Controller
@Access({ Role.GUARDIAN, Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
class ReceiptController {

	private final Receipts receipts;

	ReceiptController(Receipts receipts) {
		this.receipts = receipts;
	}

	@GetMapping("/m/payments/{paymentId}/receipt.pdf")
	ResponseEntity<byte[]> receipt(@PathVariable long paymentId) {
		byte[] pdf = receipts.pdf(paymentId, LocaleContextHolder.getLocale())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "payment " + paymentId + " not found"));
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename("receipt-" + paymentId + ".pdf").build().toString())
			.body(pdf);
	}
}
