package org.kehou.providers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.providers.internal.DocumentStorage;
import org.kehou.providers.internal.DocumentsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Instructors' photos: JPEG or PNG recognised by their content ({@link ProviderDocuments#detectType}; a PDF or a
 * renamed file is refused), up to {@code kehou.providers.documents.max-photo-size}, at most one per instructor. Same
 * order as the documents: the file is stored first (temporary name, then moved atomically), then the row and its
 * audit entry in one transaction; the new file is deleted when that transaction fails, and a replaced photo's old
 * file is deleted after the commit. Uploads, replacements and deletions are audited
 * ({@code instructor.photo.upload|delete}); views are not.
 */
@Service
public class InstructorPhotos {

	private static final Logger log = LoggerFactory.getLogger(InstructorPhotos.class);

	private static final Set<String> TYPES = Set.of("image/jpeg", "image/png");

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final DocumentStorage storage;

	private final DocumentsProperties properties;

	private final MessageSource messages;

	private final TransactionTemplate transactions;

	InstructorPhotos(JdbcClient jdbc, AuditLog audit, DocumentStorage storage, DocumentsProperties properties,
			MessageSource messages, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.storage = storage;
		this.properties = properties;
		this.messages = messages;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	public Optional<InstructorPhoto> find(long instructorId) {
		return jdbc.sql("""
				SELECT instructor_id, content_type, size_bytes, sha256, uploaded_at FROM instructor_photo
				WHERE instructor_id = :id""")
			.param("id", instructorId)
			.query((rs, i) -> new InstructorPhoto(rs.getLong("instructor_id"), rs.getString("content_type"),
					rs.getLong("size_bytes"), rs.getString("sha256"), rs.getTimestamp("uploaded_at").toInstant()))
			.optional();
	}

	/**
	 * Stores or replaces the instructor's photo.
	 *
	 * @throws IllegalArgumentException for an empty, too large or not JPEG/PNG file (localised message) or an unknown
	 * instructor
	 */
	public InstructorPhoto upload(long instructorId, byte[] content) {
		if (content.length == 0) {
			throw new IllegalArgumentException(text("providers.photo.empty"));
		}
		long limit = properties.photoLimit().toBytes();
		if (content.length > limit) {
			throw new IllegalArgumentException(text("providers.photo.too-large", ProviderDocuments.describe(limit)));
		}
		String type = ProviderDocuments.detectType(content)
			.filter(TYPES::contains)
			.orElseThrow(() -> new IllegalArgumentException(text("providers.photo.wrong-type")));
		String key = "instructors/" + instructorId + "/" + UUID.randomUUID();
		try {
			storage.put(key, new ByteArrayInputStream(content));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		String sha256 = ProviderDocuments.sha256(content);
		@Nullable String replaced;
		try {
			replaced = transactions.execute(status -> {
				lock(instructorId);
				@Nullable String old = jdbc.sql("SELECT storage_key FROM instructor_photo WHERE instructor_id = :id")
					.param("id", instructorId)
					.query(String.class)
					.optional()
					.orElse(null);
				KehouUser user = CurrentUser.find().orElse(null);
				jdbc.sql("""
						INSERT INTO instructor_photo (instructor_id, content_type, size_bytes, sha256, storage_key, uploaded_by)
						VALUES (:id, :type, :size, :sha, :key, :by)
						ON CONFLICT (instructor_id) DO UPDATE SET content_type = EXCLUDED.content_type,
						  size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256, storage_key = EXCLUDED.storage_key,
						  uploaded_by = EXCLUDED.uploaded_by, uploaded_at = now()""")
					.param("id", instructorId)
					.param("type", type)
					.param("size", content.length)
					.param("sha", sha256)
					.param("key", key)
					.param("by", user == null ? null : user.id())
					.update();
				audit.record(AuditLog.Entry.of("instructor.photo.upload", "instructor", instructorId)
					.detail((old == null ? "" : "replaced, ") + type + ", " + content.length + " bytes, sha256 " + sha256));
				return old;
			});
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
		if (replaced != null) {
			remove(replaced);
		}
		return find(instructorId).orElseThrow();
	}

	/** Deletes the instructor's photo: the row (audited) first, then the file. False when there is none. */
	public boolean delete(long instructorId) {
		@Nullable String key = transactions.execute(status -> {
			lock(instructorId);
			@Nullable String storageKey = jdbc
				.sql("DELETE FROM instructor_photo WHERE instructor_id = :id RETURNING storage_key")
				.param("id", instructorId)
				.query(String.class)
				.optional()
				.orElse(null);
			if (storageKey != null) {
				audit.record(AuditLog.Entry.of("instructor.photo.delete", "instructor", instructorId));
			}
			return storageKey;
		});
		if (key == null) {
			return false;
		}
		remove(key);
		return true;
	}

	/** The photo's bytes (small: at most the photo limit), not audited. */
	public byte[] content(InstructorPhoto photo) {
		String key = jdbc.sql("SELECT storage_key FROM instructor_photo WHERE instructor_id = :id")
			.param("id", photo.instructorId())
			.query(String.class)
			.single();
		try (InputStream in = storage.get(key)) {
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The size limit in words: "2 MB". */
	public String limit() {
		return ProviderDocuments.describe(properties.photoLimit().toBytes());
	}

	private void lock(long instructorId) {
		jdbc.sql("SELECT id FROM instructor WHERE id = :id FOR UPDATE")
			.param("id", instructorId)
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("no instructor " + instructorId));
	}

	/** Removes a file no row refers to any more; a failure leaves only an unreferenced file, so it is logged. */
	private void remove(String key) {
		try {
			storage.delete(Objects.requireNonNull(key));
		}
		catch (IOException | RuntimeException e) {
			log.warn("Could not delete the unreferenced photo file {}", key, e);
		}
	}

	private String text(String key, Object... arguments) {
		return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}
}
