package org.kehou.notification.internal;

import java.util.Optional;

import org.kehou.identity.AccountDirectory;
import org.kehou.notification.Recipient;
import org.kehou.people.Guardians;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Who an account is for the external channels: its role and, for a guardian, the phone number on record (decrypted
 * by the people module only to hand it to a channel). Staff and providers' accounts have no number here yet, so
 * they are reached in the inbox only. The people module runs on service platforms only; on the supervision
 * platform nobody has a number.
 */
@Component
public class Recipients {

	private final AccountDirectory accounts;

	private final ObjectProvider<Guardians> guardians;

	Recipients(AccountDirectory accounts, ObjectProvider<Guardians> guardians) {
		this.accounts = accounts;
		this.guardians = guardians;
	}

	public Optional<Recipient> of(long userId) {
		return accounts.scopeOf(userId).map(scope -> {
			Guardians people = guardians.getIfAvailable();
			String phone = scope.guardianId() == null || people == null ? null
					: people.phoneForDelivery(scope.guardianId()).orElse(null);
			return new Recipient(userId, scope.role(), phone);
		});
	}
}
