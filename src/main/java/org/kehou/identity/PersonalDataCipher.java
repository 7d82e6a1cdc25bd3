package org.kehou.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.kehou.platform.DatabaseProperties;
import org.kehou.shared.ChineseIdNumber;
import org.kehou.shared.LocalKeyFile;
import org.kehou.shared.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts personal data at rest (AES-256-GCM, random 96-bit IV, format {@code 0x01 | iv | ciphertext+tag}) and
 * computes keyed look-up hashes (HMAC-SHA256) of normalised values, so a phone number can be found without
 * decrypting every row. Both keys derive from one master key taken from the environment; the embedded demo
 * generates one into {@code ./data/pii.key}.
 */
@Component
public class PersonalDataCipher {

	private static final Logger log = LoggerFactory.getLogger(PersonalDataCipher.class);

	private static final byte VERSION = 1;

	private static final int IV_BYTES = 12;

	private final SecretKeySpec encryptionKey;

	private final SecretKeySpec hashKey;

	private final SecureRandom random = new SecureRandom();

	PersonalDataCipher(PersonalDataProperties properties, DatabaseProperties database) {
		byte[] master = masterKey(properties, database);
		this.encryptionKey = new SecretKeySpec(derive(master, "kehou-pii-encryption-v1"), "AES");
		this.hashKey = new SecretKeySpec(derive(master, "kehou-pii-lookup-v1"), "HmacSHA256");
	}

	public byte[] encrypt(String plain) {
		try {
			byte[] iv = new byte[IV_BYTES];
			random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("encryption failed", e);
		}
	}

	public String decrypt(byte[] data) {
		if (data.length < 1 + IV_BYTES || data[0] != VERSION) {
			throw new IllegalArgumentException("not a Kehou personal-data ciphertext");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, data, 1, IV_BYTES));
			byte[] plain = cipher.doFinal(data, 1 + IV_BYTES, data.length - 1 - IV_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("decryption failed (wrong KEHOU_PII_KEY?)", e);
		}
	}

	/** Look-up hash of a mobile number (normalised: digits only, no +86). */
	public byte[] phoneHash(String phone) {
		return hash("phone:" + Masking.normalisePhone(phone));
	}

	/** Look-up hash of an ID number (normalised: trimmed, upper-case X). */
	public byte[] idNumberHash(String idNumber) {
		return hash("id:" + ChineseIdNumber.normalise(idNumber));
	}

	/** Keyed hash of a throttling key (e.g. a client address), so the key itself is never stored. */
	public byte[] throttleHash(String key) {
		return hash("throttle:" + key);
	}

	/**
	 * Look-up hash of a login name as typed (a mobile number normalised, anything else trimmed and lower-cased), for
	 * throttling sign-in attempts without storing what was typed.
	 */
	public byte[] loginHash(String login) {
		String trimmed = login.trim();
		return hash("login:" + (Masking.isMobile(trimmed) ? Masking.normalisePhone(trimmed)
				: trimmed.toLowerCase(java.util.Locale.ROOT)));
	}

	private byte[] hash(String value) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(hashKey);
			return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private static byte[] derive(byte[] master, String purpose) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(master, "HmacSHA256"));
			return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private static byte[] masterKey(PersonalDataProperties properties, DatabaseProperties database) {
		String key = properties.key();
		if (key != null && !key.isBlank()) {
			return decode(key.trim(), "KEHOU_PII_KEY");
		}
		if (!database.isEmbedded()) {
			throw new IllegalStateException("KEHOU_PII_KEY must be set when an external database is used "
					+ "(base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
		}
		Path file = properties.keyFile();
		LocalKeyFile.Key stored = LocalKeyFile.readOrGenerate(file, () -> {
			byte[] generated = new byte[32];
			new SecureRandom().nextBytes(generated);
			return Base64.getEncoder().encodeToString(generated);
		});
		if (stored.generated()) {
			log.warn("Generated a personal-data key for the embedded database in {}: keep it with ./data/pg",
					file.toAbsolutePath());
		}
		return decode(stored.value(), file.toString());
	}

	private static byte[] decode(String base64, String source) {
		byte[] bytes = Base64.getDecoder().decode(base64);
		if (bytes.length < 32) {
			throw new IllegalStateException(source + " must hold at least 32 bytes (base64)");
		}
		return bytes;
	}
}
