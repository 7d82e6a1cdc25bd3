package org.kehou.demo.internal;

import java.util.List;

import org.kehou.identity.PersonalDataCipher;
import org.kehou.shared.Masking;

/**
 * Seals personal data the way the people module stores it: AES-GCM ciphertext, keyed look-up hash and masked
 * form. Runs in parallel (the cipher is thread-safe): a million values take seconds, not minutes.
 */
final class Sealer {

	private final PersonalDataCipher cipher;

	Sealer(PersonalDataCipher cipher) {
		this.cipher = cipher;
	}

	void seal(List<Roster> rosters) {
		rosters.parallelStream().forEach(roster -> {
			roster.students().forEach(s -> {
				Rows.Sealed id = s.idNumber();
				id.enc = cipher.encrypt(id.plain);
				id.hash = cipher.idNumberHash(id.plain);
				id.masked = Masking.idNumber(id.plain);
			});
			roster.guardians().forEach(g -> phone(g.phone()));
			roster.staff().forEach(s -> phone(s.phone()));
		});
	}

	private void phone(Rows.Sealed phone) {
		phone.enc = cipher.encrypt(phone.plain);
		phone.hash = cipher.phoneHash(phone.plain);
		phone.masked = Masking.phone(phone.plain);
	}
}
