package org.kehou.payment;

import java.net.URI;
import java.time.Instant;

/**
 * What the platform asks a gateway to collect.
 *
 * @param merchantOrderNo the platform's order number, unique at the gateway (6–32 letters, digits, {@code _-})
 * @param amountFen the amount in fen, positive
 * @param description what is bought, shown to the payer (≤ 127 characters)
 * @param payerId who may pay: the platform's guardian id in the sandbox; a WeChat adapter maps it to the payer's
 *        openid (JSAPI prepay binds the payer the same way)
 * @param notifyUrl where the gateway POSTs the signed notification
 * @param expiresAt after this the order can no longer be paid
 */
public record PrepayRequest(String merchantOrderNo, long amountFen, String description, String payerId, URI notifyUrl,
		Instant expiresAt) {

	public PrepayRequest {
		if (!merchantOrderNo.matches("[A-Za-z0-9_-]{6,32}")) {
			throw new IllegalArgumentException("merchant order number must be 6-32 of [A-Za-z0-9_-]: " + merchantOrderNo);
		}
		if (amountFen <= 0) {
			throw new IllegalArgumentException("amount must be positive: " + amountFen);
		}
		if (description.isBlank() || description.length() > 127) {
			throw new IllegalArgumentException("description must be 1-127 characters");
		}
	}
}
