package org.kehou.exchange;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The request signature of the exchange standard v1. A platform signs every request with the secret the city issued
 * to its app id:
 *
 * <pre>
 * canonical = METHOD + "\n" + PATH (with the query string, exactly as sent) + "\n" + TIMESTAMP + "\n" + NONCE + "\n"
 *             + lower-case hex SHA-256 of the body bytes (of the empty string without a body) + "\n"
 * signature = Base64(HMAC-SHA256(key = UTF-8 bytes of the secret, canonical))
 * </pre>
 *
 * and sends {@value #APP_ID}, {@value #TIMESTAMP} (Unix seconds), {@value #NONCE} (16–64 of {@code A–Z a–z 0–9 - _},
 * never reused) and {@value #SIGNATURE}. The receiver refuses a timestamp more than {@link #MAX_SKEW} away from its
 * clock and a nonce it has seen within that window.
 */
public final class Signatures {

	public static final String APP_ID = "X-Kehou-App-Id";

	public static final String TIMESTAMP = "X-Kehou-Timestamp";

	public static final String NONCE = "X-Kehou-Nonce";

	public static final String SIGNATURE = "X-Kehou-Signature";

	/** How far a request's timestamp may be from the receiver's clock, either way. */
	public static final Duration MAX_SKEW = Duration.ofMinutes(5);

	private static final Pattern NONCE_FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private Signatures() {
	}

	/** The string that is signed. */
	public static String canonical(String method, String pathAndQuery, long timestamp, String nonce, byte[] body) {
		return method.toUpperCase(Locale.ROOT) + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n"
				+ sha256Hex(body) + "\n";
	}

	/** The signature of a request (Base64 of the HMAC-SHA256 of {@link #canonical}). */
	public static String sign(String secret, String method, String pathAndQuery, long timestamp, String nonce,
			byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] sig = mac.doFinal(
					canonical(method, pathAndQuery, timestamp, nonce, body).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(sig);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is not available", e);
		}
	}

	/** Whether {@code signature} is the request's signature (compared in constant time). */
	public static boolean verify(String secret, String method, String pathAndQuery, long timestamp, String nonce,
			byte[] body, String signature) {
		byte[] expected = sign(secret, method, pathAndQuery, timestamp, nonce, body).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
	}

	/** Whether a nonce has the standard's form. */
	public static boolean validNonce(String nonce) {
		return NONCE_FORMAT.matcher(nonce).matches();
	}

	/** A fresh random nonce (32 characters). */
	public static String newNonce() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** A fresh random secret for an app id (43 characters, 256 bits). */
	public static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Lower-case hex SHA-256 of the bytes. */
	public static String sha256Hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("SHA-256 is not available", e);
		}
	}
}
