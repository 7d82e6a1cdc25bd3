package org.kehou.payment.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox gateway's signing key pair (Ed25519, from the JDK's own {@code java.security}), generated on first use
 * and kept in {@code sandbox_gateway_key} — never in git, never in configuration. Several nodes starting at once agree
 * on one key (fixed serial, insert-if-absent). Signs like WeChat Pay v3: over
 * {@code timestamp\nnonce\nbody\n}, the signature and the key's serial in headers.
 */
@Component
public class SandboxKeys {

	public static final String SERIAL = "SANDBOX-ED25519-1";

	public static final String TIMESTAMP = "Sandboxpay-Timestamp";

	public static final String NONCE = "Sandboxpay-Nonce";

	public static final String SIGNATURE = "Sandboxpay-Signature";

	public static final String SERIAL_HEADER = "Sandboxpay-Serial";

	public static final String SIGNATURE_TYPE = "Sandboxpay-Signature-Type";

	static final String ALGORITHM = "Ed25519";

	private final JdbcClient jdbc;

	private final SecureRandom random = new SecureRandom();

	private volatile @Nullable KeyPair keys;

	SandboxKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The headers of a notification with this body, signed now with the gateway's key. */
	public Map<String, String> sign(String body, Instant now) {
		return sign(body, now, keys().getPrivate());
	}

	/** Signed with a key that is not the gateway's (a forgery, for the simulation and tests). */
	Map<String, String> forge(String body, Instant now) {
		return sign(body, now, generate().getPrivate());
	}

	private Map<String, String> sign(String body, Instant now, PrivateKey key) {
		String timestamp = String.valueOf(now.getEpochSecond());
		byte[] nonceBytes = new byte[16];
		random.nextBytes(nonceBytes);
		String nonce = HexFormat.of().formatHex(nonceBytes);
		try {
			Signature signer = Signature.getInstance(ALGORITHM);
			signer.initSign(key);
			signer.update(message(timestamp, nonce, body));
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put(TIMESTAMP, timestamp);
			headers.put(NONCE, nonce);
			headers.put(SIGNATURE, Base64.getEncoder().encodeToString(signer.sign()));
			headers.put(SERIAL_HEADER, SERIAL);
			headers.put(SIGNATURE_TYPE, ALGORITHM);
			return headers;
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("cannot sign with " + ALGORITHM, e);
		}
	}

	/** Whether the signature over {@code timestamp\nnonce\nbody\n} verifies with the gateway's public key. */
	boolean verifies(String timestamp, String nonce, String body, String signatureBase64) {
		try {
			Signature verifier = Signature.getInstance(ALGORITHM);
			verifier.initVerify(publicKey());
			verifier.update(message(timestamp, nonce, body));
			return verifier.verify(Base64.getDecoder().decode(signatureBase64));
		}
		catch (IllegalArgumentException | GeneralSecurityException e) {
			return false;
		}
	}

	/** The public key a platform configures to verify the sandbox's notifications (X.509, base64). */
	public String publicKeyBase64() {
		return Base64.getEncoder().encodeToString(publicKey().getEncoded());
	}

	PublicKey publicKey() {
		return keys().getPublic();
	}

	private static byte[] message(String timestamp, String nonce, String body) {
		return (timestamp + "\n" + nonce + "\n" + body + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private KeyPair keys() {
		KeyPair pair = keys;
		if (pair == null) {
			synchronized (this) {
				pair = keys;
				if (pair == null) {
					pair = loadOrCreate();
					keys = pair;
				}
			}
		}
		return pair;
	}

	private KeyPair loadOrCreate() {
		KeyPair fresh = generate();
		jdbc.sql("""
				INSERT INTO sandbox_gateway_key (serial, private_key, public_key) VALUES (:serial, :private, :public)
				ON CONFLICT (serial) DO NOTHING""")
			.param("serial", SERIAL)
			.param("private", fresh.getPrivate().getEncoded())
			.param("public", fresh.getPublic().getEncoded())
			.update();
		return jdbc.sql("SELECT private_key, public_key FROM sandbox_gateway_key WHERE serial = :serial")
			.param("serial", SERIAL)
			.query((rs, i) -> {
				try {
					KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
					return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(rs.getBytes("public_key"))),
							factory.generatePrivate(new PKCS8EncodedKeySpec(rs.getBytes("private_key"))));
				}
				catch (GeneralSecurityException e) {
					throw new IllegalStateException("the sandbox's stored key cannot be read", e);
				}
			})
			.single();
	}

	private static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
		}
	}
}
