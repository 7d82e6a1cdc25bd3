package org.kehou.supervision;

import org.jspecify.annotations.Nullable;

/**
 * A request to the exchange as received: the method, the path with the query string exactly as sent, the four
 * signature headers (null when absent) and the raw body bytes.
 */
public record SignedRequest(String method, String pathAndQuery, @Nullable String appId, @Nullable String timestamp,
		@Nullable String nonce, @Nullable String signature, byte[] body) {
}
