package org.kehou.providers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.notification.SmsChannel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reminders of documents expiring soon: the provider's business licence and school permit, and its active
 * instructors' certificate, no-criminal-record certificate (valid one year from issue) and labour contract. One
 * reminder per document and expiry date (nothing for expelled providers) (a unique key), so raising them again adds nothing; each new one is sent by
 * SMS to the provider's contact. A reminder is shown while the document still expires on that date (renewing the
 * document retires it).
 */
@Service
@Transactional(readOnly = true)
public class ProviderReminders {

	/** The document a reminder is about. */
	public enum Document {
		BUSINESS_LICENCE, SCHOOL_PERMIT, CERTIFICATE, NO_CRIMINAL_RECORD, LABOUR_CONTRACT
	}

	/** One reminder; {@code instructorId}/{@code instructorName} are null for the provider's own documents. */
	public record Reminder(long id, long providerId, @Nullable Long instructorId, @Nullable String instructorName,
			Document document, LocalDate expiresOn, Instant createdAt) {
	}

	static final String SMS_TEMPLATE = "document-expiring";

	/** The expiry date (last valid day) of every document that has one, per provider and instructor. */
	private static final String DOCUMENTS = """
			WITH documents AS (
			  SELECT p.id AS provider_id, CAST(NULL AS BIGINT) AS instructor_id, CAST(NULL AS VARCHAR) AS instructor_name,
			         'BUSINESS_LICENCE' AS document, p.licence_valid_until AS expires_on
			  FROM provider p WHERE p.status <> 'EXPELLED' AND p.licence_valid_until IS NOT NULL
			  UNION ALL
			  SELECT p.id, NULL, NULL, 'SCHOOL_PERMIT', p.permit_valid_until
			  FROM provider p WHERE p.status <> 'EXPELLED' AND p.permit_valid_until IS NOT NULL
			  UNION ALL
			  SELECT i.provider_id, i.id, i.name, 'CERTIFICATE', i.certificate_valid_until
			  FROM instructor i JOIN provider p ON p.id = i.provider_id AND p.status <> 'EXPELLED' WHERE i.active AND i.certificate_valid_until IS NOT NULL
			  UNION ALL
			  SELECT i.provider_id, i.id, i.name, 'NO_CRIMINAL_RECORD',
			         CAST(i.no_criminal_record_on + INTERVAL '1 year' - INTERVAL '1 day' AS DATE)
			  FROM instructor i JOIN provider p ON p.id = i.provider_id AND p.status <> 'EXPELLED' WHERE i.active AND i.no_criminal_record_on IS NOT NULL
			  UNION ALL
			  SELECT i.provider_id, i.id, i.name, 'LABOUR_CONTRACT', i.contract_end
			  FROM instructor i JOIN provider p ON p.id = i.provider_id AND p.status <> 'EXPELLED' WHERE i.active AND i.labour_contract AND i.contract_end IS NOT NULL
			)
			""";

	private final JdbcClient jdbc;

	private final SmsChannel sms;

	private final PersonalDataCipher cipher;

	private final AuditLog audit;

	private final ProvidersProperties properties;

	ProviderReminders(JdbcClient jdbc, SmsChannel sms, PersonalDataCipher cipher, AuditLog audit,
			ProvidersProperties properties) {
		this.jdbc = jdbc;
		this.sms = sms;
		this.cipher = cipher;
		this.audit = audit;
		this.properties = properties;
	}

	/** The current reminders of a provider (documents not renewed since), soonest expiry first. */
	public List<Reminder> list(long providerId) {
		return jdbc.sql(DOCUMENTS + """
				SELECT r.id, r.provider_id, r.instructor_id, d.instructor_name, r.document, r.expires_on, r.created_at
				FROM provider_reminder r JOIN documents d ON d.provider_id = r.provider_id
				  AND d.instructor_id IS NOT DISTINCT FROM r.instructor_id AND d.document = r.document
				  AND d.expires_on = r.expires_on
				WHERE r.provider_id = :provider ORDER BY r.expires_on, r.id""")
			.param("provider", providerId)
			.query((rs, i) -> new Reminder(rs.getLong("id"), rs.getLong("provider_id"),
					rs.getObject("instructor_id", Long.class), rs.getString("instructor_name"),
					Document.valueOf(rs.getString("document")), rs.getObject("expires_on", LocalDate.class),
					rs.getTimestamp("created_at").toInstant()))
			.list();
	}

	/**
	 * Raises a reminder for every document expiring between {@code today} and {@code reminder-days} later that has
	 * none yet, and sends each new one by SMS to the provider's contact.
	 *
	 * @return the reminders raised now
	 */
	@Transactional
	public List<Reminder> raise(LocalDate today) {
		List<Reminder> raised = jdbc.sql(DOCUMENTS + """
				, inserted AS (
				  INSERT INTO provider_reminder (provider_id, instructor_id, document, expires_on)
				  SELECT provider_id, instructor_id, document, expires_on FROM documents
				  WHERE expires_on BETWEEN :today AND :until
				  ON CONFLICT ON CONSTRAINT provider_reminder_once DO NOTHING
				  RETURNING id, provider_id, instructor_id, document, expires_on, created_at)
				SELECT n.*, i.name AS instructor_name FROM inserted n LEFT JOIN instructor i ON i.id = n.instructor_id
				ORDER BY n.provider_id, n.expires_on, n.id""")
			.param("today", today)
			.param("until", today.plusDays(properties.days()))
			.query((rs, i) -> new Reminder(rs.getLong("id"), rs.getLong("provider_id"),
					rs.getObject("instructor_id", Long.class), rs.getString("instructor_name"),
					Document.valueOf(rs.getString("document")), rs.getObject("expires_on", LocalDate.class),
					rs.getTimestamp("created_at").toInstant()))
			.list();
		for (Reminder r : raised) {
			audit.record(AuditLog.Entry.of("provider.reminder", "provider", r.providerId())
				.detail(r.document() + (r.instructorName() == null ? "" : " " + r.instructorName()) + " expires on "
						+ r.expiresOn()));
			byte[] phone = jdbc.sql("SELECT contact_phone_enc FROM provider WHERE id = :id")
				.param("id", r.providerId())
				.query(byte[].class)
				.optional()
				.orElse(null);
			if (phone != null) {
				sms.send(cipher.decrypt(phone), SMS_TEMPLATE, Map.of("document", label(r.document()), "instructor",
						r.instructorName() == null ? "" : r.instructorName(), "date", r.expiresOn().toString()));
			}
		}
		return raised;
	}

	/** The document's Chinese name for the SMS template (templates are registered in Chinese). */
	static String label(Document document) {
		return switch (document) {
			case BUSINESS_LICENCE -> "营业执照";
			case SCHOOL_PERMIT -> "办学许可证";
			case CERTIFICATE -> "教师资格证书";
			case NO_CRIMINAL_RECORD -> "无犯罪记录证明";
			case LABOUR_CONTRACT -> "劳动合同";
		};
	}
}
