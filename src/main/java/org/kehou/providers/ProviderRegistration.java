package org.kehou.providers;

import org.kehou.identity.AccountDirectory;
import org.kehou.identity.AuditLog;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.PhoneVerification;
import org.kehou.shared.Masking;
import org.kehou.shared.UnifiedSocialCreditCode;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An institution registers itself (机构入驻): its provider (a {@code DRAFT} application with its legal name, credit
 * code and contact) and its administrator's account (signs in with the verified mobile number and the chosen
 * password) are created in one transaction; the administrator then signs in and completes the application.
 */
@Service
public class ProviderRegistration {

	/** The SMS template of the registration code (parameters {@code code}, {@code minutes}). */
	public static final String SMS_TEMPLATE = "register-code";

	/** What the registration form states. */
	public record Request(String legalName, String creditCode, String contactName, String phone, String password,
			String code) {
	}

	/** A refusal with the message key to show (providers or identity bundle). */
	public static class Refused extends RuntimeException {

		private final String messageKey;

		public Refused(String messageKey) {
			super(messageKey);
			this.messageKey = messageKey;
		}

		public String messageKey() {
			return messageKey;
		}
	}

	private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

	private final AccountDirectory accounts;

	private final PhoneVerification verification;

	private final PersonalDataCipher cipher;

	private final AuditLog audit;

	ProviderRegistration(org.springframework.jdbc.core.simple.JdbcClient jdbc, AccountDirectory accounts,
			PhoneVerification verification, PersonalDataCipher cipher, AuditLog audit) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.verification = verification;
		this.cipher = cipher;
		this.audit = audit;
	}

	/** Sends the code that proves the phone (limited per number and per client address). */
	public PhoneVerification.Sent sendCode(String phone, String clientAddress) {
		return verification.send(phone, SMS_TEMPLATE, clientAddress);
	}

	/**
	 * Registers the institution. The cheap checks come first; the code is checked (and used up) last, in its own
	 * transaction, so a wrong code counts against its attempts.
	 *
	 * @return the new provider's id
	 * @throws Refused with the message key of the reason: invalid credit code or phone, a password rule, the credit
	 *     code or the phone already registered, a wrong or expired code
	 */
	@Transactional
	public long register(Request request) {
		String code = UnifiedSocialCreditCode.normalise(request.creditCode());
		String phone = request.phone().trim();
		if (!UnifiedSocialCreditCode.isValid(code)) {
			throw new Refused("providers.validation.creditCode");
		}
		if (!Masking.isMobile(phone)) {
			throw new Refused("providers.validation.phone");
		}
		accounts.passwordProblem(request.password()).ifPresent(key -> {
			throw new Refused(key);
		});
		if (creditCodeTaken(code)) {
			throw new Refused("providers.register.error.creditCodeTaken");
		}
		if (accounts.phoneTaken(phone)) {
			throw new Refused("providers.register.error.phoneTaken");
		}
		if (!verification.verify(phone, request.code())) {
			throw new Refused("providers.register.error.code");
		}
		String normalised = Masking.normalisePhone(phone);
		long providerId;
		try {
			providerId = jdbc.sql("""
					INSERT INTO provider (legal_name, credit_code, contact_name, contact_phone_enc, contact_phone_hash,
					                      contact_phone_masked)
					VALUES (:legalName, :code, :contactName, :enc, :hash, :masked) RETURNING id""")
				.param("legalName", request.legalName().strip())
				.param("code", code)
				.param("contactName", request.contactName().strip())
				.param("enc", cipher.encrypt(normalised))
				.param("hash", cipher.phoneHash(normalised))
				.param("masked", Masking.phone(normalised))
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			// registered at the same moment by somebody else: the unique credit code decides
			throw new Refused("providers.register.error.creditCodeTaken");
		}
		long userId;
		try {
			userId = accounts.createProviderAdmin(providerId, normalised, request.contactName().strip(),
					request.password());
		}
		catch (IllegalStateException e) {
			throw new Refused("providers.register.error.phoneTaken");
		}
		audit.record(AuditLog.Entry.of("provider.register", "provider", providerId)
			.detail(request.legalName().strip() + " " + code + ", account " + userId));
		return providerId;
	}

	private boolean creditCodeTaken(String code) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM provider WHERE credit_code = :code)")
			.param("code", code)
			.query(Boolean.class)
			.single();
	}
}
