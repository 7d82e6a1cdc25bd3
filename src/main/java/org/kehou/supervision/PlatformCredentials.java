package org.kehou.supervision;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.exchange.Signatures;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.organisation.ServicePlatforms;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The app ids and secrets the city issues to the registered service platforms ({@link ServicePlatforms}). A secret
 * is shown once, when it is issued, and kept encrypted ({@link PersonalDataCipher}): verifying an HMAC needs the
 * secret itself. Rotating issues a new credential and leaves the old one valid for
 * {@link SupervisionProperties#credentialGrace()}, so the platform can switch without losing a request; revoking
 * stops a credential at once. Every change is audited.
 */
@Service
@Transactional(readOnly = true)
public class PlatformCredentials {

	/** A credential as the verifier needs it. */
	public record Verifiable(long platformId, String appId, String secret, boolean valid) {

		@Override
		public String toString() {
			return "Verifiable[" + appId + ", platform " + platformId + ", valid " + valid + "]";
		}
	}

	private record Row(long id, long platformId, String appId, byte[] secretEnc, Instant issuedAt,
			@Nullable String issuedBy, @Nullable Instant expiresAt, @Nullable Instant revokedAt) {

		boolean validAt(Instant now) {
			return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
		}

		CredentialView view(Instant now) {
			return new CredentialView(id, appId, issuedAt, issuedBy, expiresAt, revokedAt, validAt(now));
		}
	}

	private final JdbcClient jdbc;

	private final PersonalDataCipher cipher;

	private final ServicePlatforms platforms;

	private final AuditLog audit;

	private final SupervisionProperties properties;

	private final Clock clock;

	PlatformCredentials(JdbcClient jdbc, PersonalDataCipher cipher, ServicePlatforms platforms, AuditLog audit,
			SupervisionProperties properties, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.platforms = platforms;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** A platform's credentials, newest first. */
	public List<CredentialView> credentialsOf(long platformId) {
		Instant now = clock.instant();
		return rows(platformId).stream().map(r -> r.view(now)).toList();
	}

	/** Where a platform's credentials stand now. */
	public CredentialState stateOf(long platformId) {
		return state(credentialsOf(platformId));
	}

	static CredentialState state(List<CredentialView> credentials) {
		long valid = credentials.stream().filter(CredentialView::valid).count();
		if (valid > 1 || valid == 1 && credentials.stream().anyMatch(c -> c.valid() && c.expiresAt() != null)) {
			return CredentialState.ROTATING;
		}
		if (valid == 1) {
			return CredentialState.ACTIVE;
		}
		boolean revoked = credentials.stream().anyMatch(c -> c.revokedAt() != null);
		return revoked ? CredentialState.REVOKED : CredentialState.NONE;
	}

	/**
	 * Issues the first credential of a platform (or a new one after all were revoked or expired).
	 *
	 * @throws IllegalArgumentException for an unknown platform
	 * @throws IllegalStateException when the platform has a valid credential (rotate it instead)
	 */
	@Transactional
	public IssuedCredential issue(long platformId) {
		lock(platformId);
		Instant now = clock.instant();
		if (rows(platformId).stream().anyMatch(r -> r.validAt(now))) {
			throw new IllegalStateException("platform " + platformId + " has a valid credential: rotate it");
		}
		IssuedCredential issued = create(platformId, now);
		audit.record(AuditLog.Entry.of("platform-credential-issue", "service_platform", platformId)
			.detail("app id " + issued.appId()));
		return issued;
	}

	/**
	 * Issues a new credential; every valid one without an end gets one: now + the grace.
	 *
	 * @throws IllegalArgumentException for an unknown platform
	 * @throws IllegalStateException when the platform has no valid credential (issue one instead)
	 */
	@Transactional
	public IssuedCredential rotate(long platformId) {
		lock(platformId);
		Instant now = clock.instant();
		List<Row> valid = rows(platformId).stream().filter(r -> r.validAt(now)).toList();
		if (valid.isEmpty()) {
			throw new IllegalStateException("platform " + platformId + " has no valid credential to rotate");
		}
		Instant end = now.plus(properties.credentialGrace());
		jdbc.sql("""
				UPDATE sup_credential SET expires_at = :end
				WHERE platform_id = :p AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :end)""")
			.param("end", Timestamp.from(end))
			.param("p", platformId)
			.update();
		IssuedCredential issued = create(platformId, now);
		audit.record(AuditLog.Entry.of("platform-credential-rotate", "service_platform", platformId)
			.detail("new app id " + issued.appId() + "; " + valid.stream().map(Row::appId).toList()
					+ " valid until " + end));
		return issued;
	}

	/**
	 * Revokes one credential of a platform at once.
	 *
	 * @return false when the platform has no such credential or it was revoked already
	 */
	@Transactional
	public boolean revoke(long platformId, long credentialId) {
		lock(platformId);
		Optional<String> appId = jdbc.sql("""
				UPDATE sup_credential SET revoked_at = :now
				WHERE id = :id AND platform_id = :p AND revoked_at IS NULL RETURNING app_id""")
			.param("now", Timestamp.from(clock.instant()))
			.param("id", credentialId)
			.param("p", platformId)
			.query(String.class)
			.optional();
		appId.ifPresent(a -> audit.record(
				AuditLog.Entry.of("platform-credential-revoke", "service_platform", platformId).detail("app id " + a)));
		return appId.isPresent();
	}

	/** The credential of an app id with its secret, and whether it is valid at {@code now}; empty when unknown. */
	public Optional<Verifiable> forVerification(String appId, Instant now) {
		return jdbc.sql("""
				SELECT id, platform_id, app_id, secret_enc, issued_at, issued_by, expires_at, revoked_at
				FROM sup_credential WHERE app_id = :a""")
			.param("a", appId)
			.query(Row.class)
			.optional()
			.map(r -> new Verifiable(r.platformId(), r.appId(), cipher.decrypt(r.secretEnc()), r.validAt(now)));
	}

	private IssuedCredential create(long platformId, Instant now) {
		String appId = "kh" + platformId + "-" + Signatures.newNonce().substring(0, 16);
		String secret = Signatures.newSecret();
		long id = jdbc.sql("""
				INSERT INTO sup_credential (platform_id, app_id, secret_enc, issued_at, issued_by)
				VALUES (:p, :a, :s, :now, :by) RETURNING id""")
			.param("p", platformId)
			.param("a", appId)
			.param("s", cipher.encrypt(secret))
			.param("now", Timestamp.from(now))
			.param("by", CurrentUser.find().map(KehouUser::getUsername).orElse(null))
			.query(Long.class)
			.single();
		return new IssuedCredential(id, platformId, appId, secret);
	}

	private List<Row> rows(long platformId) {
		return jdbc.sql("""
				SELECT id, platform_id, app_id, secret_enc, issued_at, issued_by, expires_at, revoked_at
				FROM sup_credential WHERE platform_id = :p ORDER BY issued_at DESC, id DESC""")
			.param("p", platformId)
			.query(Row.class)
			.list();
	}

	/** Serialises credential changes of one platform (two admins rotating at once get two rotations, not a mix). */
	private void lock(long platformId) {
		if (platforms.findPlatform(platformId).isEmpty()) {
			throw new IllegalArgumentException("unknown service platform " + platformId);
		}
		jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(hashtext('sup_credential'), CAST(:p AS INT))")
			.param("p", platformId)
			.query(Integer.class)
			.single();
	}
}
