package org.kehou.providers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.providers.internal.DocumentStorage;
import org.kehou.providers.internal.DocumentsProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Providers' qualification documents: PDF, JPEG or PNG recognised by their content (never by name or declared
 * type), up to {@code kehou.providers.documents.max-size}. The file is stored first (under a temporary name, then
 * moved atomically); the row and its audit entry are then written in one transaction, and the file is deleted again
 * when that transaction fails. A crash between the two leaves at most an unreferenced file, never a row without its
 * file.
 */
@Service
public class ProviderDocuments {

	private static final String SELECT = """
			SELECT id, provider_id, kind, original_name, content_type, size_bytes, sha256, uploaded_at
			FROM provider_document""";

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final DocumentStorage storage;

	private final DocumentsProperties properties;

	private final MessageSource messages;

	private final TransactionTemplate transactions;

	ProviderDocuments(JdbcClient jdbc, AuditLog audit, DocumentStorage storage, DocumentsProperties properties,
			MessageSource messages, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.storage = storage;
		this.properties = properties;
		this.messages = messages;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/** The content type the bytes show, or empty when they are not a PDF, JPEG or PNG. */
	public static Optional<String> detectType(byte[] content) {
		if (startsWith(content, new byte[] { '%', 'P', 'D', 'F', '-' })) {
			return Optional.of("application/pdf");
		}
		if (startsWith(content, new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF })) {
			return Optional.of("image/jpeg");
		}
		if (startsWith(content, new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A })) {
			return Optional.of("image/png");
		}
		return Optional.empty();
	}

	public List<ProviderDocument> list(long providerId) {
		return jdbc.sql(SELECT + " WHERE provider_id = :p ORDER BY uploaded_at DESC, id DESC")
			.param("p", providerId)
			.query((rs, i) -> document(rs))
			.list();
	}

	public Optional<ProviderDocument> find(long documentId) {
		return jdbc.sql(SELECT + " WHERE id = :id").param("id", documentId).query((rs, i) -> document(rs)).optional();
	}

	/**
	 * Stores a document of a provider that is drafting or correcting its application.
	 *
	 * @throws IllegalArgumentException for an empty, too large or not PDF/JPEG/PNG file (localised message)
	 * @throws IllegalStateException when the application is not editable
	 */
	public ProviderDocument upload(long providerId, DocumentKind kind, String originalName, byte[] content) {
		requireEditable(providerId);
		if (content.length == 0) {
			throw new IllegalArgumentException(text("providers.documents.empty"));
		}
		long limit = properties.limit().toBytes();
		if (content.length > limit) {
			throw new IllegalArgumentException(text("providers.documents.too-large", describe(limit)));
		}
		String type = detectType(content)
			.orElseThrow(() -> new IllegalArgumentException(text("providers.documents.wrong-type")));
		String key = providerId + "/" + UUID.randomUUID();
		try {
			storage.put(key, new ByteArrayInputStream(content));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		String name = cleanName(originalName);
		String sha256 = sha256(content);
		try {
			Long id = transactions.execute(status -> {
				requireEditable(providerId);
				KehouUser user = CurrentUser.find().orElse(null);
				long documentId = jdbc.sql("""
						INSERT INTO provider_document (provider_id, kind, original_name, content_type, size_bytes, sha256,
						                               storage_key, uploaded_by)
						VALUES (:p, :kind, :name, :type, :size, :sha, :key, :by) RETURNING id""")
					.param("p", providerId)
					.param("kind", kind.name())
					.param("name", name)
					.param("type", type)
					.param("size", content.length)
					.param("sha", sha256)
					.param("key", key)
					.param("by", user == null ? null : user.id())
					.query(Long.class)
					.single();
				audit.record(AuditLog.Entry.of("provider.document.upload", "provider_document", documentId)
					.detail("provider " + providerId + ", " + kind + ", " + name + ", sha256 " + sha256));
				return documentId;
			});
			return find(java.util.Objects.requireNonNull(id)).orElseThrow();
		}
		catch (RuntimeException e) {
			try {
				storage.delete(key);
			}
			catch (IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			throw e;
		}
	}

	/** Deletes a document while the application is editable; the file goes after the row is gone. */
	public void delete(long documentId) {
		ProviderDocument document = find(documentId).orElseThrow(() -> new IllegalArgumentException("unknown document"));
		String key = transactions.execute(status -> {
			requireEditable(document.providerId());
			String storageKey = jdbc.sql("DELETE FROM provider_document WHERE id = :id RETURNING storage_key")
				.param("id", documentId)
				.query(String.class)
				.single();
			audit.record(AuditLog.Entry.of("provider.document.delete", "provider_document", documentId)
				.detail("provider " + document.providerId() + ", " + document.kind() + ", " + document.originalName()));
			return storageKey;
		});
		try {
			storage.delete(java.util.Objects.requireNonNull(key));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Opens a document's bytes for download (audited). */
	public InputStream content(ProviderDocument document) {
		String key = jdbc.sql("SELECT storage_key FROM provider_document WHERE id = :id")
			.param("id", document.id())
			.query(String.class)
			.single();
		transactions.executeWithoutResult(status -> audit.record(
				AuditLog.Entry.of("provider.document.download", "provider_document", document.id())
					.detail("provider " + document.providerId() + ", " + document.originalName())));
		try {
			return storage.get(key);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The limit in words: "10 MB", "512 KB". */
	public static String describe(long bytes) {
		if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
			return bytes / (1024 * 1024) + " MB";
		}
		if (bytes >= 1024 && bytes % 1024 == 0) {
			return bytes / 1024 + " KB";
		}
		return bytes + " B";
	}

	public String limit() {
		return describe(properties.limit().toBytes());
	}

	private void requireEditable(long providerId) {
		String status = jdbc.sql("SELECT status FROM provider WHERE id = :id")
			.param("id", providerId)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("unknown provider " + providerId));
		boolean annualReviewOpen = ProviderStatus.valueOf(status) == ProviderStatus.APPROVED && jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM provider_town_admission WHERE provider_id = :id AND renewal = 'OPEN')""")
			.param("id", providerId)
			.query(Boolean.class)
			.single();
		if (!ProviderStatus.valueOf(status).editable() && !annualReviewOpen) {
			throw new IllegalStateException(
					"documents change only while the application is drafted, corrected or under annual review");
		}
	}

	private String text(String key, Object... arguments) {
		return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}

	private static String cleanName(String name) {
		String base = name.replace('\\', '/');
		base = base.substring(base.lastIndexOf('/') + 1).strip();
		base = base.replaceAll("[\\p{Cntrl}\"]", "");
		if (base.isEmpty()) {
			base = "document";
		}
		return base.length() > 255 ? base.substring(base.length() - 255) : base;
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static boolean startsWith(byte[] content, byte[] prefix) {
		if (content.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (content[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static ProviderDocument document(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new ProviderDocument(rs.getLong("id"), rs.getLong("provider_id"), DocumentKind.valueOf(rs.getString("kind")),
				rs.getString("original_name"), rs.getString("content_type"), rs.getLong("size_bytes"),
				rs.getString("sha256"), rs.getTimestamp("uploaded_at").toInstant());
	}
}
