package org.kehou.notification;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Role;
import org.kehou.shared.Masking;

/**
 * Whom an external channel delivers a notice to: the account, its role and what the channel may need to reach it.
 *
 * @param phone the mobile number in full (a guardian's, decrypted only to hand it to the channel), null when the
 * account has none on record
 */
public record Recipient(long userId, Role role, @Nullable String phone) {

	@Override
	public String toString() {
		return "Recipient[" + userId + ", " + role + ", " + (phone == null ? "no phone" : Masking.phone(phone)) + "]";
	}
}
