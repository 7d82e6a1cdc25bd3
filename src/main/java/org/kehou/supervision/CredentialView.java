package org.kehou.supervision;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One credential of a platform as the registry shows it (never the secret).
 *
 * @param expiresAt when a rotated credential stops being valid
 * @param valid whether requests signed with it are accepted now
 */
public record CredentialView(long id, String appId, Instant issuedAt, @Nullable String issuedBy,
		@Nullable Instant expiresAt, @Nullable Instant revokedAt, boolean valid) {
}
