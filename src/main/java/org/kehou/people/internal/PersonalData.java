package org.kehou.people.internal;

import org.kehou.identity.PersonalDataCipher;
import org.kehou.shared.ChineseIdNumber;
import org.kehou.shared.Masking;
import org.springframework.stereotype.Component;

/** Turns a plain ID number or phone number into what is stored: ciphertext, look-up hash, display form. */
@Component
public class PersonalData {

	/** What is stored for one personal value; the plain value is not kept. */
	public record Sealed(byte[] encrypted, byte[] hash, String masked) {
	}

	private final PersonalDataCipher cipher;

	PersonalData(PersonalDataCipher cipher) {
		this.cipher = cipher;
	}

	public Sealed idNumber(String idNumber) {
		String n = ChineseIdNumber.normalise(idNumber);
		return new Sealed(cipher.encrypt(n), cipher.idNumberHash(n), Masking.idNumber(n));
	}

	public Sealed phone(String phone) {
		String p = Masking.normalisePhone(phone);
		return new Sealed(cipher.encrypt(p), cipher.phoneHash(p), Masking.phone(p));
	}

	public byte[] idNumberHash(String idNumber) {
		return cipher.idNumberHash(idNumber);
	}

	public byte[] phoneHash(String phone) {
		return cipher.phoneHash(phone);
	}

	public String decrypt(byte[] data) {
		return cipher.decrypt(data);
	}
}
