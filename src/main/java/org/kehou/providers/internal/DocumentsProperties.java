package org.kehou.providers.internal;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code kehou.providers.documents.*}: the directory of the local-disk storage, the largest accepted document
 * ({@code max-size}, default 10 MB) and the largest accepted instructor photo ({@code max-photo-size}, default 2 MB).
 */
@ConfigurationProperties("kehou.providers.documents")
public record DocumentsProperties(@Nullable Path directory, @Nullable DataSize maxSize,
		@Nullable DataSize maxPhotoSize) {

	public DocumentsProperties {
		directory = directory == null ? Path.of("./data/documents") : directory;
		maxSize = maxSize == null ? DataSize.ofMegabytes(10) : maxSize;
		maxPhotoSize = maxPhotoSize == null ? DataSize.ofMegabytes(2) : maxPhotoSize;
	}

	public Path dir() {
		return java.util.Objects.requireNonNull(directory);
	}

	public DataSize limit() {
		return java.util.Objects.requireNonNull(maxSize);
	}

	public DataSize photoLimit() {
		return java.util.Objects.requireNonNull(maxPhotoSize);
	}
}
