package org.kehou.identity.internal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.IdentityProperties;
import org.kehou.identity.KehouUser;
import org.kehou.identity.OneTimeCodeSender;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.shared.Masking;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in with a 6-digit code sent by SMS. Only the keyed hash of the phone number and a (BCrypt) hash of the code
 * are stored. A code lives {@code kehou.identity.code.validity}, survives {@code max-attempts} wrong entries, and
 * a phone number gets at most one code per {@code resend-interval}. A number without an account gets the same
 * answer and the same bookkeeping (so nobody can learn which numbers are registered) but no message.
 * <p>
 * A code sign-in works while the password is locked (it proves the phone, and it has its own limits), so nobody
 * can lock a guardian out by typing wrong passwords for their number; a disabled account cannot sign in.
 */
@Service
public class OneTimeCodes {

	public enum SendStatus {
		/** a code was sent if the number has an account */
		SENT,
		/** a code was requested for this number within the resend interval */
		TOO_SOON,
		/** not a mainland mobile number */
		INVALID
	}

	/** @param demoCode the code, only in demo mode ({@code kehou.demo.show-codes}) and only if one was sent */
	public record SendResult(SendStatus status, @Nullable String demoCode) {
	}

	private record Issued(long id, String codeHash) {
	}

	static final String TEMPLATE = "login-code";

	private final JdbcClient jdbc;

	private final PersonalDataCipher cipher;

	private final PasswordEncoder encoder;

	private final OneTimeCodeSender sms;

	private final Accounts accounts;

	private final SignInAttempts attempts;

	private final SessionSignIn sessions;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	private final IdentityProperties.OneTimeCode settings;

	private final boolean showCodes;

	private final SecureRandom random = new SecureRandom();

