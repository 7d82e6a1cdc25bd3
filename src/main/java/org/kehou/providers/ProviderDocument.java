package org.kehou.providers;

import java.time.Instant;

/** A provider's uploaded document (metadata; the bytes come from {@link ProviderDocuments#content}). */
public record ProviderDocument(long id, long providerId, DocumentKind kind, String originalName, String contentType,
		long size, String sha256, Instant uploadedAt) {
}