	OneTimeCodes(JdbcClient jdbc, PersonalDataCipher cipher, PasswordEncoder encoder, OneTimeCodeSender sms,
			Accounts accounts, SignInAttempts attempts, SessionSignIn sessions, AuditLog audit,
			TransactionTemplate tx, IdentityProperties properties,
			java.util.List<org.kehou.identity.OneTimeCodeDisplay> displays) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.encoder = encoder;
		this.sms = sms;
		this.accounts = accounts;
		this.attempts = attempts;
		this.sessions = sessions;
		this.audit = audit;
		this.tx = tx;
		this.settings = properties.code();
		this.showCodes = displays.stream().anyMatch(org.kehou.identity.OneTimeCodeDisplay::showOnPage);
	}

	public SendResult send(String phone) {
		return issue(phone, (phoneHash, code) -> {
			Optional<KehouUser> account = accounts.findByPhoneHash(phoneHash).filter(KehouUser::isEnabled);
			account.ifPresent(user -> {
				sms.send(phone, TEMPLATE, code, settings.validity().toMinutes());
				audit.record(AuditLog.Entry.of("login.code-sent", "user", user.id())
					.in(user.scope().townId(), user.scope().schoolId()));
			});
			return new SendResult(SendStatus.SENT, showCodes && account.isPresent() ? code : null);
		});
	}

	/**
	 * Sends a code that proves the phone (e.g. registering a new account): unlike a sign-in code it is sent whether
	 * or not the number has an account. Same storage, validity and resend interval as sign-in codes.
	 */
	public SendResult sendVerification(String phone, String template) {
		return issue(phone, (phoneHash, code) -> {
			sms.send(phone, template, code, settings.validity().toMinutes());
			return new SendResult(SendStatus.SENT, showCodes ? code : null);
		});
	}

	/**
	 * Stores a new code for the number unless one was sent within the resend interval (one code per number per
	 * interval, also under concurrent requests from several nodes), then lets {@code deliver} send it, in the same
	 * transaction.
	 */
	private SendResult issue(String phone, java.util.function.BiFunction<byte[], String, SendResult> deliver) {
		if (!Masking.isMobile(phone)) {
			return new SendResult(SendStatus.INVALID, null);
		}
		byte[] phoneHash = cipher.phoneHash(phone);
		String code = "%06d".formatted(random.nextInt(1_000_000));
		String codeHash = encoder.encode(code);
		SendResult result = tx.execute(s -> {
			jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
				.param("key", lockKey(phoneHash))
				.query(Integer.class)
				.single();
			boolean recent = jdbc.sql("""
					SELECT EXISTS (SELECT 1 FROM one_time_code
					               WHERE phone_hash = :phoneHash AND created_at > now() - :seconds * INTERVAL '1 second')""")
				.param("phoneHash", phoneHash)
				.param("seconds", settings.resendInterval().toSeconds())
				.query(Boolean.class)
				.single();
			if (recent) {
				return new SendResult(SendStatus.TOO_SOON, null);
			}
			jdbc.sql("""
					INSERT INTO one_time_code (phone_hash, code_hash, expires_at)
					VALUES (:phoneHash, :codeHash, now() + :seconds * INTERVAL '1 second')""")
				.param("phoneHash", phoneHash)
				.param("codeHash", codeHash)
				.param("seconds", settings.validity().toSeconds())
				.update();
			return deliver.apply(phoneHash, code);
		});
		return result == null ? new SendResult(SendStatus.INVALID, null) : result;
	}

	/**
	 * Checks a verification code against the newest one issued for the number and uses it up when it matches. Runs
	 * in its own transaction, so a wrong entry counts even when the caller's transaction rolls back.
	 */
	public boolean checkVerification(String phone, String code) {
		if (!Masking.isMobile(phone) || !code.trim().matches("\\d{6}")) {
			return false;
		}
		byte[] phoneHash = cipher.phoneHash(phone);
		TransactionTemplate own = new TransactionTemplate(java.util.Objects.requireNonNull(tx.getTransactionManager()));
		own.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		Boolean ok = own.execute(s -> {
			Optional<Issued> issued = jdbc.sql("""
					UPDATE one_time_code SET attempts = attempts + 1
					WHERE id = (SELECT id FROM one_time_code WHERE phone_hash = :phoneHash AND used_at IS NULL
					            ORDER BY created_at DESC, id DESC LIMIT 1)
					  AND expires_at > now() AND attempts < :max
					RETURNING id, code_hash""")
				.param("phoneHash", phoneHash)
				.param("max", settings.maxAttempts())
				.query(Issued.class)
				.optional();
			return issued.isPresent() && encoder.matches(code.trim(), issued.get().codeHash())
					&& jdbc.sql("UPDATE one_time_code SET used_at = now() WHERE id = :id AND used_at IS NULL")
						.param("id", issued.get().id())
						.update() == 1;
		});
		return Boolean.TRUE.equals(ok);
	}

	/**
	 * Checks the code against the newest one issued for the number and, when it matches, signs the account in.
	 *
	 * @return the account now signed in, empty when the code is wrong, used, expired or exhausted
	 */
	public Optional<KehouUser> verify(String phone, String code, HttpServletRequest request,
			HttpServletResponse response) {
		if (!Masking.isMobile(phone) || !code.trim().matches("\\d{6}")) {
			return Optional.empty();
		}
		byte[] phoneHash = cipher.phoneHash(phone);
		Optional<KehouUser> user = tx.execute(s -> {
			Optional<Issued> issued = jdbc.sql("""
					UPDATE one_time_code SET attempts = attempts + 1
					WHERE id = (SELECT id FROM one_time_code WHERE phone_hash = :phoneHash AND used_at IS NULL
					            ORDER BY created_at DESC, id DESC LIMIT 1)
					  AND expires_at > now() AND attempts < :max
					RETURNING id, code_hash""")
				.param("phoneHash", phoneHash)
				.param("max", settings.maxAttempts())
				.query(Issued.class)
				.optional();
			Optional<KehouUser> account = accounts.findByPhoneHash(phoneHash);
			boolean matches = issued.isPresent() && encoder.matches(code.trim(), issued.get().codeHash())
					&& jdbc.sql("UPDATE one_time_code SET used_at = now() WHERE id = :id AND used_at IS NULL")
						.param("id", issued.get().id())
						.update() == 1;
			if (!matches || account.isEmpty() || !account.get().isEnabled()) {
				account.ifPresent(a -> audit.record(AuditLog.Entry.of("login", "user", a.id())
					.in(a.scope().townId(), a.scope().schoolId())
					.detail("one-time code: " + (issued.isEmpty() ? "no usable code" : "wrong code"))
					.outcome(AuditLog.Outcome.FAILED)));
				return Optional.<KehouUser>empty();
			}
			return account;
		});
		if (user == null || user.isEmpty()) {
			return Optional.empty();
		}
		KehouUser signedIn = user.get();
		sessions.signIn(signedIn, request, response);
		tx.executeWithoutResult(s -> {
			attempts.succeeded(signedIn.id());
			audit.record(AuditLog.Entry.of("login", "user", signedIn.id())
				.in(signedIn.scope().townId(), signedIn.scope().schoolId())
				.detail("one-time code"));
		});
		return user;
	}

	private static long lockKey(byte[] phoneHash) {
		return ByteBuffer.wrap(phoneHash, 0, 8).getLong();
	}
}
